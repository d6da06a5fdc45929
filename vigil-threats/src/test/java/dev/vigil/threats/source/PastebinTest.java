package dev.vigil.threats.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.threats.Threats;
import dev.vigil.threats.source.SourcePlan;
import dev.vigil.threats.config.ThreatPlan;
import dev.vigil.threats.triage.InMemoryThreatStore;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.triage.ThreatStore;
import dev.vigil.threats.watch.Term;
import dev.vigil.threats.watch.WatchList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Pastebin source against a local server speaking the scraping API's format, through {@link Threats}. */
class PastebinTest {
    private static final String SECRET = "Sup3rS3cretPassw0rd1";
    private final FakeService paste;
    private final SimulatedScheduler scheduler = new SimulatedScheduler(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryEventLog events = new InMemoryEventLog();
    private ThreatStore store = new InMemoryThreatStore();
    private Threats threats;

    PastebinTest() throws Exception {
        paste = new FakeService();
    }

    @AfterEach
    void stop() {
        if (threats != null) {
            threats.close();
        }
        paste.close();
    }

    /** One list item as the scraping API writes it (all values are strings, newest first). */
    private String item(String key, String title) {
        return """
                {"scrape_url": "%1$s/api_scrape_item.php?i=%2$s", "full_url": "%1$s/%2$s", "date": "1764669600", "key": "%2$s",
                 "size": "120", "expire": "0", "title": "%3$s", "syntax": "text", "user": ""}""".formatted(paste.base(), key, title);
    }

    private void list(String... items) {
        paste.on("/api_scraping.php?limit=" + Pastebin.LIMIT, FakeService.Answer.ok("[" + String.join(",\n", items) + "]"));
    }

    private void raw(String key, String text) {
        paste.on("/api_scrape_item.php?i=" + key, FakeService.Answer.ok(text));
    }

    private void start() {
        threats = new Threats(scheduler, Runnable::run, events, store, Web.client());
        threats.apply(new ThreatPlan(new WatchList(List.of(Term.of("example.com")), Set.of()), null, Level.MEDIUM, true,
                List.of(new SourcePlan("pastebin", "pb", paste.base(), Duration.ofSeconds(10), null, Duration.ZERO, List.of(), List.of()))),
                List::of);
    }

    private SourceStatus status() {
        return threats.sources().stream().filter(s -> s.name().equals("pb")).findFirst().orElseThrow();
    }

    @Test
    void aPasteMentioningAWatchedTermWithASecretIsOneFindingAndOneEventAndServedAgainAddsNothing() {
        list(item("K3", "db"), item("K2", "recipe"), item("K1", ""));
        raw("K1", "nothing to see");
        raw("K2", "flour, sugar, eggs");
        raw("K3", "dump of shop.example.com\nDB_PASSWORD=" + SECRET + "\n");
        start();
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(threats.findings(ThreatStore.Filter.ALL)).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo("pastebin");
            assertThat(f.url()).isEqualTo(paste.base() + "/K3");
            assertThat(f.terms()).containsExactly("example.com");
            assertThat(f.excerpt()).doesNotContain(SECRET).contains("2: DB_PASSWORD=");
        });
        assertThat(events.newest(null, Instant.EPOCH, 10)).singleElement().satisfies(e -> {
            assertThat(e.event().source()).isEqualTo("threat");
            assertThat(e.event().details()).doesNotContain(SECRET);
        });
        assertThat(paste.count("/api_scrape_item.php")).isEqualTo(3);

