package dev.vigil.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.access.Tokens;
import dev.vigil.server.RunningVigil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incidents in the running server: the story's 503 page with the password is one security incident, through the API. */
class IncidentsApiTest {
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

    private HttpResponse<String> api(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vigil.base + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, String token) throws Exception {
        return JSON.readTree(api("GET", path, token, null).body());
    }

    @Test
    void theErrorPageThatPrintsThePasswordIsOneSecurityIncidentWithItsEventsInOrder() throws Exception {
        vigil = new RunningVigil(dir, "incidents: {window: 30m, security_window: 7d}\n");
        String admin = vigil.vigil.tokens().create("ops").secret();
        String reader = vigil.vigil.tokens().create("reader", Tokens.Scope.READ, null).secret();
        vigil.targetBody = "<h1>503</h1><pre>DB_PASSWORD=Sup3rS3cretPassw0rd1</pre>";
        vigil.targetStatus = 503;
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode all = get("/api/v1/incidents", admin).get("incidents");
            return all.size() == 1 && all.get(0).get("events").asInt() >= 2;
        });
        JsonNode listed = get("/api/v1/incidents", admin).get("incidents").get(0);
        long id = listed.get("id").asLong();
        assertThat(listed.get("title").asText()).isEqualTo("Security: credentials leaked (shop)");
        assertThat(listed.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(listed.get("state").asText()).isEqualTo("open");
        assertThat(listed.get("kind").asText()).isEqualTo("security");
        assertThat(listed.get("opened").asText()).isNotEmpty();
        assertThat(listed.get("earliest").get("source").asText()).isIn("check", "threat");

        JsonNode one = get("/api/v1/incidents/" + id, admin);
        List<String> times = new ArrayList<>();
        one.get("events").forEach(e -> {
            assertThat(e.has("source") && e.has("host") && e.has("title") && e.has("severity") && e.has("time")).isTrue();
            times.add(e.get("time").asText());
        });
        assertThat(times).isSorted();
        assertThat(one.get("events")).extracting(e -> e.get("source").asText()).contains("check", "threat");
        assertThat(one.toString()).doesNotContain("Sup3rS3cretPassw0rd1");
        JsonNode events = get("/api/v1/events?limit=50", admin);
        assertThat(events).filteredOn(e -> e.get("source").asText().equals("threat")).singleElement()
                .satisfies(e -> assertThat(e.get("incident").asLong()).as("each event links to its incident").isEqualTo(id));

        String report = api("GET", "/api/v1/incidents/" + id + "/report.md", admin, null).body();
        assertThat(report).startsWith("# Incident " + id + ": Security: credentials leaked (shop)").contains("**earliest signal:**")
                .doesNotContain("Sup3rS3cretPassw0rd1");

        assertThat(api("POST", "/api/v1/incidents/" + id + "/acknowledge", reader, "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> acked = api("POST", "/api/v1/incidents/" + id + "/acknowledge", admin, "{\"comment\": \"on it\"}");
        assertThat(acked.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(acked.body()).get("note").asText()).isEqualTo("acknowledged by ops: on it");
        assertThat(JSON.readTree(api("POST", "/api/v1/incidents/" + id + "/resolve", admin, "").body()).get("state").asText())
                .isEqualTo("resolved");
        assertThat(api("GET", "/api/v1/incidents/999", admin, null).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/v1/incidents?state=maybe", admin, null).statusCode()).isEqualTo(400);

        vigil.targetStatus = 200;
        vigil.targetBody = "shop";
        vigil.restart(); // the cursor and the incidents are kept: nothing is read twice
        Thread.sleep(1500);
        assertThat(get("/api/v1/incidents/" + id, admin).get("events").size()).isEqualTo(one.get("events").size());
    }
}
