package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pf, SonicWall and Symantec Web Security plugin decoders, through OSSEC's own decoder and rule files (which
 * name them), on lines of the kinds those plugins were written for.
 */
class PluginDecodersTest {
    private static final Path OSSEC = Path.of("..", "..", "shared", "rulesets", "ossec");
    private static Ruleset set;

    @BeforeAll
    static void load() throws Exception {
        set = Ruleset.load(OSSEC.resolve("decoders"), OSSEC.resolve("rules"));
    }

    private static Verdict judge(String line) {
        return new Analyzer(set, InstantSource.fixed(Instant.parse("2026-12-02T10:00:00Z")), ZoneOffset.UTC, "vigil").analyze(line, "test");
    }

    @Test
    void pfLinesGiveActionAddressesPortsAndProtocol() {
        Verdict pass = judge("Mar 30 15:33:26 enigma pf: Mar 30 15:32:33.483712 rule 2/(match) pass in on xl0: 140.211.166.3.6667 > "
                + "192.168.2.10.16290: P 7408:7677(269) ack 1773 win 2520");
        assertThat(pass.decoder()).isEqualTo("pf");
        assertThat(pass.fields()).containsEntry("action", "pass").containsEntry("srcip", "140.211.166.3").containsEntry("srcport", "6667")
                .containsEntry("dstip", "192.168.2.10").containsEntry("dstport", "16290").containsEntry("protocol", "TCP");
        Verdict icmp = judge("Mar 30 17:47:41 enigma pf: Mar 30 17:47:41.400075 rule 3/(match) block out on lo0: 127.0.0.1 > 127.0.0.1: "
                + "icmp: echo request");
        assertThat(icmp.fields()).containsEntry("action", "block").containsEntry("srcip", "127.0.0.1").doesNotContainKey("srcport")
                .containsEntry("protocol", "ICMP");
    }

    @Test
    void sonicWallMessagesAreReadAndTheirIdSaysWhichRulesSeeThem() {
        String head = "Jan  3 13:45:36 192.168.5.1 id=firewall sn=000SERIAL time=\"2007-01-03 14:48:06\" fw=1.1.1.1 ";
        Verdict ids = judge(head + "pri=1 c=32 m=30 msg=\"Administrator login denied due to bad credentials\" n=7 "
                + "src=2.2.2.2:36701:WAN dst=1.1.1.1:50000:WAN");
        assertThat(ids.decoder()).isEqualTo("sonicwall");
        assertThat(ids.fields()).containsEntry("status", "1").containsEntry("id", "30").containsEntry("srcip", "2.2.2.2")
                .containsEntry("dstport", "50000");
        assertThat(ids.groups()).contains("ids"); // category 32: an IDS event, judged by the ids rules
        Verdict opened = judge(head + "pri=6 c=262144 m=98 msg=\"Connection Opened\" n=23419 src=2.2.2.2:36701:WAN "
                + "dst=1.1.1.1:50000:WAN proto=tcp/50000");
        assertThat(opened.fields()).containsEntry("action", "pass").containsEntry("protocol", "tcp");
        assertThat(opened.groups()).contains("firewall");
    }

    @Test
    void symantecWebSecurityEntriesBecomeUserAddressUrlAndTheIdTheRulesMatch() {
        Verdict login = judge("20070717,73613,1=5,11=10.1.1.3,10=userc,3=1,2=1");
        assertThat(login.decoder()).isEqualTo("symantec-websecurity");
        assertThat(login.fields()).containsEntry("dstuser", "userc").containsEntry("srcip", "10.1.1.3").containsEntry("id", "3=1,2=1");
        Verdict visit = judge("20070717,73614,1=5,11=1.2.3.4,1106=News,60=http://news.example/,10=userX,1000=212.58.240.42,2=27");
        assertThat(visit.fields()).containsEntry("url", "http://news.example/").containsEntry("id", "2=27").containsEntry("dstuser", "userX");
    }
}
