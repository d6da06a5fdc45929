package dev.vigil.server.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.Cli;
import dev.vigil.server.RunningVigil;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs issue's contracts over real HTTP and the real command line: search API, events, syslog, logtest. */
class LogsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil vigil;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (vigil != null) {
            vigil.close();
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vigil.base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aWatchedLogAndSyslogAreJudgedIndexedAndSearchable() throws Exception {
        Path access = dir.resolve("access.log");
        Files.writeString(access, "");
        int syslogPort;
        try (ServerSocket s = new ServerSocket(0)) {
            syslogPort = s.getLocalPort();
        }
        vigil = new RunningVigil(dir, """
                logs:
                  files: ["%s"]
                  syslog: {tcp: %d}
                  journald: false
                  saved_searches:
                    - {name: "cart errors", query: 'url:"/shop/cart" AND id:502', threshold: 20, window: 5m}
                """.formatted(access, syslogPort));
        String token = vigil.vigil.tokens().create("t").secret();
        Thread.sleep(500);
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            burst.append("203.0.113.").append(i % 5).append(" - - [26/Nov/2026:04:30:00 +0000] \"GET /shop/cart HTTP/1.1\" 502 166 \"-\" \"curl\"\n");
        }
        Files.writeString(access, burst, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (Socket s = new Socket("127.0.0.1", syslogPort); OutputStream o = s.getOutputStream()) {
            o.write("<38>Nov 25 12:00:00 db1 sshd[42]: Failed password for root from 192.0.2.77 port 4711 ssh2\n".getBytes(StandardCharsets.UTF_8));
        }

        // One event for the burst, through the same path as check results.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode e : JSON.readTree(get("/api/v1/events?host=shop", token).body())) {
                if (e.get("source").asText().equals("logs") && e.get("title").asText().contains("502/503/504")) {
                    return true;
                }
            }
            return false;
        });
        String from = Instant.now().minusSeconds(300).toString();
        String to = Instant.now().plusSeconds(60).toString();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                JSON.readTree(get("/api/v1/logs/search?q=" + q("srcip:192.0.2.77") + "&from=" + from + "&to=" + to, token).body())
                        .path("total").asLong() == 1);
        JsonNode r = JSON.readTree(get("/api/v1/logs/search?q=" + q("id:502 AND url:\"/shop/cart\"") + "&from=" + from + "&to=" + to,
                token).body());
        assertThat(r.get("total").asLong()).isEqualTo(30);
        JsonNode hit = r.get("hits").get(0);
        assertThat(hit.get("host").asText()).isEqualTo("shop");
        assertThat(hit.get("message").asText()).contains("\"GET /shop/cart HTTP/1.1\" 502");
        assertThat(hit.get("fields").get("srcip").asText()).startsWith("203.0.113.");
        assertThat(Instant.parse(hit.get("time").asText())).isAfter(Instant.parse(from));

        JsonNode ssh = JSON.readTree(get("/api/v1/logs/search?q=" + q("srcip:192.0.2.77"), token).body()).get("hits").get(0);
        assertThat(ssh.get("host").asText()).isEqualTo("db1");
        assertThat(ssh.get("fields").get("dstuser").asText()).isEqualTo("root");
        JsonNode around = JSON.readTree(get("/api/v1/logs/around?id=" + q(hit.get("id").asText()) + "&before=2&after=2", token).body());
        assertThat(around.size()).isBetween(3, 5);

        // The saved search with a threshold: 30 matches in its window is over 20, so it raises an event.
        vigil.vigil.logs().evaluateSavedSearches();
        assertThat(JSON.readTree(get("/api/v1/events", token).body())).anySatisfy(e ->
                assertThat(e.get("title").asText()).isEqualTo("'cart errors': 30 log lines in 5m (more than 20)"));

        assertThat(get("/api/v1/logs/search?q=" + q("url:(broken"), token).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/logs/search?q=x", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", token).body()).contains("vigil_log_lines_total 31");
    }

    @Test
    void logtestPrintsOneJsonObjectPerLineWithTheBuiltInOrAnyOssecRuleset() throws Exception {
        String lines = "Nov 26 05:00:00 shop sudo:      eve : TTY=pts/1 ; PWD=/home/eve ; USER=root ; COMMAND=/usr/bin/id\n"
                + "nothing to see here\n";
        JsonNode[] out = logtest(lines);
        assertThat(out).hasSize(2);
        assertThat(out[0].get("decoder").asText()).isEqualTo("sudo");
        assertThat(out[0].get("rule").asText()).isEqualTo("100141");
        assertThat(out[0].get("level").asInt()).isEqualTo(8);
        assertThat(out[0].get("description").asText()).contains("allow-list");
        assertThat(out[0].get("fields").get("dstuser").asText()).isEqualTo("eve");
        assertThat(out[1].get("decoder").isNull()).isTrue();
        assertThat(out[1].get("rule").isNull()).isTrue();
        assertThat(out[1].get("level").asInt()).isZero();

        Path ossec = Path.of("..", "..", "shared", "rulesets", "ossec");
        JsonNode[] o = logtest("Feb 10 23:21:05 someserver sshd[1234]: Read error from remote host 192.168.1.1: Connection reset by peer\n",
                "--decoders", ossec.resolve("decoders").toString(), "--rules", ossec.resolve("rules").toString());
        assertThat(o[0].get("rule").asText()).isEqualTo("5740");
        assertThat(o[0].get("level").asInt()).isEqualTo(4);
        assertThat(o[0].get("decoder").asText()).isEqualTo("sshd");
    }

    private static JsonNode[] logtest(String input, String... extra) {
        String[] args = new String[2 + extra.length];
        args[0] = "logtest";
        args[1] = "--json";
        System.arraycopy(extra, 0, args, 2, extra.length);
        return Cli.json(input, args).toArray(JsonNode[]::new);
    }
}
