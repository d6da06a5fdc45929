package dev.vigil.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.Severity;
import dev.vigil.logs.input.FileInput;
import dev.vigil.logs.ossec.Ruleset;
import dev.vigil.logs.search.LogIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: a watched nginx log, the built-in rules, the index, and the events that come out. */
class LogPipelineTest {
    @TempDir
    Path dir;

    @Test
    void aBurstOf502sAppendedToAWatchedLogIsOneEventWithinTwoSecondsAndEveryLineIsSearchable() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, "");
        List<Event> events = new CopyOnWriteArrayList<>();
        LogIndex index = new LogIndex(dir.resolve("index"), Duration.ofDays(30), InstantSource.system());
        try (LogPipeline p = new LogPipeline(List.of(Ruleset.builtIn()), index, new LogPipeline.Settings(7, Duration.ofHours(1), "shop"),
                InstantSource.system(), ZoneOffset.UTC, events::addAll)) {
            p.start();
            p.add(new FileInput(new FileInput.Settings(List.of(log.toString()), null, false, 0), dir.resolve("offsets.json"),
                    InstantSource.system()));
            Thread.sleep(400); // the input has seen the (empty) file
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                burst.append("198.51.100.").append(i % 9).append(" - - [26/Nov/2026:04:30:00 +0000] \"GET /cart HTTP/1.1\" 502 166 \"-\" \"curl/8\"\n");
            }
            Files.writeString(log, burst, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(2)).until(() -> !events.isEmpty()); // the "within 2 s"
            await().atMost(Duration.ofSeconds(5)).until(() -> p.lines() == 50);
            Thread.sleep(300);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.source()).isEqualTo("logs");
                assertThat(e.kind().id()).isEqualTo("problem");
                assertThat(e.severity()).isEqualTo(Severity.WARNING);
                assertThat(e.host()).isEqualTo("shop");
                assertThat(e.title()).contains("502/503/504");
                assertThat(e.details()).contains("The lines before it:").contains("\"GET /cart HTTP/1.1\" 502");
                assertThat(e.evidence()).extracting(l -> l.href()).anySatisfy(h -> assertThat(h).startsWith("/logs?q="));
                assertThat(e.tags()).containsEntry("rule", "100103");
            });
            assertThat(index.count("id:502 AND url:\"/cart\"", Instant.now().minusSeconds(60), Instant.now().plusSeconds(5))).isEqualTo(50);

            // The story's 503 page printing the database password: an event, with the password masked.
            Files.writeString(log, "2026/11/26 04:40:00 [error] 812#812: *9 FastCGI sent in stderr: \"PHP message: PDOException:"
                    + " SQLSTATE[HY000] [1045] connect to mysql://shop:hunter2@db/shop failed; password=hunter2\", client: 198.51.100.4\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
            assertThat(events.get(1).title()).contains("database connection details");
            assertThat(events.get(1).details()).doesNotContain("hunter2").contains("mysql://shop:********@db");
        }
        // Every line was committed and acknowledged: the saved offset is the end of the file.
        assertThat(Files.readString(dir.resolve("offsets.json"))).contains("\"offset\":" + Files.size(log));
    }

    @Test
    void linesWithoutCheckpointsAreCommittedWithinASecondNotAtShutdown() throws Exception {
        // Syslog lines carry no checkpoint; they used to become durable only at a clean shutdown.
        LogIndex index = new LogIndex(dir.resolve("index"), Duration.ofDays(30), InstantSource.system());
        LogPipeline p = new LogPipeline(List.of(Ruleset.builtIn()), index, new LogPipeline.Settings(7, Duration.ofHours(1), "shop"),
                InstantSource.system(), ZoneOffset.UTC, e -> {});
        try {
            p.start();
            p.add(new dev.vigil.logs.input.LogInput() {
                @Override
                public String name() {
                    return "test";
                }

                @Override
                public void start(Sink sink) {
                    for (int i = 0; i < 1000; i++) {
                        sink.offer(new dev.vigil.logs.input.LogLine("Nov 25 12:00:00 db1 app: line " + i, "syslog", "127.0.0.1",
                                Instant.now(), null));
                    }
                }

                @Override
                public String problem() {
                    return null;
                }

                @Override
                public void close() {}
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> committed(dir.resolve("index")) == 1000);
        } finally {
            p.close();
        }
    }

    @Test
    void aBurstIsOneProblemWhoeverTheVisitorsWereAndABruteForceIsOnePerAddress() throws Exception {
        var clock = new dev.vigil.core.time.SimulatedClock(Instant.parse("2026-11-26T04:30:00Z"));
        List<Event> events = new CopyOnWriteArrayList<>();
        LogIndex index = new LogIndex(dir.resolve("index"), Duration.ofDays(30), clock);
        List<dev.vigil.logs.input.LogInput.Sink> sinks = new CopyOnWriteArrayList<>();
        try (LogPipeline p = new LogPipeline(List.of(Ruleset.builtIn()), index, new LogPipeline.Settings(7, Duration.ofHours(1), "shop"),
                clock, ZoneOffset.UTC, events::addAll)) {
            p.start();
            p.add(new dev.vigil.logs.input.LogInput() {
                public String name() { return "test"; }
                public void start(Sink sink) { sinks.add(sink); }
                public String problem() { return null; }
                public void close() {}
            });
            long[] sent = {0};
            java.util.function.Consumer<String> line = text -> {
                sinks.getFirst().offer(new dev.vigil.logs.input.LogLine(text, "/var/log/nginx/access.log", null, clock.instant(), null));
                sent[0]++;
            };
            for (int burst = 0; burst < 2; burst++) {
                for (int i = 0; i < 12; i++) { // other visitors each time
                    line.accept("198.51.100." + (burst * 20 + i) + " - - [26/Nov/2026:04:30:00 +0000] \"GET /cart HTTP/1.1\" 502 166 \"-\" \"curl/8\"");
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> p.handled() == sent[0]);
                clock.set(clock.instant().plus(Duration.ofDays(7)));
            }
            for (String from : List.of("203.0.113.5", "203.0.113.6")) {
                for (int i = 0; i < 8; i++) {
                    line.accept("Dec  3 04:30:0" + i + " shop sshd[99]: Failed password for root from " + from + " port 4" + i + " ssh2");
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> p.handled() == sent[0]);
                clock.set(clock.instant().plus(Duration.ofMinutes(3))); // past the rule's ignore time
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> p.handled() == sent[0]);
            List<String> bursts = events.stream().filter(e -> e.title().contains("502")).map(Event::fingerprint).distinct().toList();
            List<String> bruteForces = events.stream().filter(e -> e.title().contains("brute force")).map(Event::fingerprint).distinct().toList();
            assertThat(bursts).as("the same problem both weeks").hasSize(1);
            assertThat(bruteForces).as("one per address").hasSize(2);
        }
    }

    /** Lines durable on disk, as a process starting after a crash would see them (only commits count). */
    private static long committed(Path index) throws java.io.IOException {
        long n = 0;
        try (var days = Files.list(index)) {
            for (Path day : days.toList()) {
                try (var d = org.apache.lucene.store.FSDirectory.open(day)) {
                    if (org.apache.lucene.index.DirectoryReader.indexExists(d)) {
                        try (var r = org.apache.lucene.index.DirectoryReader.open(d)) {
                            n += r.numDocs();
                        }
                    }
                }
            }
        }
        return n;
    }
}
