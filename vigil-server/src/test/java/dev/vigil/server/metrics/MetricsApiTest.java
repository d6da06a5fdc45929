package dev.vigil.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.RunningVigil;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics issue's API contracts over real HTTP, with the real local collector and check perfdata. */
class MetricsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil vigil;
    private String token;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vigil = new RunningVigil(dir);
        token = vigil.vigil.tokens().create("t").secret();
    }

    @AfterEach
    void stop() {
        vigil.close();
    }

    private HttpResponse<byte[]> get(String path, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vigil.base + path));
        if (auth) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode json(String path) throws Exception {
        return JSON.readTree(get(path, true).body());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theLocalHostsSeriesAppearAndCanBeQueriedDrawnAndForecast() throws Exception {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<String> names = new ArrayList<>();
            json("/api/v1/series?host=shop").forEach(s -> names.add(s.get("name").asText()));
            assertThat(names).contains("load.1min", "cpu.user", "memory.used", "swap.used", "disk./.percent", "web.time");
        });
        JsonNode disk = null;
        for (JsonNode s : json("/api/v1/series?host=shop")) {
            if (s.get("name").asText().equals("disk./.percent")) {
                disk = s;
            }
        }
        assertThat(disk.get("host").asText()).isEqualTo("shop");
        assertThat(disk.get("unit").asText()).isEqualTo("%");

        Instant now = Instant.now();
        JsonNode q = json("/api/v1/series/query?name=" + q("load.1min") + "&host=shop&from=" + now.minusSeconds(60)
                + "&to=" + now.plusSeconds(1));
        assertThat(q.get("points").size()).isGreaterThan(10);
        assertThat(q.get("points").get(0).get(0).isNumber()).isTrue();
        boolean someValue = false;
        for (JsonNode p : q.get("points")) {
            assertThat(p.get(1).isNull() || p.get(1).isNumber()).isTrue();
            someValue |= p.get(1).isNumber();
        }
        assertThat(someValue).isTrue();

        HttpResponse<byte[]> png = get("/api/v1/graph.png?name=" + q("disk./.percent") + "&host=shop&range=day", true);
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("image/png"));
        assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');

        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/processes?host=shop", true).statusCode() == 200);
        JsonNode top = json("/api/v1/processes?host=shop&at=" + Instant.now());
        assertThat(top.get("byCpu").size()).isPositive();
        assertThat(top.get("byMemory").get(0).get("rssBytes").asLong()).isPositive();

        JsonNode forecast = json("/api/v1/forecast?name=" + q("disk./.percent") + "&host=shop");
        assertThat(forecast.has("daysLeft")).isTrue();
        assertThat(forecast.has("fullAt")).isTrue();
        assertThat(forecast.get("method").asText()).isIn("linear", "holt-winters");
    }

    @Test
    void aSeriesCanBeDeletedWithAWriteToken() throws Exception {
        var key = new dev.vigil.metrics.SeriesKey("shop", "backup.size");
        vigil.vigil.metrics().store().record(dev.vigil.metrics.SeriesInfo.of(key, "B", "perfdata"), Instant.now(), 5);
        String path = "/api/v1/series?host=shop&name=backup.size";
        String reader = vigil.vigil.tokens().create("reader", dev.vigil.core.access.Tokens.Scope.READ, null).secret();
        assertThat(client.send(HttpRequest.newBuilder(URI.create(vigil.base + path)).header("Authorization", "Bearer " + reader)
                .DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        HttpRequest delete = HttpRequest.newBuilder(URI.create(vigil.base + path)).header("Authorization", "Bearer " + token)
                .DELETE().build();
        assertThat(client.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        assertThat(vigil.vigil.metrics().store().info(key)).isEmpty();
        assertThat(client.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }

    @Test
    void badNamesUnknownSeriesAndMissingTokensAreRefused() throws Exception {
        assertThat(get("/api/v1/series?host=shop", false).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", false).statusCode()).isEqualTo(401);
        assertThat(new String(get("/metrics", true).body(), StandardCharsets.UTF_8)).contains("vigil_checks_run_total");
        assertThat(get("/api/v1/series/query?name=" + q("../../etc/passwd") + "&host=shop", true).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/series/query?name=nope&host=shop", true).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/graph.png?name=load.1min&host=shop&range=decade", true).statusCode()).isIn(400, 404);
    }

    @Test
    void aReloadAppliesNewMetricAlertRulesWithoutARestart() throws Exception {
        Path file = dir.resolve("vigil.yml");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file)
                + "metric_alerts:\n  - name: load.1min\n    host: shop\n    warning: -1\n    for: 0s\n");
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/reload"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode e : json("/api/v1/events?host=shop")) {
                if (e.get("title").asText().equals("load.1min on shop is above -1")) {
                    return true;
                }
            }
            return false;
        });
    }
}
