package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wazuh's ruleset ({@code ../shared/rulesets/wazuh}, loaded as Wazuh loads it): what is skipped stays within a
 * ceiling that only goes down, and realistic lines of each family end on the rule Wazuh gives them.
 */
class WazuhRulesetTest {
    static final Path WAZUH = Path.of("..", "..", "shared", "rulesets", "wazuh");
    /** Lower this as support grows; never raise it. */
    private static final int MOST_SKIPPED = 1;

    private static Ruleset set;

    @BeforeAll
    static void load() throws Exception {
        set = Ruleset.load(WAZUH.resolve("decoders"), WAZUH.resolve("rules"),
                Ruleset.Options.LENIENT.withLists(WAZUH.resolve("lists")));
    }

    private static Analyzer analyzer() {
        return new Analyzer(set, InstantSource.fixed(Instant.parse("2020-03-24T15:38:42Z")), ZoneOffset.UTC, "vigil");
    }

    @Test
    void theWholeSetLoadsWithWhatCannotBeUsedSkippedAndReported() {
        assertThat(set.dialect()).isEqualTo(Ruleset.Dialect.WAZUH);
        assertThat(set.ruleCount()).isGreaterThan(4400);
        assertThat(set.skipped()).hasSizeLessThanOrEqualTo(MOST_SKIPPED)
                .allSatisfy(p -> assertThat(p).matches("[0-9A-Za-z_.-]+\\.xml:\\d+: .+"));
        // 0215-policy_rules.xml is left out, as Wazuh's default configuration does.
        assertThat(set.skipped()).noneMatch(p -> p.startsWith("0215-policy_rules.xml"));
    }

    @Test
    void aSuccessfulSshLoginIsRule5715AtLevel3WithItsMitreTechniques() {
        Verdict v = analyzer().analyze("Dec  2 01:02:37 shop sshd[4100]: Accepted password for deploy from 203.0.113.5 port 50123 ssh2", "stdin");
        assertThat(v.decoder()).isEqualTo("sshd");
        assertThat(v.rule()).isEqualTo(5715);
        assertThat(v.level()).isEqualTo(3);
        assertThat(v.mitre()).containsExactly("T1078", "T1021");
        // Wazuh's pre-decoder also takes prog[pid]: with the message right after the colon.
        Verdict tight = analyzer().analyze("Dec  2 01:02:37 shop sshd[4100]:Accepted password for deploy from 203.0.113.5 port 50123 ssh2", "stdin");
        assertThat(tight.decoder()).isEqualTo("sshd");
        assertThat(tight.rule()).isEqualTo(5715);
    }

    @Test
    void eightFailedPasswordsInIso8601SyslogFormEndOnTheBruteForceRuleOnTheEighth() {
        Analyzer a = analyzer();
        String line = "2020-03-24 08:38:42.344447-0700  localhost sshd[2519]: Failed password for user from 172.18.1.100 port 43042 ssh2";
        for (int i = 1; i <= 7; i++) {
            Verdict v = a.analyze(line, "stdin");
            assertThat(v.rule()).as("line %d", i).isEqualTo(5760);
            assertThat(v.fields()).containsEntry("hostname", "localhost").containsEntry("srcip", "172.18.1.100");
        }
        Verdict eighth = a.analyze(line, "stdin");
        assertThat(eighth.rule()).isEqualTo(5763);
        assertThat(eighth.level()).isEqualTo(10);
        assertThat(eighth.decoder()).isEqualTo("sshd");
    }

    @Test
    void aJsonLineIsDecodedIntoDottedFieldsAndJudgedByTheJsonRules() {
        Verdict v = analyzer().analyze("{\"integration\": \"gcp\", \"gcp\": {\"bucket\": \"bucket_name\", \"storage_byte_hours\": \"15674\"}}", "stdin");
        assertThat(v.decoder()).isEqualTo("json");
        assertThat(v.rule()).isEqualTo(65075);
        assertThat(v.level()).isEqualTo(2);
        assertThat(v.fields()).containsEntry("gcp.bucket", "bucket_name");
    }

    @Test
    void aWindowsEventChannelEventAsTheAgentSendsItReachesTheWindowsRules() {
        String event = "{\"win\":{\"system\":{\"providerName\":\"Microsoft-Windows-Security-Auditing\",\"eventID\":\"4625\","
                + "\"level\":\"0\",\"channel\":\"Security\",\"computer\":\"DC01\",\"severityValue\":\"AUDIT_FAILURE\","
                + "\"message\":\"An account failed to log on.\"},\"eventdata\":{\"targetUserName\":\"administrator\","
                + "\"ipAddress\":\"203.0.113.9\",\"logonType\":\"3\",\"status\":\"0xc000006d\",\"subStatus\":\"0xc000006a\"}}}";
        Verdict v = analyzer().analyze(event, "EventChannel");
        assertThat(v.decoder()).isEqualTo("windows_eventchannel");
        assertThat(v.fields()).containsEntry("win.system.eventID", "4625");
        assertThat(v.rule()).isNotNull();
        assertThat(v.groups()).contains("authentication_failed");
    }

