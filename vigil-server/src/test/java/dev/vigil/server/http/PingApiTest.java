package dev.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.access.Tokens;
import dev.vigil.server.RunningVigil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push monitors over real HTTP: a job pings without a token, only admins see the secret URLs. */
class PingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil running;
    private String admin;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        running = new RunningVigil(dir);
        admin = running.vigil.tokens().create("admin", Tokens.Scope.ADMIN, null).secret();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode service(String name) throws Exception {
        for (JsonNode s : JSON.readTree(call("GET", "/api/v1/services", null, admin).body())) {
            if (s.get("service").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name);
    }

    @Test
    void aJobPingsItsSecretUrlWithoutATokenAndOnlyAdminsSeeTheUrl() throws Exception {
        assertThat(call("POST", "/api/v1/services", "{\"name\":\"nightly\",\"host\":\"shop\",\"type\":\"push\",\"period\":\"1d\",\"grace\":\"1h\"}",
                admin).statusCode()).isIn(200, 201);
        JsonNode monitors = JSON.readTree(call("GET", "/api/v1/push", null, admin).body()).get("monitors");
        assertThat(monitors).hasSize(1);
        String url = monitors.get(0).get("url").asText();
        assertThat(url).startsWith(running.base + "/ping/");
        assertThat(monitors.get(0).get("schedule").asText()).isEqualTo("every 1d");
        String path = url.substring(running.base.length());

        // A viewer's token, or none, never sees the URLs.
        String reader = running.vigil.tokens().create("viewer", Tokens.Scope.READ, null).secret();
        assertThat(call("GET", "/api/v1/push", null, reader).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/push", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/services", null, reader).body()).doesNotContain(path.substring(6));

        // The job: curl -fsS URL (no token, no session, no redirect to the login page).
        HttpResponse<String> ok = call("GET", path, null, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("OK\n");
        assertThat(service("nightly").get("state").asText()).isEqualTo("OK");

        assertThat(call("POST", path + "/start", "", null).statusCode()).isEqualTo(200);
        HttpResponse<String> failed = call("POST", path + "/2", "rsync: No space left on device\nmore lines", null);
        assertThat(failed.statusCode()).isEqualTo(200);
        JsonNode nightly = service("nightly");
        assertThat(nightly.get("state").asText()).isEqualTo("CRITICAL");
        assertThat(nightly.get("output").asText()).startsWith("the job reported a failure (exit code 2), ran ")
                .endsWith(": rsync: No space left on device");
        assertThat(call("HEAD", path + "/0", null, null).statusCode()).isEqualTo(200);
        assertThat(service("nightly").get("state").asText()).isEqualTo("OK");

        for (String bad : List.of("/ping/0f8fad5b-d9cb-469f-a165-70867728950e", "/ping/x")) {
            assertThat(call("GET", bad, null, null).statusCode()).as(bad).isEqualTo(404);
        }
        assertThat(call("GET", path + "/999", null, null).statusCode()).isEqualTo(400);
        assertThat(call("GET", path + "/bogus", null, null).statusCode()).isEqualTo(400);
    }
}
