package dev.vigil.threats.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.threats.Threats;
import dev.vigil.threats.config.ThreatPlan;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.InMemoryThreatStore;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.triage.ThreatStore;
import dev.vigil.threats.watch.Term;
import dev.vigil.threats.watch.WatchList;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Feeds (RSS and Atom), watched pages and the own sites' exposure probe, against local servers. */
class FeedPageExposureTest {
    private static final String SECRET = "Sup3rS3cretPassw0rd1";
    private final FakeService web;
    private final SimulatedScheduler scheduler = new SimulatedScheduler(Instant.parse("2026-12-02T10:00:00Z"));
    private Threats threats;

    FeedPageExposureTest() throws Exception {
        web = new FakeService();
    }

    @AfterEach
    void stop() {
        if (threats != null) {
            threats.close();
        }
        web.close();
    }

    private void start(String type, URI url, List<String> sites, List<Site> own) {
        threats = new Threats(scheduler, Runnable::run, new InMemoryEventLog(), new InMemoryThreatStore(), Web.client());
        threats.apply(new ThreatPlan(new WatchList(List.of(Term.of("example.com")), Set.of()), null, Level.MEDIUM, true,
                List.of(new SourcePlan(type, "s", url, Duration.ofHours(1), null, Duration.ZERO, sites, List.of()))), () -> own);
    }

    @Test
    void rssAndAtomEntriesAreJudgedOnceEach() throws IOException {
        web.on("/rss", FakeService.Answer.ok("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>leaks</title>
                  <item><title>Combo list</title><link>http://forum/t/2</link><guid>t-2</guid>
                    <description><![CDATA[<p>bob@example.com:hunter2hunter2</p>]]></description><pubDate>Wed, 02 Dec 2026 09:00:00 GMT</pubDate></item>
                  <item><title>Weather</title><link>http://forum/t/1</link><guid>t-1</guid><description>sunny</description></item>
                </channel></rss>"""));
        start("feed", URI.create(web.base() + "/rss"), List.of(), List.of());
        threats.runNow("s");
        threats.runNow("s");
        assertThat(threats.findings(ThreatStore.Filter.ALL)).singleElement().satisfies(f -> {
            assertThat(f.title()).startsWith("Combo list: mentions example.com");
            assertThat(f.url()).isEqualTo("http://forum/t/2");
        });
        assertThat(threats.sources().getFirst().documents()).isEqualTo(2);
        assertThat(Feed.parse("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
                  <entry><id>urn:1</id><title>Dump</title><link href="http://paste/1"/><updated>2026-12-02T09:00:00Z</updated>
                    <summary>db.example.com DB_PASSWORD=x</summary></entry></feed>""")).singleElement()
                .isEqualTo(new Feed.Entry("urn:1", "http://paste/1", "Dump", "db.example.com DB_PASSWORD=x\n"));
    }

    @Test
    void notAFeedOrAnEntityTrickIsAnErrorNotAFetch() {
        assertThatThrownBy(() -> Feed.parse("<html><body>hi</body></html>")).isInstanceOf(IOException.class).hasMessageContaining("not an RSS");
        assertThatThrownBy(() -> Feed.parse("<rss><channel><item><title>x</item></rss>")).isInstanceOf(IOException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> Feed.parse("""
                <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <rss><channel><item><title>&x;</title></item></channel></rss>""")).isInstanceOf(IOException.class);
    }

    @Test
    void aWatchedPageIsJudgedWhenItChanges() {
        web.on("/board", ex -> "\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))
                ? FakeService.Answer.of(304, "")
                : new FakeService.Answer(200, Map.of("ETag", "\"v1\""), "new breach: example.com customers"));
        start("url", URI.create(web.base() + "/board"), List.of(), List.of());
        threats.runNow("s");
        threats.runNow("s");
        assertThat(threats.findings(ThreatStore.Filter.ALL)).hasSize(1);
        assertThat(threats.sources().getFirst().documents()).isEqualTo(1);
    }

    @Test
    void theOwnSitesAreProbedForExposedFilesAndListingsJudgedOnContentNotStatus() {
        web.on("/.env", FakeService.Answer.ok("APP_NAME=shop\nDB_HOST=db1\nDB_PASSWORD=" + SECRET + "\n"));
        web.on("/.git/config", FakeService.Answer.ok("[core]\n\trepositoryformatversion = 0\n\tbare = false\n"));
        web.on("/phpinfo.php", FakeService.Answer.ok("<html><title>Not found</title>sorry</html>")); // a soft 404
        web.on("/uploads/", FakeService.Answer.ok("<html><head><title>Index of /uploads</title></head><body>a.jpg</body></html>"));
        start("exposure", null, List.of(web.base() + "/"), List.of(Site.of(URI.create(web.base() + "/shop/health"), "shop")));
        threats.runNow("s");
        List<Finding> found = threats.findings(ThreatStore.Filter.ALL);
        assertThat(found).extracting(Finding::url).containsExactlyInAnyOrder(web.base() + "/.env", web.base() + "/.git/config",
                web.base() + "/uploads/");
        assertThat(found).filteredOn(f -> f.url().endsWith("/.env")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Level.CRITICAL);
            assertThat(f.title()).contains("the .env file is served");
            assertThat(f.excerpt()).doesNotContain(SECRET);
            assertThat(f.host()).as("the http check's host").isEqualTo("shop");
        });
        assertThat(found).filteredOn(f -> f.url().endsWith("/.git/config")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Level.HIGH);
                    assertThat(f.excerpt()).as("the evidence").startsWith("1: [core]");
                });
        threats.runNow("s");
        assertThat(threats.findings(ThreatStore.Filter.ALL)).hasSize(3);
        assertThat(threats.sources().getFirst().lastError()).isEmpty();
    }
}
