package dev.vigil.server.apm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.access.Tokens;
import dev.vigil.server.RunningVigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.core.config.ConfigException;
import dev.vigil.server.http.OtlpListener;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OTLP/HTTP listener as exporters and curl meet it: tokens, encodings, bad exports. */
class OtlpListenerTest {
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private static String export(long nowNanos) {
        return """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                 "name":"GET /checkout","kind":2,"startTimeUnixNano":"%d","endTimeUnixNano":"%d","status":{}}]}]}]}
                """.formatted(nowNanos, nowNanos + 120_000_000L);
    }

    private HttpResponse<String> post(int port, String token, String type, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aJsonExportWithASubmitTokenIsTakenAndTheRestRefusedClearly() throws Exception {
        try (RunningVigil v = new RunningVigil(dir, "apm: {otlp: {listen: 127.0.0.1:0}}\n");
             OtlpListener otlp = OtlpListener.of(v.vigil)) {
            int port = otlp.start("127.0.0.1", 0);
            String submit = v.vigil.tokens().create("otel", Tokens.Scope.SUBMIT, null).secret();
            String read = v.vigil.tokens().create("reader", Tokens.Scope.READ, null).secret();
            byte[] body = export(System.currentTimeMillis() * 1_000_000).getBytes(StandardCharsets.UTF_8);

            assertThat(post(port, null, "application/json", null, body).statusCode()).isEqualTo(401);
            assertThat(post(port, "not-a-token", "application/json", null, body).statusCode()).isEqualTo(401);
            HttpResponse<String> readOnly = post(port, read, "application/json", null, body);
            assertThat(readOnly.statusCode()).isEqualTo(403);
            assertThat(readOnly.body()).contains("'submit'");
            assertThat(post(port, submit, "text/plain", null, body).statusCode()).isEqualTo(415);
            HttpResponse<String> garbage = post(port, submit, "application/json", null, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"x\"}]}]}]}"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(garbage.statusCode()).isEqualTo(400);
            assertThat(garbage.body()).contains("traceId must be 32 hex digits");
            assertThat(post(port, submit, "application/json", "br", body).statusCode()).isEqualTo(400);

            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(body);
            }
            HttpResponse<String> ok = post(port, submit, "application/json", "gzip", gz.toByteArray());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{}");

            // Within 15 s the service is listed with its figures (acceptance).
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> services = client.send(HttpRequest.newBuilder(URI.create(v.base + "/api/v1/apm/services"))
                        .header("Authorization", "Bearer " + read).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(services.body()).contains("{\"services\":[{\"name\":\"shop\"").contains("\"rate\":").contains("\"errorRate\":0.0")
                        .contains("\"p95\":").contains("\"apdex\":1.0");
            });
            // Metrics and logs come in protobuf or JSON; garbage is refused with what is wrong, another type with the two taken.
            for (var c : List.of(List.of("/v1/metrics", "text/plain", "415", "application/json"),
                    List.of("/v1/metrics", "application/x-protobuf", "400", "not an OTLP protobuf export"),
                    List.of("/v1/logs", "application/json", "400", "not JSON"),
                    List.of("/v1/logs", "application/x-protobuf", "400", "not an OTLP protobuf export"))) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.get(0)))
                        .header("Authorization", "Bearer " + submit).header("Content-Type", c.get(1))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 1, 2})).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(c.toString()).isEqualTo(Integer.parseInt(c.get(2)));
                assertThat(r.body()).contains(c.get(3));
            }
            // An OTLP/JSON gauge (the shape of OTLP's examples/metrics.json) is a series.
            long nanos = System.currentTimeMillis() * 1_000_000;
            HttpResponse<String> gauge = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                    .header("Authorization", "Bearer " + submit).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                             "scopeMetrics":[{"metrics":[{"name":"queue.depth","unit":"1","gauge":{"dataPoints":[
                               {"asInt":"42","timeUnixNano":"%d","attributes":[{"key":"queue","value":{"stringValue":"orders"}}],
                                "exemplars":[{"asDouble":1,"timeUnixNano":"%d","traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}}]}]}]}
                            """.formatted(nanos, nanos))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(gauge.statusCode()).as(gauge.body()).isEqualTo(200);
            assertThat(v.vigil.metrics().store().info(new dev.vigil.metrics.SeriesKey("shop", "queue.depth,queue=orders"))).isPresent();
            // An OTLP/JSON log record is a line of the pipeline, its ids in hex as OTLP/JSON writes them.
            HttpResponse<String> log = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/logs"))
                    .header("Authorization", "Bearer " + submit).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                             "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","severityText":"ERROR","body":{"stringValue":"checkout failed"},
                               "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}
                            """.formatted(nanos))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(v.vigil.logs().index().search(
                    "\"5b8efff798038103d269b633813fc60c\"", java.time.Instant.now().minusSeconds(3600), java.time.Instant.now().plusSeconds(60),
                    0, 10, 0).hits()).extracting(h -> h.message()).anySatisfy(m -> assertThat(m).contains("shop: ERROR checkout failed")
                    .contains("span_id=eee19b7ec3c1b174")));
        }
    }

    @Test
    void aBadApmSectionIsReportedWithItsLine() throws Exception {
        Files.writeString(dir.resolve("vigil.yml"), "apm:\n  otlp: {listen: nowhere}\n  apdex_t: -1s\n  traces: {wait: 1h}\n");
        try {
            new ConfigFiles(dir.resolve("vigil.yml"), "vigil.yml").load(InstantSource.system(), List.of(), List.of());
            throw new AssertionError("the config was accepted");
        } catch (ConfigException e) {
            assertThat(e.errors().stream().map(Object::toString).toList()).anySatisfy(m -> assertThat(m).contains("vigil.yml:2").contains("HOST:PORT"))
                    .anySatisfy(m -> assertThat(m).contains("apdex_t"))
                    .anySatisfy(m -> assertThat(m).contains("'wait' must be between 1s and 5m"));
        }
    }
}
