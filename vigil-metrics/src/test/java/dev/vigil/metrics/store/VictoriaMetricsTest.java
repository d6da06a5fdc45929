package dev.vigil.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote write into Debian's real victoria-metrics, started by the test on loopback, read back by its API. */
class VictoriaMetricsTest {
    @TempDir
    Path dir;

    private Process vm;

    @AfterEach
    void stop() {
        if (vm != null) {
            vm.destroyForcibly();
        }
    }

    @Test
    void samplesWrittenRemotelyCanBeQueriedBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        vm = new ProcessBuilder("/usr/bin/victoria-metrics", "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + dir.resolve("vm"), "-retentionPeriod=1y")
                .redirectErrorStream(true).redirectOutput(dir.resolve("vm.log").toFile()).start();
        int p = port;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", p)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        RemoteWrite rw = new RemoteWrite(URI.create("http://127.0.0.1:" + port + "/api/v1/write"));
        SeriesInfo disk = SeriesInfo.of(new SeriesKey("shop", "disk./.percent"), "%", "local");
        Instant now = Instant.now().minusSeconds(600);
        for (int i = 0; i < 10; i++) {
            rw.sample(disk, now.plusSeconds(60L * i), 40 + i);
        }
        rw.flush();
        HttpClient client = HttpClient.newHttpClient();
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/force_flush")).build(),
                HttpResponse.BodyHandlers.discarding());
        String match = URLEncoder.encode("{__name__=\"vigil_disk_percent\",host=\"shop\"}", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/api/v1/export?match[]="
                    + match)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("\"vigil_series\":\"disk./.percent\"").contains("49");
        });
        assertThat(rw.dropped()).isZero();
    }
}
