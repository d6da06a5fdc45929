package dev.vigil.server.http;

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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP, against a real engine checking a real local web server. */
class ApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil running;
    private String base;
    private String token;
    private final HttpClient client = HttpClient.newHttpClient();

    /** More configuration: where the state lives, for the same tests on PostgreSQL. */
    String extraYaml() {
        return "";
    }

    @BeforeEach
    void start() throws Exception {
        running = new RunningVigil(dir, extraYaml());
        base = running.base;
        token = running.vigil.tokens().create("test").secret();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body, token);
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private JsonNode service(String name) throws Exception {
        for (JsonNode s : json(call("GET", "/api/v1/services", null))) {
            if (s.get("service").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name);
    }

    @Test
    void everyApiCallNeedsAValidToken() throws Exception {
        HttpResponse<String> none = call("GET", "/api/v1/services", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"vigil\"");
        assertThat(json(none).get("error").asText()).contains("Authorization: Bearer");
        assertThat(call("GET", "/api/v1/services", null, "vigil_forged").statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/v1/reload", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/nope", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void servicesListCurrentStateInTheDocumentedShape() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> !service("web").get("lastCheck").isNull());
        JsonNode web = service("web");
        assertThat(web.get("host").asText()).isEqualTo("shop");
        assertThat(web.get("state").asText()).isEqualTo("OK");
        assertThat(web.get("stateType").asText()).isEqualTo("HARD");
        assertThat(web.get("attempt").asInt()).isEqualTo(1);
        assertThat(Instant.parse(web.get("lastCheck").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(web.get("output").asText()).startsWith("HTTP OK");

        running.targetStatus = 502;
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode s = service("web");
            return s.get("stateType").asText().equals("HARD") && s.get("state").asText().equals("CRITICAL");
        });
        JsonNode events = json(call("GET", "/api/v1/events?host=shop", null));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("problem");
            assertThat(e.get("title").asText()).isEqualTo("web on shop is CRITICAL");
            assertThat(e.get("alerts").asBoolean()).isTrue();
        });
        JsonNode history = json(call("GET", "/api/v1/results?host=shop&service=web&limit=50", null));
        assertThat(history.size()).isGreaterThanOrEqualTo(2);
        assertThat(history.get(0).get("perfdata").get(0).get("label").asText()).isEqualTo("time");
    }

    @Test
    void aDeployPipelineTellsOfADeployWhichMarksTheServicesGraphs() throws Exception {
        String submit = running.vigil.tokens().create("ci", dev.vigil.core.access.Tokens.Scope.SUBMIT, null).secret();
        String read = running.vigil.tokens().create("viewer", dev.vigil.core.access.Tokens.Scope.READ, null).secret();
        HttpResponse<String> told = call("POST", "/api/v1/events",
                "{\"kind\":\"deploy\",\"service\":\"shop\",\"version\":\"2.0.1\",\"when\":\"2026-12-03T04:31:00Z\","
                        + "\"description\":\"pipeline #88, password=hunter2\"}", submit);
        assertThat(told.statusCode()).isEqualTo(201);
        assertThat(json(told).get("title").asText()).isEqualTo("shop deployed 2.0.1");
        JsonNode deploy = json(call("GET", "/api/v1/events?host=shop&since=2026-12-01T00:00:00Z", null));
        assertThat(deploy).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("deploy");
            assertThat(e.get("when").asText()).isEqualTo("2026-12-03T04:31:00Z");
            assertThat(e.get("severity").asText()).isEqualTo("INFO");
            assertThat(e.get("details").asText()).contains("'ci' through the API: pipeline #88").doesNotContain("hunter2");
        });
        // Telling needs submit (a viewer cannot); anything but a deploy, or without a service, is refused and says why.
        assertThat(call("POST", "/api/v1/events", "{\"kind\":\"deploy\",\"service\":\"shop\"}", read).statusCode()).isEqualTo(403);
        HttpResponse<String> problem = call("POST", "/api/v1/events", "{\"kind\":\"problem\",\"service\":\"shop\"}", submit);
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(json(problem).get("error").asText()).contains("'kind' must be 'deploy'");
        assertThat(json(call("POST", "/api/v1/events", "{\"kind\":\"deploy\"}", submit)).get("error").asText()).isEqualTo("missing 'service'");
        assertThat(call("POST", "/api/v1/events", "{\"kind\":\"deploy\",\"service\":\"shop\",\"when\":\"soon\"}", submit)
                .statusCode()).isEqualTo(400);
    }

    @Test
    void passiveResultsAcknowledgementsAndDowntimes() throws Exception {
        HttpResponse<String> submitted = call("POST", "/api/v1/results",
                "{\"host\":\"shop\",\"service\":\"backup\",\"state\":\"CRITICAL\",\"output\":\"BACKUP CRITICAL - no space | size=0B;;;0\"}");
        assertThat(submitted.statusCode()).isEqualTo(200);
        JsonNode backup = service("backup");
        assertThat(backup.get("state").asText()).isEqualTo("CRITICAL");
        assertThat(backup.get("passive").asBoolean()).isTrue();
        assertThat(backup.get("perfdata").get(0).get("label").asText()).isEqualTo("size");

        assertThat(call("POST", "/api/v1/acknowledgements",
                "{\"host\":\"shop\",\"service\":\"backup\",\"comment\":\"disk ordered\"}").statusCode()).isEqualTo(201);
        assertThat(service("backup").get("acknowledgement").get("author").asText()).isEqualTo("test");
        assertThat(call("DELETE", "/api/v1/acknowledgements?host=shop&service=backup", null).statusCode()).isEqualTo(204);

        HttpResponse<String> dt = call("POST", "/api/v1/downtimes",
                "{\"host\":\"shop\",\"cron\":\"30 4 * * 4\",\"duration\":\"1h\",\"comment\":\"weekly backup\"}");
        assertThat(dt.statusCode()).isEqualTo(201);
        String id = json(dt).get("id").asText();
        assertThat(json(call("GET", "/api/v1/downtimes", null))).anySatisfy(d -> assertThat(d.get("id").asText()).isEqualTo(id));
        assertThat(call("DELETE", "/api/v1/downtimes/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/downtimes/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputGetsAClearJsonErrorAndNoInternals() throws Exception {
        List<HttpResponse<String>> bad = List.of(
                call("POST", "/api/v1/results", "not json"),
                call("POST", "/api/v1/results", "{\"host\":\"shop\",\"service\":\"backup\",\"state\":\"SORTA\"}"),
                call("POST", "/api/v1/results", "{\"host\":\"nope\",\"service\":\"backup\",\"state\":\"OK\"}"),
                call("POST", "/api/v1/downtimes", "{\"host\":\"shop\",\"cron\":\"whenever\",\"duration\":\"1h\"}"),
                call("POST", "/api/v1/downtimes", "{\"host\":\"shop\",\"duration\":\"soon\"}"),
                call("POST", "/api/v1/acknowledgements", "{\"host\":\"shop\",\"service\":\"web\"}"),
                call("GET", "/api/v1/results?host=shop&service=web&limit=-1", null));
        assertThat(bad).extracting(HttpResponse::statusCode).containsExactly(400, 400, 404, 400, 400, 409, 400);
        for (HttpResponse<String> r : bad) {
            assertThat(json(r).get("error").asText()).isNotBlank();
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain(dir.toString());
        }
    }

    @Test
    void hostsAndServicesRegisteredAtRuntimeAreCheckedAndSurviveARestart() throws Exception {
        assertThat(call("POST", "/api/v1/hosts", "{\"name\":\"web9\",\"address\":\"127.0.0.1\",\"groups\":[\"shop\"]}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> svc = call("POST", "/api/v1/services", ("{\"name\":\"port\",\"host\":\"web9\",\"type\":\"tcp\","
                + "\"port\":%d,\"interval\":\"1s\"}").formatted(running.target.getAddress().getPort()));
        assertThat(svc.statusCode()).isEqualTo(201);
        HttpResponse<String> invalid = call("POST", "/api/v1/services", "{\"name\":\"x\",\"host\":\"web9\",\"type\":\"tcp\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("errors").toString()).contains("missing 'port'");
        assertThat(call("POST", "/api/v1/hosts", "{\"name\":\"shop\"}").statusCode()).isEqualTo(409);

        await().atMost(Duration.ofSeconds(10)).until(() -> service("port").get("state").asText().equals("OK"));

        running.restart();
        base = running.base;
        assertThat(json(call("GET", "/api/v1/hosts", null))).anySatisfy(h -> {
            assertThat(h.get("host").asText()).isEqualTo("web9");
            assertThat(h.get("origin").asText()).isEqualTo("api");
        });
        assertThat(service("port").get("state").asText()).isEqualTo("OK");

        assertThat(call("DELETE", "/api/v1/hosts?name=shop", null).statusCode()).isEqualTo(409);
        assertThat(call("DELETE", "/api/v1/hosts?name=web9", null).statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/api/v1/services?host=web9", null))).isEmpty();
    }

    @Test
    void aReloadWithErrorsKeepsTheRunningConfiguration() throws Exception {
        Files.writeString(dir.resolve("vigil.yml"), "hosts:\n  - name: shop\nservices:\n  - name: web\n    host: shop\n    type: htp\n");
        HttpResponse<String> r = call("POST", "/api/v1/reload", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("errors").get(0).asText()).startsWith("vigil.yml:6: unknown check type 'htp'");
        assertThat(service("web").get("type").asText()).isEqualTo("http");
        assertThat(service("backup")).isNotNull();
    }
}
