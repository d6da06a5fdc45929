package dev.vigil.server.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.RunningVigil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integrity in the running server: real-time changes as events, grouping, accepting, and the events API. */
class IntegrityEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil vigil;

    @AfterEach
    void stop() {
        if (vigil != null) {
            vigil.close();
        }
    }

    private List<JsonNode> events(String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/events?limit=500"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }

    @Test
    void aChangeIsAnEventWithinTwoSecondsAManyFileUpgradeIsOneEventAndAcceptingClosesThem() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("etc/sudoers.d"));
        Files.writeString(tree.resolve("etc/app.conf"), "listen 80\n");
        vigil = new RunningVigil(dir, """
                integrity:
                  paths: [{path: "%s", report_changes: true}]
                  web_roots: []
                  scan_interval: 1h
                  audit_interval: 24h
                  realtime: true
                """.formatted(tree));
        String token = vigil.vigil.tokens().create("t").secret();
        vigil.vigil.integrity().scanNow(); // the baseline
        Thread.sleep(1000); // the watches are in place

        Files.writeString(tree.resolve("etc/sudoers.d/eve"), "eve ALL=(ALL) NOPASSWD: ALL\n");
        await().atMost(Duration.ofSeconds(2)).until(() -> events(token).stream().anyMatch(e ->
                e.get("source").asText().equals("integrity") && e.get("title").asText().endsWith("sudoers.d/eve added on shop")));
        JsonNode added = events(token).stream().filter(e -> e.get("title").asText().contains("sudoers.d/eve")).findFirst().orElseThrow();
        assertThat(added.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(vigil.vigil.integrity().pending()).extracting(c -> c.kind().id()).contains("added");

        for (int i = 0; i < 30; i++) {
            Files.writeString(tree.resolve("etc/pkg-" + i), "v2");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> events(token).stream().anyMatch(e ->
                e.get("title").asText().startsWith("30 files changed on shop")));
        assertThat(events(token)).noneMatch(e -> e.get("title").asText().contains("sudoers.d modified")); // a directory gaining an entry
        assertThat(events(token).stream().filter(e -> e.get("title").asText().contains("pkg-")).count()).as("not one event per file").isZero();

        HttpClient http = HttpClient.newHttpClient();
        JsonNode pending = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/integrity/changes"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(pending.size()).isEqualTo(31);
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/integrity/accept"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString("{\"all\": true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(vigil.vigil.integrity().pending()).isEmpty();
        assertThat(events(token)).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("recovery");
            assertThat(e.get("title").asText()).contains("sudoers.d/eve").contains("accepted");
        });
    }

    @Test
    void withoutRealTimeEventsTheFullScanIsTheSafetyNet() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("app.conf"), "a\n");
        vigil = new RunningVigil(dir, """
                integrity:
                  paths: ["%s"]
                  web_roots: []
                  scan_interval: 1h
                  audit_interval: 24h
                  realtime: false
                """.formatted(tree));
        String token = vigil.vigil.tokens().create("t").secret();
        vigil.vigil.integrity().scanNow();
        Files.writeString(tree.resolve("app.conf"), "b\n"); // as if the watch queue had overflowed: no notice
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(1500)).atMost(java.time.Duration.ofSeconds(3))
                .until(() -> events(token).stream().noneMatch(e -> e.get("source").asText().equals("integrity")));
        vigil.vigil.integrity().scanNow(); // the periodic scan
        assertThat(events(token)).anySatisfy(e -> assertThat(e.get("title").asText()).endsWith("app.conf modified on shop"));
    }
}
