package dev.vigil.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.RunningVigil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus remote write received from the real peer: Debian's vmagent scrapes an exposition served here and
 * remote-writes it to Vigil with a bearer token; the series appear under the scraped instance's host, labels kept.
 */
class RemoteWriteReceiverTest {

    @TempDir
    Path dir;

    private RunningVigil vigil;
    private String token;
    private String admin;
    private HttpServer exporter;
    private Process vmagent;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vigil = new RunningVigil(Files.createDirectories(dir.resolve("vigil")));
        token = vigil.vigil.tokens().create("vmagent", dev.vigil.core.access.Tokens.Scope.SUBMIT, null).secret();
        admin = vigil.vigil.tokens().create("admin").secret();
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.createContext("/metrics", ex -> {
            byte[] body = """
                    # TYPE shop_requests_total counter
                    shop_requests_total{path="/checkout",code="502"} 7
                    # TYPE shop_queue gauge
                    shop_queue 3
                    """.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        exporter.start();
    }

    @AfterEach
    void stop() {
        if (vmagent != null) {
            vmagent.destroyForcibly();
        }
        exporter.stop(0);
        vigil.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private List<String> series(String host) throws Exception {
        return new dev.vigil.server.AdminApi(vigil.base, admin).seriesNames(host);
    }

    @Test
    void vmagentsRemoteWriteBecomesSeriesOfTheScrapedInstance() throws Exception {
        Files.writeString(dir.resolve("scrape.yml"), """
                global: {scrape_interval: 1s}
                scrape_configs:
                  - job_name: shop
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(exporter.getAddress().getPort()));
        vmagent = new ProcessBuilder("vmagent", "-promscrape.config=" + dir.resolve("scrape.yml"),
                "-remoteWrite.url=" + vigil.base + "/api/v1/write", "-remoteWrite.bearerToken=" + token,
                "-remoteWrite.tmpDataPath=" + dir.resolve("vmagent-data"), "-httpListenAddr=127.0.0.1:" + freePort(),
                "-remoteWrite.flushInterval=1s").redirectErrorStream(true).redirectOutput(dir.resolve("vmagent.log").toFile()).start();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .until(() -> series("127.0.0.1").contains("shop_queue,job=shop"));
        assertThat(series("127.0.0.1")).contains("shop_requests_total,code=502,job=shop,path=/checkout", "up,job=shop");
    }

    @Test
    void aBodyThatIsNotARemoteWriteIsRefusedAndAReadTokenMayNotWrite() throws Exception {
        var bad = http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/write")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("not snappy at all")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        // A truncated protobuf inside valid snappy.
        byte[] truncated = org.xerial.snappy.Snappy.compress(new byte[] {0x0a, 0x7f, 0x0a, 0x02});
        var cut = http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/write")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(truncated)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cut.statusCode()).isEqualTo(400);
        assertThat(cut.body()).contains("protobuf");
        String reader = vigil.vigil.tokens().create("r", dev.vigil.core.access.Tokens.Scope.READ, null).secret();
        var readOnly = http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/write")).header("Authorization", "Bearer " + reader)
                .POST(HttpRequest.BodyPublishers.ofByteArray(truncated)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readOnly.statusCode()).isEqualTo(403);
    }
}
