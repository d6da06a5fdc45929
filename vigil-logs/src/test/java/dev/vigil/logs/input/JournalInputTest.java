package dev.vigil.logs.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalInputTest {
    @TempDir
    Path dir;

    @Test
    void journalEntriesBecomeSyslogLinesAndTheCursorIsSavedOnceStored() {
        JournalInput in = new JournalInput("journalctl", dir.resolve("cursor"), ZoneOffset.UTC, InstantSource.system());
        LogLine l = in.entry("{\"__CURSOR\":\"s=abc;i=1\",\"__REALTIME_TIMESTAMP\":\"1764072000000000\",\"_HOSTNAME\":\"web1\","
                + "\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"4242\",\"MESSAGE\":\"Failed password for root from 192.0.2.7 port 22 ssh2\"}");
        assertThat(l.text()).isEqualTo("Nov 25 12:00:00 web1 sshd[4242]: Failed password for root from 192.0.2.7 port 22 ssh2");
        assertThat(l.location()).isEqualTo("journald");
        assertThat(dir.resolve("cursor")).doesNotExist();
        l.checkpoint().run();
        assertThat(dir.resolve("cursor")).hasContent("s=abc;i=1");
        // A message that is not UTF-8 comes as an array of bytes.
        LogLine bytes = in.entry("{\"_COMM\":\"app\",\"MESSAGE\":[104,105,255]}");
        assertThat(bytes.text()).endsWith("app: hi\uFFFD");
        assertThat(in.entry("{\"_COMM\":\"app\"}")).isNull();
        assertThat(in.entry("not json")).isNull();
    }

    @Test
    void withoutJournalctlTheInputSaysWhyAndStaysIdle() {
        JournalInput in = new JournalInput("/nonexistent/journalctl", null, ZoneOffset.UTC, InstantSource.system());
        in.start(l -> true);
        await().atMost(Duration.ofSeconds(5)).until(() -> in.problem() != null);
        assertThat(in.problem()).startsWith("cannot run /nonexistent/journalctl");
        in.close();
    }

    @Test
    void stdinLinesAreReadInOrderToTheEnd() throws Exception {
        List<LogLine> got = new ArrayList<>();
        new StdinInput(new ByteArrayInputStream("a\r\nb\nlast".getBytes(StandardCharsets.UTF_8)), "stdin",
                InstantSource.fixed(Instant.EPOCH)).run(got::add);
        assertThat(got).extracting(LogLine::text).containsExactly("a", "b", "last");
    }
}