    @Test
    void suricataEveJsonAlertsAreJudged() {
        String eve = "{\"timestamp\":\"2024-01-10T10:00:00.000000+0000\",\"event_type\":\"alert\",\"src_ip\":\"203.0.113.7\","
                + "\"src_port\":51515,\"dest_ip\":\"192.0.2.10\",\"dest_port\":80,\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\","
                + "\"gid\":1,\"signature_id\":2100498,\"rev\":7,\"signature\":\"GPL ATTACK_RESPONSE id check returned root\","
                + "\"category\":\"Potentially Bad Traffic\",\"severity\":2}}";
        Verdict v = analyzer().analyze(eve, "/var/log/suricata/eve.json");
        assertThat(v.decoder()).isEqualTo("json");
        assertThat(v.fields()).containsEntry("alert.signature_id", "2100498").containsEntry("src_port", "51515");
        assertThat(v.groups()).contains("ids", "suricata");
    }

    @Test
    void anAuditdLineIsDecodedWithItsDynamicFields() {
        Verdict v = analyzer().analyze("type=USER_AUTH msg=audit(1585052322.123:456): pid=2519 uid=0 auid=4294967295 ses=4294967295 "
                + "msg='op=PAM:authentication grantors=? acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=172.18.1.100 "
                + "addr=172.18.1.100 terminal=ssh res=failed'", "/var/log/audit/audit.log");
        assertThat(v.decoder()).isEqualTo("auditd");
        assertThat(v.fields()).containsKey("audit.type");
        assertThat(List.of(v.fields().get("audit.type"))).containsExactly("USER_AUTH");
    }

    @Test
    void decoderPatternsWithTypePcre2AreReadAsPcre2AndTheirGroupsKeepTheirPlaces() {
        // sshd-disconnect's <prematch type="pcre2"> has (?:...) groups, which os_regex would read literally.
        Verdict bye = analyzer().analyze("2020-03-24 08:38:47.230409-0700  localhost sshd[2531]: Disconnected from invalid user "
                + "root 172.18.1.100 port 43042", "/var/log/auth.log");
        assertThat(bye.decoder()).isEqualTo("sshd");
        assertThat(bye.fields()).containsEntry("srcuser", "root").containsEntry("srcip", "172.18.1.100").containsEntry("srcport", "43042");
        // Cisco FTD's regex starts with an optional header group that this line does not have: the next groups
        // still fill product.name, event.severity and event.id, as Wazuh's PCRE2 glue fills them.
        Verdict ftd = analyzer().analyze("%FTD-4-711004: Task ran for 435 msec, Process = DATAPATH-0-1879, PC = 0, "
                + "Call stack = 0x090b0155", "/var/log/ftd.log");
        assertThat(ftd.decoder()).isEqualTo("cisco-ftd");
        assertThat(ftd.fields()).doesNotContainKey("header").containsEntry("product.name", "FTD").containsEntry("event.severity", "4")
                .containsEntry("event.id", "711004").containsEntry("process", "DATAPATH-0-1879");
        assertThat(ftd.rule()).isEqualTo(91504);
    }

    @Test
    void macOsUnifiedLogLinesInSyslogStyleReachTheMacOsRulesWithFieldsInTheDescription() {
        Verdict login = analyzer().analyze("2021-04-21 10:16:44.437041-0700  localhost loginwindow[98]: "
                + "[com.apple.loginwindow.logging:Standard] -[SessionAgentNotificationCenter sendBSDNotification:forUser:] | "
                + "com.apple.sessionDidLogin, with userID:501", "macos");
        assertThat(login.decoder()).isEqualTo("macOS_loginwindow");
        assertThat(login.fields()).containsEntry("hostname", "localhost").containsEntry("userID", "501");
        assertThat(login.rule()).isEqualTo(89605);
        Verdict vnc = analyzer().analyze("2021-04-21 10:17:01.000000-0700  localhost screensharingd[123]: Authentication: FAILED :: "
                + "User Name: admin :: Viewer Address: 192.168.1.20 :: Type: DH", "macos");
        assertThat(vnc.rule()).isEqualTo(89606);
        assertThat(vnc.description()).isEqualTo("Attempt to connect to screen sharing with username admin from 192.168.1.20 failed.");
    }
}
