package dev.vigil.logs.search;

import dev.vigil.logs.LogStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.time.SimulatedClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogIndexTest {
    private static final Instant T0 = Instant.parse("2026-11-25T23:59:00Z");

    @TempDir
    Path dir;

    private final SimulatedClock clock = new SimulatedClock(T0);

    private static LogStore.Entry line(Instant t, String location, String msg, Map<String, String> fields, Integer rule, int level) {
        return new LogStore.Entry(t, "shop", location, msg, fields, rule, level, level >= 7, List.of("web"));
    }

    private void fill(LogIndex idx) throws Exception {
        for (int i = 0; i < 120; i++) {
            Instant t = T0.plusSeconds(i); // crosses midnight: two partitions
            int status = i % 10 == 0 ? 502 : 200;
            idx.add(line(t, "/var/log/nginx/access.log", "GET /page/" + i + " HTTP/1.1 " + status,
                    Map.of("srcip", "198.51.100." + (i % 3), "url", "/page/" + i, "id", String.valueOf(status)),
                    status == 502 ? 100101 : 100100, status == 502 ? 4 : 0));
            idx.add(line(t, "/var/log/auth.log", "Failed password for root from 203.0.113.9", Map.of("srcip", "203.0.113.9",
                    "dstuser", "root"), 5716, 5));
        }
        idx.add(line(T0.plusSeconds(200), "syslog", "burst", Map.of(), 100102, 10));
    }

    @Test
    void searchesByFieldTextAndLevelNewestFirstAcrossDaysWithTotalsHistogramAndPaging() throws Exception {
        try (LogIndex idx = new LogIndex(dir, Duration.ofDays(30), clock)) {
            fill(idx);
            Instant from = T0.minusSeconds(60);
            Instant to = T0.plusSeconds(600);
            LogStore.Page p = idx.search("id:502", from, to, 0, 5, 10);
            assertThat(p.total()).isEqualTo(12);
            assertThat(p.hits()).hasSize(5);
            assertThat(p.hits().get(0).time()).isEqualTo(T0.plusSeconds(110));
            assertThat(p.hits().get(0).fields()).containsEntry("url", "/page/110").containsEntry("srcip", "198.51.100.2");
            assertThat(p.hits()).isSortedAccordingTo((a, b) -> b.time().compareTo(a.time()));
            assertThat(p.histogram()).hasSize(10);
            assertThat(p.histogram().stream().mapToLong(b -> b[1]).sum()).isEqualTo(12);
            assertThat(idx.search("id:502", from, to, 10, 5, 0).hits()).hasSize(2);
            assertThat(idx.count("status:502", from, to)).as("a web log's HTTP status is also 'status'").isEqualTo(12);
            assertThat(idx.search("failed AND user:root", from, to, 0, 1, 0).total()).isEqualTo(120);
            assertThat(idx.search("level:[10 TO *]", from, to, 0, 10, 0).hits()).singleElement()
                    .satisfies(h -> assertThat(h.rule()).isEqualTo(100102));
            assertThat(idx.search("srcip:203.0.113.9 AND NOT failed", from, to, 0, 1, 0).total()).isZero();
            assertThat(idx.search("", T0.plusSeconds(100), T0.plusSeconds(109), 0, 100, 0).total()).isEqualTo(20);
            assertThat(idx.count("alert:true", from, to)).isEqualTo(1);
            assertThatThrownBy(() -> idx.search("url:(unclosed", from, to, 0, 1, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid query: ");
            assertThatThrownBy(() -> idx.search("*leading", from, to, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void surroundingLinesComeFromTheSamePlaceInOrder() throws Exception {
        try (LogIndex idx = new LogIndex(dir, Duration.ofDays(30), clock)) {
            fill(idx);
            LogStore.Hit hit = idx.search("url:\"/page/50\"", T0, T0.plusSeconds(600), 0, 1, 0).hits().get(0);
            List<LogStore.Hit> around = idx.around(hit.id(), 2, 2);
            assertThat(around).extracting(LogStore.Hit::message)
                    .containsExactly("GET /page/48 HTTP/1.1 200", "GET /page/49 HTTP/1.1 200", "GET /page/50 HTTP/1.1 502",
                            "GET /page/51 HTTP/1.1 200", "GET /page/52 HTTP/1.1 200");
            assertThatThrownBy(() -> idx.around("nonsense", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void committedLinesSurviveARestartAndOldDaysAreDropped() throws Exception {
        try (LogIndex idx = new LogIndex(dir, Duration.ofDays(30), clock)) {
            fill(idx);
            idx.commit();
        }
        try (LogIndex idx = new LogIndex(dir, Duration.ofDays(30), clock)) {
            assertThat(idx.count("*", T0.minusSeconds(60), T0.plusSeconds(600))).isEqualTo(241);
            idx.add(line(T0.plusSeconds(300), "syslog", "after restart", Map.of(), null, 0));
            assertThat(idx.search("restart", T0, T0.plusSeconds(600), 0, 1, 0).hits().get(0).id())
                    .as("sequence numbers continue after a restart").isEqualTo("2026-11-26:121");
            clock.advance(Duration.ofDays(30).plusHours(1));
            assertThat(idx.prune()).isEqualTo(1); // 2026-11-25 is past the retention; 2026-11-26 not yet
            assertThat(Files.exists(dir.resolve("2026-11-25"))).isFalse();
            assertThat(idx.count("*", T0.minusSeconds(60), T0.plusSeconds(600))).isEqualTo(122);
        }
    }

    @Test
    void aRangeOfTenThousandYearsIsAnsweredFromTheDaysThatExist() throws Exception {
        try (LogIndex idx = new LogIndex(dir, Duration.ofDays(30), clock)) {
            fill(idx);
            Instant from = Instant.parse("1970-01-01T00:00:00Z");
            Instant to = Instant.parse("9999-01-01T00:00:00Z");
            LogStore.Page p = idx.search("id:502", from, to, 0, 5, 10);
            assertThat(p.total()).isEqualTo(12);
            // The histogram spans the retained days, not ten thousand empty years.
            assertThat(p.histogram().get(0)[0]).isEqualTo(Instant.parse("2026-11-25T00:00:00Z").getEpochSecond());
            assertThat(p.histogram().stream().mapToLong(b -> b[1]).sum()).isEqualTo(12);
            assertThat(idx.count("failed", from, to)).isEqualTo(120);
        }
    }

    @Test
    void aRegularExpressionThatWouldExplodeIsRefusedWithAReason() throws Exception {
        try (LogIndex idx = new LogIndex(dir, Duration.ofDays(30), clock)) {
            fill(idx);
            Instant from = T0.minusSeconds(60);
            Instant to = T0.plusSeconds(600);
            for (String q : List.of("/[a-z]{1,1000}{1,1000}/", "/[a-z]{1,400}{1,400}/", "/(a{1,100}){1,100}(b{1,100}){1,100}/")) {
                assertThatThrownBy(() -> idx.search(q, from, to, 0, 5, 10)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("too complex");
            }
            assertThatThrownBy(() -> idx.count("/[a-z/", from, to)).isInstanceOf(IllegalArgumentException.class);
            // Ordinary expressions still work.
            assertThat(idx.count("srcip:/198\\.51\\.100\\.[0-9]{1,3}/", from, to)).isEqualTo(120);
            assertThat(idx.count("/fail[a-z]{1,10}/", from, to)).isEqualTo(120);
        }
    }

    @Test
    void regexBudgetMultipliesNestedRepetitions() {
        assertThat(RegexBudget.size(new org.apache.lucene.util.automaton.RegExp("[a-z]{1,1000}"))).isEqualTo(1000);
        assertThat(RegexBudget.size(new org.apache.lucene.util.automaton.RegExp("[a-z]{1,1000}{1,1000}"))).isEqualTo(1_000_000);
        assertThat(RegexBudget.size(new org.apache.lucene.util.automaton.RegExp("abc|de"))).isEqualTo(5);
    }
}
