package dev.vigil.checks.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.RecordedPages;
import dev.vigil.checks.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local server answering with status feeds in Statuspage's RSS and Atom forms. */
class FeedCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");
    private RecordedPages server;

    @BeforeEach
    void start() throws IOException {
        server = new RecordedPages("feed", "application/rss+xml");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CheckResult check(String file, Instant now, Duration maxAge) throws InterruptedException {
        return new FeedCheck(new FeedCheck.Config(server.url(file), maxAge), InstantSource.fixed(now)).run(Duration.ofSeconds(5));
    }

    @Test
    void aNewUnresolvedIncidentIsAWarningAndAResolvedOrOldOneIsNot() throws Exception {
        CheckResult r = check("open.rss", NOW, Duration.ofHours(24));
        assertThat(r.state()).isEqualTo(ServiceState.WARNING);
        assertThat(r.output()).isEqualTo("FEED WARNING - 127.0.0.1: Elevated error rates for object storage in eu-central (identified)");
        assertThat(r.perfdata()).singleElement().satisfies(p -> assertThat(p.value()).isEqualTo(1.0));
        // A day later the open incident has aged out (the feed never said it ended).
        assertThat(check("open.rss", NOW.plus(Duration.ofHours(25)), Duration.ofHours(24)).state()).isEqualTo(ServiceState.OK);
        // With a week's window the dashboard outage from the 21st is open too.
        assertThat(check("open.rss", NOW, Duration.ofDays(7)).output()).endsWith("; 1 more open");
    }

    @Test
    void atomEntriesResolvedInTheirTitleOrByACompletedUpdateAreOk() throws Exception {
        CheckResult r = check("resolved.atom", NOW, Duration.ofHours(24));
        assertThat(r.state()).isEqualTo(ServiceState.OK);
        assertThat(r.output()).isEqualTo("FEED OK - 127.0.0.1: no open incident in the last 1d (2 entries)");
    }

    @Test
    void brokenHostileOrMissingFeedsAreUnknownWithTheReason() throws Exception {
        assertThat(check("malformed.rss", NOW, Duration.ofHours(24)).output()).startsWith("FEED UNKNOWN - cannot read 127.0.0.1: the feed is not well-formed XML");
        CheckResult xxe = check("xxe.rss", NOW, Duration.ofHours(24));
        assertThat(xxe.state()).isEqualTo(ServiceState.UNKNOWN); // a DTD is refused: no entity reaches a file
        assertThat(xxe.output()).doesNotContain("root:");
        assertThat(check("gone.rss", NOW, Duration.ofHours(24)).output()).isEqualTo("FEED UNKNOWN - 127.0.0.1 answered HTTP 404");
    }
}