        scheduler.advance(Duration.ofSeconds(10)); // the same list again: nothing fetched, nothing added
        assertThat(paste.count("/api_scraping.php")).isEqualTo(2);
        assertThat(paste.count("/api_scrape_item.php")).isEqualTo(3);
        list(item("K9", "again"), item("K3", "db"));
        raw("K9", "dump of shop.example.com\nDB_PASSWORD=" + SECRET + "\n"); // the same content under a new key
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(threats.findings(ThreatStore.Filter.ALL)).hasSize(1);
        assertThat(events.newest(null, Instant.EPOCH, 10)).hasSize(1);
        assertThat(status().documents()).isEqualTo(4);
        assertThat(status().findings()).isEqualTo(1);
        assertThat(status().lastError()).isEmpty();
    }

    @Test
    void aPasteDeletedBetweenListAndFetchIsSkipped() {
        list(item("GONE", "x"), item("K1", "x"));
        raw("K1", "admin@example.com");
        raw("GONE", "Error, we cannot find this paste.");
        start();
        threats.runNow("pb");
        assertThat(threats.findings(ThreatStore.Filter.ALL)).hasSize(1);
        assertThat(status().lastError()).isEmpty();
    }

    @Test
    void notJsonOrMalformedJsonIsAShownFailureBackedOffFrom() {
        paste.on("/api_scraping.php?limit=" + Pastebin.LIMIT,
                FakeService.Answer.ok("YOUR IP: 127.0.0.1 DOES NOT HAVE ACCESS. VISIT: the scraping API page TO GET ACCESS!"));
        start();
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(status().lastError()).contains("the paste list is not JSON").contains("DOES NOT HAVE ACCESS");
        assertThat(status().nextRun()).isEqualTo(status().lastRun().plusSeconds(20)); // twice the interval
        paste.on("/api_scraping.php?limit=" + Pastebin.LIMIT, FakeService.Answer.ok("[{\"key\": \"K1\", "));
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(status().lastError()).contains("is not JSON");
        assertThat(status().nextRun()).isEqualTo(status().lastRun().plusSeconds(40));
    }

    @Test
    void rateLimitedItWaitsAsToldAnd5xxIsBackedOff() {
        paste.on("/api_scraping.php?limit=" + Pastebin.LIMIT, new FakeService.Answer(429, java.util.Map.of("Retry-After", "120"), "slow down"));
        start();
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(status().lastError()).contains("rate limited");
        assertThat(status().nextRun()).isEqualTo(status().lastRun().plusSeconds(120));
        paste.on("/api_scraping.php?limit=" + Pastebin.LIMIT, FakeService.Answer.of(502, "bad gateway"));
        scheduler.advance(Duration.ofSeconds(120));
        assertThat(status().lastError()).contains("502");
        assertThat(status().nextRun()).isEqualTo(status().lastRun().plusSeconds(20));
        list(item("K1", "x"));
        raw("K1", "example.com");
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(status().lastError()).isEmpty();
        assertThat(status().nextRun()).isEqualTo(status().lastRun().plusSeconds(10));
    }

    @Test
    void aRunCutShortResumesAfterWhatItHandedOverAcrossARestartLosingAndDoublingNothing() {
        list(item("K4", ""), item("K3", ""), item("K2", ""), item("K1", ""));
        for (String k : List.of("K1", "K2", "K3", "K4")) {
            raw(k, "leak " + k + " of example.com\nDB_PASSWORD=" + SECRET + k + "\n");
        }
        AtomicInteger calls = new AtomicInteger();
        paste.on("/api_scrape_item.php?i=K3", ex -> calls.incrementAndGet() == 1
                ? FakeService.Answer.of(500, "oops") : FakeService.Answer.ok("leak K3 of example.com\nDB_PASSWORD=" + SECRET + "K3\n"));
        start();
        threats.runNow("pb");
        assertThat(threats.findings(ThreatStore.Filter.ALL)).hasSize(2);
        threats.close(); // a restart: a new Threats on the same store
        start();
        threats.runNow("pb");
        assertThat(threats.findings(ThreatStore.Filter.ALL)).extracting(f -> f.url().substring(f.url().lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("K1", "K2", "K3", "K4");
        assertThat(paste.count("/api_scrape_item.php?i=K1")).as("not fetched again").isEqualTo(1);
        assertThat(events.newest(null, Instant.EPOCH, 10)).hasSize(4);
    }
}
