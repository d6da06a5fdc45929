package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each construct Wazuh's format adds, on a small ruleset written for it, in the layout Wazuh's set uses. */
class WazuhFormatTest {
    @TempDir
    Path dir;

    private static final String DECODERS = """
            <decoder name="json">
              <prematch>^{\\s*"</prematch>
              <plugin_decoder>JSON_Decoder</plugin_decoder>
            </decoder>
            <decoder name="app">
              <program_name>^app</program_name>
            </decoder>
            <decoder name="app-fields">
              <parent>app</parent>
              <regex>^(\\S+) user=(\\S+) from=(\\S+)</regex>
              <order>app.verb, user, srcip</order>
            </decoder>
            """;

    private Analyzer load(String rules, Ruleset.Dialect dialect) throws Exception {
        Files.writeString(dir.resolve("decoders.xml"), DECODERS);
        Path rulesDir = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rulesDir.resolve("0010-rules_config.xml"), """
                <group name="syslog,"><rule id="1" level="0" noalert="1"><category>syslog</category></rule></group>
                """);
        Files.writeString(rulesDir.resolve("0020-test.xml"), "<group name=\"test,\">\n" + rules + "</group>\n");
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("bad-ips"), "203.0.113.66:\n198.51.100.:scanner net\n");
        Files.writeString(lists.resolve("audit-keys"), "audit-wazuh-w:write\naudit-wazuh-r:read\n");
        Ruleset set = Ruleset.load(dir.resolve("decoders.xml"), rulesDir,
                new Ruleset.Options(true, Ruleset.Options.WAZUH_EXCLUDED, dialect, null));
        return new Analyzer(set, InstantSource.fixed(Instant.parse("2026-12-02T01:00:00Z")), ZoneOffset.UTC, "vigil");
    }

    private static String app(String action, String user, String ip) {
        return "Dec  2 01:00:00 shop app[1]: " + action + " user=" + user + " from=" + ip;
    }

    @Test
    void dynamicFieldsFromTheOrderAreMatchedByFieldWithEachPatternTypeAndNegate() throws Exception {
        Analyzer a = load("""
                <rule id="100" level="3"><decoded_as>app</decoded_as><description>app</description></rule>
                <rule id="101" level="5"><if_sid>100</if_sid><field name="app.verb">^login$</field>
                  <field name="user" type="pcre2">^Admin$</field><description>Admin (exact case)</description></rule>
                <rule id="102" level="4"><if_sid>100</if_sid><field name="app.verb" type="osmatch">login</field>
                  <field name="user" negate="yes">^root$</field><description>a login, not root</description></rule>
                """, null);
        assertThat(a.analyze(app("login", "Admin", "192.0.2.1"), "x").rule()).isEqualTo(101);
        // PCRE2 is case-sensitive in Wazuh's reading: "admin" is not "Admin".
        assertThat(a.analyze(app("login", "admin", "192.0.2.1"), "x").rule()).isEqualTo(102);
        assertThat(a.analyze(app("login", "root", "192.0.2.1"), "x").rule()).isEqualTo(100);
        assertThat(a.analyze(app("logout", "Admin", "192.0.2.1"), "x").fields())
                .containsEntry("app.verb", "logout").containsEntry("dstuser", "Admin").containsEntry("srcip", "192.0.2.1");
    }

    @Test
    void typeAndNegateWorkOnMatchRegexAndNamedFieldsToo() throws Exception {
        Analyzer a = load("""
                <rule id="100" level="3"><decoded_as>app</decoded_as><description>app</description></rule>
                <rule id="140" level="6"><if_sid>100</if_sid><match negate="yes">from=192.0.2.</match>
                  <user type="pcre2">^B</user><description>B-users from outside 192.0.2.0/24</description></rule>
                <rule id="141" level="5"><if_sid>100</if_sid><regex type="pcre2">user=\\w+ from=10\\.</regex>
                  <description>from 10/8</description></rule>
                """, null);
        assertThat(a.analyze(app("login", "Bob", "203.0.113.1"), "x").rule()).isEqualTo(140);
        assertThat(a.analyze(app("login", "Bob", "192.0.2.1"), "x").rule()).as("negated match").isEqualTo(100);
        assertThat(a.analyze(app("login", "bob", "203.0.113.1"), "x").rule()).as("case-sensitive pcre2").isEqualTo(100);
        assertThat(a.analyze(app("login", "carol", "10.1.2.3"), "x").rule()).isEqualTo(141);
    }

    @Test
    void infoMitreAndOptionsAreKeptWithTheVerdict() throws Exception {
        Analyzer a = load("""
                <rule id="100" level="3"><decoded_as>app</decoded_as><description>app</description></rule>
                <rule id="150" level="12"><if_sid>100</if_sid><match>crc32 attack</match>
                  <info type="cve">2001-0144</info><info type="link">https://example.org/bid/2347</info>
                  <info>Upgrade the server.</info><options>no_full_log,alert_by_email</options>
                  <mitre><id>T1190</id></mitre><description>crc32 compensation attack</description></rule>
                """, null);
        Verdict v = a.analyze(app("crc32 attack", "root", "192.0.2.1"), "x");
        assertThat(v.rule()).isEqualTo(150);
        assertThat(v.info()).containsExactly("cve: 2001-0144", "link: https://example.org/bid/2347", "Upgrade the server.");
        assertThat(v.options()).containsExactly("no_full_log", "alert_by_email");
        assertThat(v.mitre()).containsExactly("T1190");
        assertThat(a.analyze(app("login", "root", "192.0.2.1"), "x").info()).isEmpty();
    }

    @Test
    void protocolSystemNameAndDataAreFieldTestsOnTheirFields() throws Exception {
        Analyzer a = load("""
                <rule id="100" level="3"><decoded_as>json</decoded_as><description>json</description></rule>
                <rule id="160" level="6"><if_sid>100</if_sid><protocol>tcp</protocol><system_name>^web</system_name>
                  <data>upload</data><description>a tcp upload on a web host</description></rule>
                <rule id="161" level="5"><if_sid>100</if_sid><protocol negate="yes">tcp</protocol>
                  <description>not tcp</description></rule>
                """, null);
        assertThat(a.analyze("{\"protocol\": \"tcp\", \"system_name\": \"web1\", \"data\": \"big upload\"}", "x").rule()).isEqualTo(160);
        assertThat(a.analyze("{\"protocol\": \"udp\", \"system_name\": \"web1\", \"data\": \"big upload\"}", "x").rule()).isEqualTo(161);
        // Without the field, neither the plain test nor its negation passes (as Wazuh).
        assertThat(a.analyze("{\"system_name\": \"web1\"}", "x").rule()).isEqualTo(100);
    }

    @Test
    void cdbListsAreLookedUpByKeyByAddressOrNetworkAndByValue() throws Exception {
        Analyzer a = load("""
                <rule id="100" level="3"><decoded_as>app</decoded_as><description>app</description></rule>
                <rule id="110" level="10"><if_sid>100</if_sid><list field="srcip" lookup="address_match_key">etc/lists/bad-ips</list>
                  <description>from a known bad address</description></rule>
                <rule id="111" level="6"><if_sid>100</if_sid><list field="app.verb" lookup="match_key_value" check_value="write">etc/lists/audit-keys</list>
                  <description>a watched write</description></rule>
                <rule id="112" level="2"><if_sid>100</if_sid><list field="srcip" lookup="not_address_match_key">etc/lists/bad-ips</list>
                  <description>from anywhere else</description></rule>
                """, null);
        assertThat(a.analyze(app("login", "bob", "203.0.113.66"), "x").rule()).isEqualTo(110);
        assertThat(a.analyze(app("login", "bob", "198.51.100.23"), "x").rule()).as("a network key").isEqualTo(110);
        assertThat(a.analyze(app("audit-wazuh-w", "bob", "192.0.2.1"), "x").rule()).isEqualTo(111);
        assertThat(a.analyze(app("audit-wazuh-r", "bob", "192.0.2.1"), "x").rule()).isEqualTo(112);
    }

    @Test
    void frequencyFiresOnTheNthEventForWazuhAndTheNPlusSecondForOssec() throws Exception {
        String rules = """
                <rule id="100" level="3"><decoded_as>app</decoded_as><description>app</description></rule>
                <rule id="120" level="10" frequency="4" timeframe="60"><if_matched_sid>100</if_matched_sid>
                  <same_field>app.verb</same_field><description>the same action again and again</description></rule>
                """;
        for (var dialect : Ruleset.Dialect.values()) {
            Analyzer a = load(rules, dialect);
            int firedOn = 0;
            for (int i = 1; i <= 8 && firedOn == 0; i++) {
                if (Integer.valueOf(120).equals(a.analyze(app("login", "bob", "192.0.2.1"), "x").rule())) {
                    firedOn = i;
                }
            }
            assertThat(firedOn).as(dialect.name()).isEqualTo(dialect == Ruleset.Dialect.WAZUH ? 4 : 6);
        }
    }

    @Test
    void sameFieldCountsOnlyEventsWithTheSameValue() throws Exception {
        Analyzer a = load("""
                <rule id="100" level="3"><decoded_as>app</decoded_as><description>app</description></rule>
                <rule id="120" level="10" frequency="3" timeframe="60"><if_matched_sid>100</if_matched_sid>
                  <same_field>app.verb</same_field><description>the same verb again and again</description></rule>
                """, Ruleset.Dialect.WAZUH);
        assertThat(a.analyze(app("login", "bob", "192.0.2.1"), "x").rule()).isEqualTo(100);
        assertThat(a.analyze(app("logout", "bob", "192.0.2.1"), "x").rule()).isEqualTo(100);
        assertThat(a.analyze(app("reset", "bob", "192.0.2.1"), "x").rule()).as("three events, three verbs").isEqualTo(100);
        assertThat(a.analyze(app("login", "bob", "192.0.2.1"), "x").rule()).isEqualTo(100);
        assertThat(a.analyze(app("login", "bob", "192.0.2.1"), "x").rule()).as("the third login").isEqualTo(120);
    }

    @Test
    void jsonBecomesDottedFieldsAsWazuhWritesThem() throws Exception {
        Analyzer a = load("""
                <rule id="130" level="5"><decoded_as>json</decoded_as><field name="srcip">^203.0.113.</field>
                  <field name="tags">^a,b,$</field><field name="n">^3$</field><field name="ok">^true$</field>
                  <description>json</description></rule>
                """, null);
        Verdict v = a.analyze("{\"srcip\":\"203.0.113.5\",\"tags\":[\"a\",\"b\",{\"x\":1}],\"n\":3,\"f\":1.5,\"ok\":true,\"gone\":null,"
                + "\"deep\":{\"er\":{\"key\":\"v\"}}}", "x");
        assertThat(v.rule()).isEqualTo(130);
        assertThat(v.fields()).containsEntry("srcip", "203.0.113.5").containsEntry("f", "1.500000")
                .containsEntry("deep.er.key", "v").doesNotContainKey("gone");
    }

    @Test
    @Timeout(60) // a hang guard, not a speed test
    void theJsonDecoderAndTheLenientXmlReaderTakeAnythingWithoutThrowing() {
        Random random = new Random(42);
        String alphabet = "{}[]\":,\\ abc123.-\n\t<>/=!eE+nulltrue";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "{\"" : "<rule ");
            for (int n = random.nextInt(80); n > 0; n--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = b.toString();
            LogEvent e = new LogEvent(text, "x", Instant.EPOCH);
            assertThatCode(() -> JsonFields.decode(e, text, JsonFields.Nulls.STRING)).doesNotThrowAnyException();
            assertThatCode(() -> {
                try {
                    RulesetXml.parse("fuzz.xml", text);
                } catch (RulesetXml.SyntaxError expected) {
                    // a clear error for a broken file is the lenient reader's answer
                }
            }).doesNotThrowAnyException();
        }
        LogEvent deep = new LogEvent("x", "x", Instant.EPOCH);
        String nested = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        assertThatCode(() -> JsonFields.decode(deep, nested, JsonFields.Nulls.DISCARD)).doesNotThrowAnyException();
    }
}
