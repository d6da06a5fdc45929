package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.time.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vigil's own rules, on the lines of the story they were written for. */
class BuiltInRulesTest {
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-26T04:30:00Z"));
    private final Analyzer a = new Analyzer(Ruleset.builtIn(), clock, ZoneOffset.UTC, "shop");

    /** The verdicts that become events at Vigil's default alert level (7). */
    private List<Verdict> alerts(List<String> lines, String location, Duration apart) {
        List<Verdict> out = new ArrayList<>();
        for (String l : lines) {
            Verdict v = a.analyze(l, location);
            if (v.alert() && v.level() >= 7) {
                out.add(v);
            }
            clock.advance(apart);
        }
        return out;
    }

    private static String access(String ip, String method, String url, int status) {
        return ip + " - - [26/Nov/2026:04:30:00 +0000] \"" + method + " " + url + " HTTP/1.1\" " + status
                + " 166 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
    }

    @Test
    void aBurstOf502sIsOneAlertNotFifty() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(access("198.51.100." + (i % 7), "GET", "/page/" + (i % 13), 502));
        }
        List<Verdict> alerts = alerts(lines, "/var/log/nginx/access.log", Duration.ofMillis(500));
        assertThat(alerts).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(100102);
            assertThat(v.level()).isEqualTo(10);
            assertThat(v.evidence()).hasSize(9);
            assertThat(v.fields()).containsEntry("id", "502");
        });
        Verdict single = a.analyze(access("203.0.113.1", "GET", "/", 200), "/var/log/nginx/access.log");
        assertThat(single.rule()).isEqualTo(100100);
        assertThat(single.alert()).isFalse();
    }

    @Test
    void oneUrlFailingRepeatedlyIsNamed() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add(access("198.51.100.1", "GET", "/checkout", 504));
        }
        assertThat(alerts(lines, "/var/log/nginx/access.log", Duration.ofSeconds(1)))
                .extracting(Verdict::rule).containsExactly(100103);
    }

    @Test
    void bruteForceThenASuccessfulLoginFromTheSameAddressIsAnIntrusion() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lines.add("Nov 26 04:31:0" + i + " shop sshd[90" + i + "]: Failed password for invalid user admin from 203.0.113.66 port 5" + i + "000 ssh2");
        }
        lines.add("Nov 26 04:32:00 shop sshd[999]: Accepted password for www-data from 203.0.113.66 port 51000 ssh2");
        List<Verdict> alerts = alerts(lines, "/var/log/auth.log", Duration.ofSeconds(2));
        assertThat(alerts).extracting(Verdict::rule).containsExactly(100122, 100124);
        assertThat(alerts.get(1).level()).isEqualTo(14);
        assertThat(alerts.get(1).fields()).containsEntry("srcip", "203.0.113.66").containsEntry("dstuser", "www-data");
        // A login from elsewhere is just a login.
        Verdict other = a.analyze("Nov 26 04:33:00 shop sshd[1000]: Accepted publickey for alice from 192.0.2.10 port 50000 ssh2", "x");
        assertThat(other.rule()).isEqualTo(100123);
    }

    @Test
    void phpMemoryExhaustionAndLeakedDatabaseCredentialsAreCaught() {
        Verdict php = a.analyze("Nov 26 04:35:00 shop php-fpm[812]: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted"
                + " (tried to allocate 20480 bytes) in /var/www/app/report.php on line 88", "syslog");
        assertThat(php.rule()).isEqualTo(100110);
        assertThat(php.fields()).containsEntry("url", "/var/www/app/report.php");
        Verdict leak = a.analyze("2026/11/26 04:40:00 [error] 812#812: *9 FastCGI sent in stderr: \"PHP message: SQLSTATE[HY000] [1045]"
                + " Access denied for user 'shop'@'localhost' (using password: YES)\" while reading response header from upstream,"
                + " client: 198.51.100.4, server: shop, request: \"GET /checkout HTTP/1.1\"", "/var/log/nginx/error.log");
        assertThat(leak.rule()).isEqualTo(100112);
        assertThat(leak.fields()).containsEntry("srcip", "198.51.100.4").containsEntry("url", "/checkout");
    }

    @Test
    void sudoOutsideTheAllowListAndChmod777AndNewAdminsAreRaised() {
        Verdict eve = a.analyze("Nov 26 05:00:00 shop sudo:      eve : TTY=pts/1 ; PWD=/home/eve ; USER=root ; COMMAND=/usr/bin/id", "x");
        assertThat(eve.rule()).isEqualTo(100141);
        assertThat(eve.fields()).containsEntry("dstuser", "eve").containsEntry("srcuser", "root");
        assertThat(a.analyze("Nov 26 05:00:01 shop sudo:   deploy : TTY=pts/1 ; PWD=/srv ; USER=root ; COMMAND=/usr/bin/systemctl reload nginx", "x")
                .rule()).isEqualTo(100140);
        Verdict chmod = a.analyze("Nov 26 05:00:02 shop sudo:   deploy : TTY=pts/0 ; PWD=/var/www/app ; USER=root ; COMMAND=/bin/chmod -R 777 /var/www/app/tmp", "x");
        assertThat(chmod.rule()).isEqualTo(100143);
        assertThat(chmod.level()).isEqualTo(10);
        assertThat(a.analyze("type=EXECVE msg=audit(1764130000.123:42): argc=3 a0=\"chmod\" a1=\"777\" a2=\"/var/www/app/tmp\"", "audit")
                .rule()).isEqualTo(100143);
        assertThat(a.analyze("Nov 26 05:01:00 shop useradd[1200]: new user: name=mallory, UID=1002, GID=1002, home=/home/mallory, shell=/bin/bash", "x")
                .rule()).isEqualTo(100150);
        Verdict admin = a.analyze("Nov 26 05:01:01 shop usermod[1201]: add 'mallory' to group 'sudo'", "x");
        assertThat(admin.rule()).isEqualTo(100152);
        assertThat(admin.fields()).containsEntry("dstuser", "mallory").containsEntry("extra_data", "sudo");
    }

    @Test
    void saslGuessingAndWordpressFloodsFromOneAddress() {
        List<String> sasl = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sasl.add("Nov 26 05:10:0" + i + " mail postfix/smtpd[7" + i + "]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: authentication failure");
        }
        assertThat(alerts(sasl, "x", Duration.ofSeconds(1))).extracting(Verdict::rule).containsExactly(100131);
        List<String> wp = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            wp.add(access("203.0.113.77", "POST", "/wp-login.php", 200));
        }
        assertThat(alerts(wp, "/var/log/nginx/access.log", Duration.ofMillis(200))).extracting(Verdict::rule).containsExactly(100105);
    }
}
