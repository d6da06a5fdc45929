package dev.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.RunningVigil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Every call openapi.yaml documents exists on the server (answers otherwise than an unknown path does). */
class OpenApiTest {
    @TempDir
    Path dir;

    @Test
    void everyDocumentedCallExists() throws Exception {
        Map<String, Object> spec = new Yaml().load(Files.readString(Path.of("..", "openapi.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
        try (RunningVigil vigil = new RunningVigil(dir)) {
            String token = vigil.vigil.tokens().create("t").secret();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/no-such-call"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("Endpoint GET /api/v1/no-such-call not found"); // what an unknown call answers
            for (var p : paths.entrySet()) {
                for (String method : p.getValue().keySet()) {
                    String path = p.getKey().replaceAll("\\{[^}]+}", "x");
                    // Only reads are made for real; writes get an empty body, enough to reach the route's own checks.
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vigil.base + path)).header("Authorization", "Bearer " + token);
                    b = method.equals("get") ? b.GET() : b.method(method.toUpperCase(java.util.Locale.ROOT), HttpRequest.BodyPublishers.ofString("{}"));
                    if (method.equals("post") && (path.endsWith("/reload") || path.endsWith("/accept") || path.endsWith("/send")
                            || path.endsWith("/test"))) {
                        continue; // these act; the route is covered by its own test
                    }
                    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode() == 404 && r.body().contains("Endpoint ") || r.statusCode() == 405)
                            .as("%s %s is documented but the server does not know it", method, p.getKey()).isFalse();
                }
            }
        }
    }
}
