package dev.vigil.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.store.Database;
import dev.vigil.core.access.Tokens;
import dev.vigil.store.SqliteTokens;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Vigil process, killed with SIGKILL and flooded with a chunked upload: what it acknowledged it keeps,
 * and what it refuses it does not read into memory.
 */
class KilledAndFloodedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Process vigil;
    private int http;
    private int syslog;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (vigil != null) {
            vigil.destroyForcibly();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void configure() throws Exception {
        http = freePort();
        syslog = freePort();
        Files.writeString(dir.resolve("vigil.yml"), """
                server:
                  listen: 127.0.0.1:%d
                  data: %s
                hosts:
                  - name: shop
                    address: 127.0.0.1
                logs:
                  syslog: {udp: -1, tcp: %d}
                  journald: false
                """.formatted(http, dir.resolve("data"), syslog));
    }

    /** Starts Vigil as the launcher does (bounded heap) and waits until it answers. */
    private void start() throws Exception {
        vigil = dev.vigil.server.VigilProcess.start(dir.resolve("vigil.yml"), "-Xmx512m");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private String token() {
        try (Database db = Database.open(dir.resolve("data"))) {
            return new SqliteTokens(db, InstantSource.system()).create("probe", Tokens.Scope.READ, null).secret();
        }
    }

    private long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + vigil.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void syslogLinesAcknowledgedOverTcpSurviveKillDashNine() throws Exception {
        configure();
        start();
        try (Socket s = new Socket("127.0.0.1", syslog); OutputStream o = s.getOutputStream()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                b.append("<13>Nov 25 12:00:03 db1 app: durable line ").append(i).append('\n');
            }
            o.write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        Thread.sleep(3000);
        vigil.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no last commit
        vigil.waitFor();
        String token = token();
        start();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                + "/api/v1/logs/search?q=durable&from=1970-01-01T00:00:00Z&to=9999-01-01T00:00:00Z"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(r.body()).get("total").asLong()).isEqualTo(1000);
    }

    @Test
    void aChunkedFiftyMegabyteSignInIsRefusedWithoutBeingRead() throws Exception {
        configure();
        start();
        Thread.sleep(2000); // past the start's allocations
        long before = rssKb();
        try (Socket s = new Socket("127.0.0.1", http)) {
            InputStream in = s.getInputStream();
            CompletableFuture<String> status = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] line = new byte[12];
                    int n = in.readNBytes(line, 0, line.length);
                    return new String(line, 0, n, StandardCharsets.US_ASCII);
                } catch (java.io.IOException e) {
                    return "read failed: " + e.getMessage();
                }
            });
            OutputStream out = s.getOutputStream();
            out.write(("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("100000\r\n" + "a".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 50 && !status.isDone(); i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException closedByServer) {
                // The server answered and closed: the rest of the body is never read.
            }
            assertThat(status.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("HTTP/1.1 413");
        }
        long grown = rssKb() - before;
        assertThat(grown).as("RSS growth in kB").isLessThan(50 * 1024);
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
