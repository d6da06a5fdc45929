package dev.vigil.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.server.RunningVigil;
import dev.vigil.server.WebhookSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16's webhook acceptance: a burst of related events on one host is one message, with its incident and event count. */
class IncidentNotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil vigil;
    private WebhookSink hook;

    @AfterEach
    void stop() {
        if (vigil != null) {
            vigil.close();
        }
        hook.close();
    }

    @Test
    void twentyRelatedEventsWithinAMinuteAreOnePostPlusAtMostOneUpdatePerGroupInterval() throws Exception {
        hook = new WebhookSink();
        vigil = new RunningVigil(dir, hook.config());
        Thread.sleep(1500); // the check's first OK results
        hook.bodies.clear();
        Instant start = Instant.now();
        for (int i = 0; i < 20; i++) {
            vigil.vigil.events().append(List.of(Event.of(EventKind.PROBLEM, Instant.now(), "db1", "logs", Severity.WARNING,
                    "postgres: error " + i, "burst-" + i)));
            Thread.sleep(100);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.posts().stream().mapToInt(p -> p.get("events").asInt()).sum() >= 20);
        Thread.sleep(1000);
        List<JsonNode> posts = hook.posts();
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        assertThat(posts.size()).as("one message, then at most one update per 10 s group interval in %d s", seconds)
                .isBetween(1, 1 + (int) (seconds / 10) + 1);
        assertThat(posts).extracting(p -> p.get("incident").asLong()).containsOnly(posts.getFirst().get("incident").asLong());
        assertThat(posts.getFirst().get("incident").asLong()).isPositive();
        assertThat(posts.stream().mapToInt(p -> p.get("events").asInt()).sum()).isEqualTo(20);
        JsonNode incident = JSON.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(vigil.base + "/api/v1/incidents/" + posts.getFirst().get("incident").asLong()))
                .header("Authorization", "Bearer " + vigil.vigil.tokens().create("t").secret()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(incident.get("events").size()).isEqualTo(20);

        // The delivery history says how many events each message carried, and which incident it was about.
        String token = vigil.vigil.tokens().create("h").secret();
        JsonNode history = JSON.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(vigil.base + "/api/v1/notifications")).header("Authorization", "Bearer " + token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        int carried = 0;
        for (JsonNode d : history) {
            if (d.path("incident").asLong() == posts.getFirst().get("incident").asLong()) {
                carried += d.get("events").asInt();
            }
        }
        assertThat(carried).isEqualTo(20);
    }
}
