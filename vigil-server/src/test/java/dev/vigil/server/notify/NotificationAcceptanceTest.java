package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.RunningVigil;
import dev.vigil.server.WebhookSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification issue's acceptance: one POST for the problem, one for the recovery, with the documented fields. */
class NotificationAcceptanceTest {
    @TempDir
    Path dir;

    private WebhookSink hook;
    private RunningVigil vigil;

    @BeforeEach
    void start() throws Exception {
        hook = new WebhookSink();
        vigil = new RunningVigil(dir, hook.config("group_wait: 0s"));
    }

    @AfterEach
    void stop() {
        vigil.close();
        hook.close();
    }

    @Test
    void aHardProblemPostsOnceAndItsRecoveryOnceMore() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> vigil.vigil.results()
                .results(dev.vigil.checks.Target.service("shop", "web"), Instant.EPOCH, 10).size() >= 2); // a few OK results first
        assertThat(hook.bodies).isEmpty();
        Instant broke = Instant.now();
        vigil.targetStatus = 502;
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.bodies.size() == 1);
        JsonNode firing = hook.posts().get(0);
        assertThat(firing.get("status").asText()).isEqualTo("firing");
        assertThat(firing.get("host").asText()).isEqualTo("shop");
        assertThat(firing.get("title").asText()).isEqualTo("web on shop is CRITICAL");
        assertThat(firing.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(firing.get("fingerprint").asText()).hasSize(32);
        assertThat(Instant.parse(firing.get("startsAt").asText())).isAfter(broke.minusSeconds(1));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> hook.bodies.size() == 1); // still broken: nothing more

        vigil.targetStatus = 200;
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.bodies.size() == 2);
        JsonNode resolved = hook.posts().get(1);
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("fingerprint").asText()).isEqualTo(firing.get("fingerprint").asText());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> hook.bodies.size() == 2);
    }

    private java.net.http.HttpResponse<String> api(String method, String path, String body) throws Exception {
        String token = vigil.vigil.tokens().list().isEmpty() ? vigil.vigil.tokens().create("t").secret() : this.token;
        this.token = token;
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(vigil.base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body == null ? "" : body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private String token;

    @Test
    void aSilenceMutesTheProblemAndTheHistoryAndTestButtonWork() throws Exception {
        var created = api("POST", "/api/v1/silences",
                "{\"matchers\": {\"host\": \"shop\"}, \"duration\": \"1h\", \"comment\": \"deploy\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(api("POST", "/api/v1/silences", "{\"matchers\": {}}").statusCode()).isEqualTo(400);
        vigil.targetStatus = 502;
        await().atMost(Duration.ofSeconds(10)).until(() -> vigil.vigil.events().newest("shop", Instant.EPOCH, 10).stream()
                .anyMatch(e -> e.event().kind().id().equals("problem")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(hook.bodies::isEmpty);

        assertThat(api("POST", "/api/v1/receivers/ops-hook/test", null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.bodies.size() == 1);
        assertThat(hook.posts().get(0).get("test").asBoolean()).isTrue();
        assertThat(api("POST", "/api/v1/receivers/nobody/test", null).statusCode()).isEqualTo(404);
        JsonNode history = new ObjectMapper().readTree(api("GET", "/api/v1/notifications", null).body());
        assertThat(history).anySatisfy(d -> {
            assertThat(d.get("receiver").asText()).isEqualTo("ops-hook");
            assertThat(d.get("channel").asText()).isEqualTo("webhook");
            assertThat(d.get("state").asText()).isEqualTo("sent");
        });
    }

    @Test
    void theLinkInTheMessageAcknowledgesOnceAndNothingElse() throws Exception {
        vigil.targetStatus = 502;
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.bodies.size() == 1);
        String link = hook.posts().get(0).get("acknowledgeLinks").elements().next().asText();
        assertThat(link).startsWith(vigil.base + "/ack?t=");
        var client = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        var page = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("web on shop");
        // A GET (a mail scanner following the link) changes nothing.
        assertThat(vigil.vigil.engine().status(dev.vigil.checks.Target.service("shop", "web")).orElseThrow()
                .acknowledgement()).isNull();
        String csrf = page.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        String token = link.substring(link.indexOf("t=") + 2);
        java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> post = (t, c) -> {
            try {
                return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(vigil.base + "/ack"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + c + "&t=" + t)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(post.apply(token.substring(0, token.length() - 4) + "AAAA", csrf).statusCode()).isEqualTo(403);
        assertThat(post.apply(token, "wrong-csrf").statusCode()).isEqualTo(403);
        var done = post.apply(token, csrf);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Acknowledged");
        assertThat(vigil.vigil.engine().status(dev.vigil.checks.Target.service("shop", "web")).orElseThrow()
                .acknowledgement().author()).isEqualTo("acknowledgement link");
        // With a fresh form, the link is still refused: it is used up.
        String again = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        String csrf2 = again.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        var reused = post.apply(token, csrf2);
        assertThat(reused.statusCode()).isEqualTo(410);
        assertThat(reused.body()).contains("used already");
        // The link signs in to nothing: the dashboard still wants a session.
        var overview = java.net.http.HttpClient.newBuilder().cookieHandler(client.cookieHandler().orElseThrow())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(vigil.base + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(overview.statusCode()).isEqualTo(303);
    }
}
