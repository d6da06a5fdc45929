package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A Vigil server's API as an admin token sees it, for tests that run the server as its own process. */
public final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    public AdminApi(int port, String token) {
        this("http://127.0.0.1:" + port, token);
    }

    public AdminApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The names of a host's series, as {@code GET /api/v1/series?host=} lists them. */
    public java.util.List<String> seriesNames(String host) throws IOException, InterruptedException {
        java.util.List<String> names = new java.util.ArrayList<>();
        get("/api/v1/series?host=" + java.net.URLEncoder.encode(host, java.nio.charset.StandardCharsets.UTF_8))
                .forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    /** GETs {@code path} (which must answer 200) as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        var r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
