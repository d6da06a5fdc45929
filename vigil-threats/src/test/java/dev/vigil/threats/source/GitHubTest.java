package dev.vigil.threats.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.config.Secret;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The GitHub source against a local server answering in the REST API's formats (search, contents, gists). */
class GitHubTest {
    private static final String SECRET = "Sup3rS3cretPassw0rd1";
    private static final String CODE = "/search/code?q=%22example.com%22&sort=indexed&order=desc&per_page=" + GitHub.PER_PAGE;
    private static final String COMMITS = "/search/commits?q=%22example.com%22&sort=committer-date&order=desc&per_page=" + GitHub.PER_PAGE;
    private static final String GISTS = "/gists/public?per_page=" + GitHub.PER_PAGE;
    private final FakeService gh;
    private final SimulatedScheduler scheduler = new SimulatedScheduler(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryEventLog events = new InMemoryEventLog();
    private final ThreatStore store = new InMemoryThreatStore();
    private Threats threats;

    GitHubTest() throws Exception {
        gh = new FakeService();
    }

    @AfterEach
    void stop() {
        threats.close();
        gh.close();
    }

    private String codeItem(String repo, String path, String sha) {
        return """
                {"name": "%3$s", "path": "%2$s", "sha": "%4$s",
                 "url": "%1$s/repositories/1/contents/%2$s?ref=%4$s", "git_url": "%1$s/repositories/1/git/blobs/%4$s",
                 "html_url": "%1$s/%5$s/blob/%4$s/%2$s", "score": 1.0,
                 "repository": {"id": 1, "name": "app", "full_name": "%5$s", "private": false},
                 "text_matches": [{"object_type": "FileContent", "property": "content", "fragment": "APP_URL=https://shop.example.com",
                   "matches": [{"text": "example.com", "indices": [20, 31]}]}]}"""
                .formatted(gh.base(), path, path.substring(path.lastIndexOf('/') + 1), sha, repo);
    }

    private void start() {
        threats = new Threats(scheduler, Runnable::run, events, store, Web.client());
        threats.apply(new ThreatPlan(new WatchList(List.of(Term.of("example.com")), Set.of()), null, Level.MEDIUM, true,
                List.of(new SourcePlan("github", "gh", gh.base(), Duration.ofMinutes(15), Secret.of("ghp_test"), Duration.ZERO, List.of(),
                        List.of()))), List::of);
    }

    private SourceStatus status() {
        return threats.sources().getFirst();
    }

    @Test
    void codeCommitsAndGistsAreJudgedPagesFollowedAndAnUnchangedSearchCostsNothing() {
        String page2 = CODE + "&page=2";
        gh.on(CODE, ex -> {
            if ("\"etag-1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                return FakeService.Answer.of(304, "");
            }
            return new FakeService.Answer(200, Map.of("ETag", "\"etag-1\"", "Link", "<" + gh.base() + page2 + ">; rel=\"next\", <"
                    + gh.base() + page2 + ">; rel=\"last\"", "X-RateLimit-Remaining", "9"),
                    "{\"total_count\": 2, \"incomplete_results\": false, \"items\": [" + codeItem("acme/app", "config/.env", "a1") + "]}");
        });
        gh.on(page2, FakeService.Answer.ok("{\"total_count\": 2, \"incomplete_results\": false, \"items\": ["
                + codeItem("acme/site", "README.md", "b2") + "]}"));
        gh.on("/repositories/1/contents/config/.env", FakeService.Answer.ok("APP_URL=https://shop.example.com\nDB_PASSWORD=" + SECRET + "\n"));
        gh.on("/repositories/1/contents/README.md", FakeService.Answer.of(404, "{\"message\": \"Not Found\"}"));
        gh.on(COMMITS, FakeService.Answer.ok("""
                {"total_count": 1, "incomplete_results": false, "items": [{"sha": "c0ffee1234567890", "html_url": "%s/acme/app/commit/c0ffee",
                 "commit": {"message": "remove the admin@example.com password\\n\\nDB_PASSWORD=%s", "author": {"name": "dev", "date": "2026-12-01T10:00:00Z"}},
                 "repository": {"full_name": "acme/app"}}]}""".formatted(gh.base(), SECRET)));
        gh.on(GISTS, FakeService.Answer.ok("""
                [{"id": "g1", "html_url": "%1$s/g1", "description": "notes", "created_at": "2026-12-02T09:00:00Z",
                  "updated_at": "2026-12-02T09:00:00Z", "files": {"notes.txt": {"filename": "notes.txt", "type": "text/plain",
                  "raw_url": "%1$s/raw/g1/notes.txt", "size": 40}}},
                 {"id": "g2", "html_url": "%1$s/g2", "description": "unrelated", "created_at": "2026-12-02T09:00:00Z",
                  "updated_at": "2026-12-02T09:00:00Z", "files": {}}]""".formatted(gh.base())));
        gh.on("/raw/g1/notes.txt", FakeService.Answer.ok("vpn.example.com is down again"));
        start();
        threats.runNow("gh");

        List<Finding> found = threats.findings(ThreatStore.Filter.ALL);
        assertThat(found).extracting(Finding::title).containsExactlyInAnyOrder(
                "acme/app: config/.env: 1 secret (Password assigned in an environment or config file); mentions example.com",
                "acme/site: README.md: mentions example.com",
                "acme/app commit c0ffee123456: 1 secret (Password assigned in an environment or config file); mentions example.com",
                "Gist g1: mentions example.com");
        assertThat(found).allSatisfy(f -> assertThat(f.excerpt()).doesNotContain(SECRET));
        assertThat(gh.headers.getFirst().get("Authorization")).containsExactly("Bearer ghp_test");
        assertThat(status().lastError()).isEmpty();

        long before = gh.requests.size();
        threats.runNow("gh");
        assertThat(gh.requests.subList((int) before, gh.requests.size())).as("304 for code; the rest seen").doesNotContain(page2)
                .noneMatch(r -> r.startsWith("/repositories/") || r.startsWith("/raw/"));
        assertThat(threats.findings(ThreatStore.Filter.ALL)).hasSize(4);
    }

    @Test
    void aSpentRateLimitWaitsForItsReset() {
        long reset = scheduler.clock().instant().getEpochSecond() + 3600; // longer than the interval: the reset decides
        gh.on(CODE, new FakeService.Answer(403, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(reset)),
                "{\"message\": \"API rate limit exceeded\"}"));
        start();
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(status().lastError()).contains("rate limit");
        assertThat(status().nextRun()).isEqualTo(Instant.ofEpochSecond(reset).plusSeconds(1));
    }

    @Test
    void aRefusedTokenOrMalformedAnswerIsShown() {
        gh.on(CODE, FakeService.Answer.of(401, "{\"message\": \"Bad credentials\"}"));
        start();
        threats.runNow("gh");
        assertThat(status().lastError()).contains("refused the token");
        gh.on(CODE, FakeService.Answer.ok("{\"items\": [ oops"));
        threats.runNow("gh");
        assertThat(status().lastError()).contains("not JSON");
    }
}
