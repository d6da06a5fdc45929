package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in ruleset on realistic lines of each family a small team runs, side by side with Wazuh's set
 * (from {@code ../shared}) on the same lines: the built-in set must alert on each, at a level on Wazuh's
 * scale, and never fall behind Wazuh where Wazuh alerts. The table it prints is the README's.
 */
class DefaultRulesTest {
    /** A line, the rule the built-in set ends on, and its level. */
    private record Case(String family, String line, String location, int rule, int level) {}

    private static final List<Case> CASES = List.of(
            new Case("sshd login", "Dec  2 01:02:37 shop sshd[4100]: Accepted password for deploy from 203.0.113.5 port 50123 ssh2",
                    "/var/log/auth.log", 100123, 3),
            new Case("sudo outside allow-list", "Dec  2 01:02:40 shop sudo:      eve : TTY=pts/1 ; PWD=/home/eve ; USER=root ; COMMAND=/usr/bin/id",
                    "/var/log/auth.log", 100141, 8),
            new Case("su failure", "Dec  2 01:02:41 shop su[777]: FAILED SU (to root) alice on pts/1", "/var/log/auth.log", 100221, 5),
            new Case("pam failure", "Dec  2 01:02:42 shop login[778]: pam_unix(login:auth): authentication failure; logname=LOGIN uid=0 euid=0 tty=tty1 ruser= rhost=  user=bob",
                    "/var/log/auth.log", 100222, 5),
            new Case("OOM killer", "Dec  2 01:03:00 shop kernel: [123.4] Out of memory: Killed process 4242 (php-fpm) total-vm:2048000kB",
                    "/var/log/kern.log", 100201, 10),
            new Case("segfault", "Dec  2 01:03:01 shop kernel: [124.0] php-fpm[4243]: segfault at 0 ip 000055d5 sp 00007ffd error 4 in php-fpm8.2[55d5+3a000]",
                    "/var/log/kern.log", 100202, 7),
            new Case("disk I/O error", "Dec  2 01:03:02 shop kernel: [125.1] blk_update_request: I/O error, dev sda, sector 123456 op 0x0:(READ)",
                    "/var/log/kern.log", 100203, 9),
            new Case("firewall drop", "Dec  2 01:03:03 shop kernel: [126.2] [UFW BLOCK] IN=eth0 OUT= MAC=00:11 SRC=203.0.113.9 DST=192.0.2.1 LEN=60 TOS=0x00 PROTO=TCP SPT=51515 DPT=23 WINDOW=1024",
                    "/var/log/kern.log", 100205, 5),
            new Case("systemd unit failed", "Dec  2 01:03:04 shop systemd[1]: backup.service: Failed with result 'exit-code'.",
                    "/var/log/syslog", 100211, 7),
            new Case("package installed", "2026-12-02 01:03:05 status installed nginx:amd64 1.22.1-9", "/var/log/dpkg.log", 100231, 7),
            new Case("MySQL login refused", "Dec  2 01:03:06 db mysqld[900]: 2026-12-02T01:03:06.000000Z 12 [Note] Access denied for user 'root'@'203.0.113.5' (using password: YES)",
                    "/var/log/syslog", 100240, 5),
            new Case("PostgreSQL login refused", "Dec  2 01:03:07 db postgres[901]: [1-1] app@shop FATAL:  password authentication failed for user \"app\"",
                    "/var/log/syslog", 100245, 5),
            new Case("PostgreSQL crash", "Dec  2 01:03:08 db postgres[902]: [2-1] LOG:  server process (PID 4321) was terminated by signal 11: Segmentation fault",
                    "/var/log/syslog", 100247, 12),
            new Case("Dovecot login failed", "Dec  2 01:03:09 mail dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<alice>, method=PLAIN, rip=203.0.113.7, lip=192.0.2.2",
                    "/var/log/mail.log", 100250, 5),
            new Case("Redis attack", "Dec  2 01:03:10 shop redis-server[903]: 903:M 02 Dec 2026 01:03:10.000 # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis.",
                    "/var/log/syslog", 100260, 10),
            new Case("Docker container died", "Dec  2 01:03:11 shop dockerd[904]: time=\"2026-12-02T01:03:11Z\" level=error msg=\"container 4f2a exited with OOMKilled\"",
                    "/var/log/syslog", 100266, 7),
            new Case("SQL injection", "203.0.113.5 - - [02/Dec/2026:01:03:12 +0000] \"GET /item.php?id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"",
                    "/var/log/nginx/access.log", 100271, 7),
            new Case("path traversal", "203.0.113.5 - - [02/Dec/2026:01:03:13 +0000] \"GET /download.php?file=../../../../etc/passwd HTTP/1.1\" 404 153 \"-\" \"curl/8.0\"",
                    "/var/log/nginx/access.log", 100272, 6),
            new Case("shellshock", "203.0.113.5 - - [02/Dec/2026:01:03:14 +0000] \"GET /cgi-bin/status HTTP/1.1\" 200 12 \"-\" \"() { :; }; /bin/bash -c 'id'\"",
                    "/var/log/nginx/access.log", 100273, 15),
            new Case("web shell", "203.0.113.5 - - [02/Dec/2026:01:03:15 +0000] \"GET /uploads/shell.php?cmd=id HTTP/1.1\" 200 40 \"-\" \"curl/8.0\"",
                    "/var/log/nginx/access.log", 100274, 12),
            new Case("scanner", "203.0.113.5 - - [02/Dec/2026:01:03:16 +0000] \"GET /admin/ HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.00 (Nikto/2.1.6)\"",
                    "/var/log/nginx/access.log", 100275, 6),
            new Case("PHP fatal error", "[02-Dec-2026 01:03:17 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function foo() in /var/www/shop/index.php:3",
                    "/var/log/php8.2-fpm.log", 100280, 7));

    private static Analyzer analyzer(Ruleset set) {
        return new Analyzer(set, InstantSource.fixed(Instant.parse("2026-12-02T01:05:00Z")), ZoneOffset.UTC, "vigil");
    }

    @Test
    void theBuiltInSetCatchesEachFamilyAndNeverFallsBehindWazuhs() throws Exception {
        Ruleset wazuhSet = Ruleset.load(WazuhRulesetTest.WAZUH.resolve("decoders"), WazuhRulesetTest.WAZUH.resolve("rules"),
                Ruleset.Options.LENIENT.withLists(WazuhRulesetTest.WAZUH.resolve("lists")));
        StringBuilder table = new StringBuilder("| family | Vigil's default | Wazuh's set |\n| --- | --- | --- |\n");
        for (Case c : CASES) {
            Verdict vigil = analyzer(Ruleset.builtIn()).analyze(c.line(), c.location());
            Verdict wazuh = analyzer(wazuhSet).analyze(c.line(), c.location());
            table.append("| ").append(c.family()).append(" | ").append(describe(vigil)).append(" | ").append(describe(wazuh)).append(" |\n");
            assertThat(vigil.rule()).as(c.family()).isEqualTo(c.rule());
            assertThat(vigil.level()).as(c.family()).isEqualTo(c.level());
            if (wazuh.alert() && wazuh.level() > 0) {
                assertThat(vigil.alert()).as(c.family() + ": Wazuh alerts, so must Vigil").isTrue();
            }
        }
        System.out.print(table);
    }

    private static String describe(Verdict v) {
        return v.rule() == null || !v.alert() ? "no alert" : v.rule() + ", level " + v.level();
    }
}
