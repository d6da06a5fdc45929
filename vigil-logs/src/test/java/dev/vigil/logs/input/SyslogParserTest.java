package dev.vigil.logs.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The examples of RFC 5424 §6.5 and RFC 3164 §5.4, what real senders do, and random input. */
class SyslogParserTest {
    private final SyslogParser p = new SyslogParser(ZoneOffset.UTC, InstantSource.fixed(Instant.parse("2026-11-25T12:00:00Z")));

    @Test
    void rfc5424Examples() {
        SyslogMessage m = p.parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");
        assertThat(m.facility()).isEqualTo(4);
        assertThat(m.severity()).isEqualTo(2);
        assertThat(m.timestamp()).isEqualTo(Instant.parse("2003-10-11T22:14:15.003Z"));
        assertThat(m.hostname()).isEqualTo("mymachine.example.com");
        assertThat(m.appName()).isEqualTo("su");
        assertThat(m.procId()).isNull();
        assertThat(m.msgId()).isEqualTo("ID47");
        assertThat(m.message()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
        assertThat(m.toLine(ZoneOffset.UTC, Instant.EPOCH, "x")).isEqualTo("Oct 11 22:14:15 mymachine.example.com su: 'su root' failed for lonvick on /dev/pts/8");

        SyslogMessage m2 = p.parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
        assertThat(m2.timestamp()).isEqualTo(Instant.parse("2003-08-24T12:14:15.000003Z"));
        assertThat(m2.procId()).isEqualTo("8710");
        assertThat(m2.toLine(ZoneOffset.UTC, Instant.EPOCH, "x")).isEqualTo("Aug 24 12:14:15 192.0.2.1 myproc[8710]: %% It's time to make the do-nuts.");

        SyslogMessage m3 = p.parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\""
                + " eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] \uFEFFAn application event log entry...");
        assertThat(m3.structuredData()).containsEntry("exampleSDID@32473.eventSource", "Application")
                .containsEntry("examplePriority@32473.class", "high");
        assertThat(m3.message()).isEqualTo("An application event log entry...");

        SyslogMessage m4 = p.parse("<165>1 2003-10-11T22:14:15.003Z host app - - [id a=\"x\\\"y\\]z\"]");
        assertThat(m4.structuredData()).containsEntry("id.a", "x\"y]z");
        assertThat(m4.message()).isEmpty();
    }

    @Test
    void rfc3164AndWhatRealSendersDo() {
        SyslogMessage m = p.parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8\n");
        assertThat(m.hostname()).isEqualTo("mymachine");
        assertThat(m.appName()).isEqualTo("su");
        assertThat(m.message()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
        assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-10-11T22:14:15Z"));

        SyslogMessage pid = p.parse("<38>Nov 25 11:59:58 web1 sshd[4242]: Failed password for root from 192.0.2.7 port 4711 ssh2");
        assertThat(pid.appName()).isEqualTo("sshd");
        assertThat(pid.procId()).isEqualTo("4242");
        assertThat(pid.toLine(ZoneOffset.UTC, Instant.EPOCH, "x")).isEqualTo("Nov 25 11:59:58 web1 sshd[4242]: Failed password for root from 192.0.2.7 port 4711 ssh2");

        SyslogMessage noTag = p.parse("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!");
        assertThat(noTag.hostname()).isEqualTo("10.0.0.99");
        assertThat(noTag.appName()).isNull();
        assertThat(noTag.message()).isEqualTo("Use the BFG!");

        SyslogMessage noHost = p.parse("<13>Nov 25 11:00:00 cron[1]: job done");
        assertThat(noHost.hostname()).isNull();
        assertThat(noHost.toLine(ZoneOffset.UTC, Instant.EPOCH, "192.0.2.9")).isEqualTo("Nov 25 11:00:00 192.0.2.9 cron[1]: job done");

        SyslogMessage december = p.parse("<13>Dec 31 23:59:59 h a: late"); // read on Nov 25: last year's
        assertThat(december.timestamp()).isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));

        SyslogMessage bare = p.parse("just some text");
        assertThat(bare.facility()).isEqualTo(-1);
        assertThat(bare.message()).isEqualTo("just some text");
    }

    @Test
    void randomAndMutatedInputNeverThrows() {
        Random r = new Random(20261125);
        String[] seeds = {"<34>1 2003-10-11T22:14:15.003Z host app 1 ID [a b=\"c\"] msg", "<13>Feb  5 17:32:18 h t[1]: m", "<999>", "<1>1 "};
        String alphabet = "<>[]\"\\= 1-:T.Z\uFEFF\u0000\nabc09";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder(seeds[r.nextInt(seeds.length)]);
            int edits = r.nextInt(8);
            for (int e = 0; e < edits; e++) {
                int at = r.nextInt(b.length() + 1);
                if (r.nextBoolean() && b.length() > 0 && at < b.length()) {
                    b.deleteCharAt(at);
                } else {
                    b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            SyslogMessage m = p.parse(b.toString());
            assertThat(m.message()).isNotNull();
            assertThat(m.toLine(ZoneOffset.UTC, Instant.EPOCH, "s")).isNotNull();
        }
    }
}
