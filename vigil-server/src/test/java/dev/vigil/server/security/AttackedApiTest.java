package dev.vigil.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.RunningVigil;
import dev.vigil.core.access.Tokens;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks a security probe made on the API and the syslog server, each reproduced: every test here failed
 * before its fix. Over real HTTP and real sockets, against a real Vigil.
 */
class AttackedApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil vigil;
    private com.sun.net.httpserver.HttpServer hook;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (vigil != null) {
            vigil.close();
        }
        if (hook != null) {
            hook.stop(0);
        }
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vigil.base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(Tokens.Scope scope) {
        return vigil.vigil.tokens().create("probe-" + scope.id(), scope, null).secret();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void oneDatagramWithAnImpossibleYearNoLongerSilencesSyslog() throws Exception {
        int port = freePort();
        vigil = new RunningVigil(dir, """
                logs:
                  syslog: {udp: %d, tcp: -1}
                  journald: false
                """.formatted(port));
        String read = token(Tokens.Scope.READ);
        try (DatagramSocket u = new DatagramSocket()) {
            for (String m : List.of("<13>1 -999999999-01-01T00:00:00+18:00 h a - - - x", "<13>Nov 25 12:00:03 db1 app: still heard")) {
                byte[] d = m.getBytes(StandardCharsets.UTF_8);
                u.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), port));
                Thread.sleep(50);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(call("GET", "/api/v1/logs/search?q=" + q("\"still heard\""),
                null, read).body()).path("total").asLong() == 1);
        assertThat(call("GET", "/metrics", null, read).body()).contains("vigil_log_lines_unparseable_total 1\n");
        assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aSyslogPortThatCannotBeBoundFailsHealthAndIsAnEventAndAReloadSaysSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            vigil = new RunningVigil(dir, """
                    logs:
                      syslog: {udp: -1, tcp: %d}
                      journald: false
                    """.formatted(taken.getLocalPort()));
            String admin = token(Tokens.Scope.ADMIN);
            HttpResponse<String> health = call("GET", "/healthz", null, null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("logs: 1 input(s) not reading").doesNotContain(dir.toString());
            assertThat(JSON.readTree(call("GET", "/api/v1/events", null, admin).body())).anySatisfy(e ->
                    assertThat(e.get("title").asText()).startsWith("log input not reading: syslog"));
            HttpResponse<String> reload = call("POST", "/api/v1/reload", "{}", admin);
            assertThat(reload.statusCode()).isEqualTo(500);
            assertThat(reload.body()).contains("cannot listen for syslog");
        }
    }

    @Test
    void reloadsKeepAnUnchangedSyslogListenerEveryTime() throws Exception {
        int tcp = freePort();
        int udp = freePort();
        vigil = new RunningVigil(dir, """
                logs:
                  syslog: {udp: %d, tcp: %d}
                  journald: false
                """.formatted(udp, tcp));
        String admin = token(Tokens.Scope.ADMIN);
        for (int i = 0; i < 16; i++) {
            HttpResponse<String> r = call("POST", "/api/v1/reload", "{}", admin);
            assertThat(r.statusCode()).as("reload %d: %s", i, r.body()).isEqualTo(200);
        }
        try (Socket s = new Socket("127.0.0.1", tcp); OutputStream o = s.getOutputStream()) {
            o.write("<13>Nov 25 12:00:03 db1 app: after sixteen reloads\n".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(call("GET", "/api/v1/logs/search?q="
                + q("\"after sixteen reloads\""), null, admin).body()).path("total").asLong() == 1);
        assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenDoesOnlyWhatItsScopeAllowsAndCommandsComeOnlyFromFiles() throws Exception {
        vigil = new RunningVigil(dir);
        String submit = token(Tokens.Scope.SUBMIT);
        String read = token(Tokens.Scope.READ);
        String write = token(Tokens.Scope.WRITE);
        String exec = "{\"name\": \"pwn\", \"host\": \"shop\", \"type\": \"exec\", \"command\": [\"/bin/sh\", \"-c\", \"id\"]}";

        assertThat(call("POST", "/api/v1/services", "{\"name\": \"x\", \"host\": \"shop\", \"type\": \"passive\"}", submit)
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/services", null, submit).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/results", "{\"host\": \"shop\", \"service\": \"backup\", \"state\": \"OK\"}", submit)
                .statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/results", "{\"host\": \"shop\", \"service\": \"backup\", \"state\": \"OK\"}", read)
                .statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/services", null, read).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/reload", "{}", write).statusCode()).isEqualTo(403);

        HttpResponse<String> refused = call("POST", "/api/v1/services", exec, write);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("allow_exec_registration");
        assertThat(vigil.vigil.engine().status(dev.vigil.checks.Target.service("shop", "pwn"))).isEmpty();
        // Through a template, too: what counts is the check it resolves to.
        Files.writeString(dir.resolve("vigil.yml"), Files.readString(dir.resolve("vigil.yml"))
                + "templates:\n  shell: {type: exec, command: [/bin/true]}\n");
        vigil.vigil.reload();
        assertThat(call("POST", "/api/v1/services", "{\"name\": \"pwn\", \"host\": \"shop\", \"use\": \"shell\"}", write)
                .statusCode()).isEqualTo(403);

        // The author of an acknowledgement is the token, whatever the body claims.
        vigil.vigil.engine().submit(dev.vigil.checks.Target.service("shop", "backup"),
                dev.vigil.checks.CheckResult.of(dev.vigil.checks.ServiceState.CRITICAL, "failed"));
        vigil.vigil.engine().submit(dev.vigil.checks.Target.service("shop", "backup"),
                dev.vigil.checks.CheckResult.of(dev.vigil.checks.ServiceState.CRITICAL, "failed"));
        vigil.vigil.engine().submit(dev.vigil.checks.Target.service("shop", "backup"),
                dev.vigil.checks.CheckResult.of(dev.vigil.checks.ServiceState.CRITICAL, "failed"));
        HttpResponse<String> ack = call("POST", "/api/v1/acknowledgements",
                "{\"host\": \"shop\", \"service\": \"backup\", \"author\": \"the-ceo\", \"comment\": \"x\"}", write);
        assertThat(ack.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(ack.body()).path("acknowledgement").path("author").asText()).isEqualTo("probe-write");

        // An expired token is refused like a revoked one.
        String expired = vigil.vigil.tokens().create("old", Tokens.Scope.ADMIN, Instant.now().plusMillis(300)).secret();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> call("GET", "/api/v1/services", null, expired).statusCode() == 401);
    }

    @Test
    void execRegistrationAndTargetsFollowTheApiSection() throws Exception {
        vigil = new RunningVigil(dir, """
                api:
                  allow_exec_registration: true
                  allowed_targets: [127.0.0.0/8, "*.internal.example"]
                """);
        String write = token(Tokens.Scope.WRITE);
        assertThat(call("POST", "/api/v1/services", "{\"name\": \"true\", \"host\": \"shop\", \"type\": \"exec\", "
                + "\"command\": [\"/bin/true\"]}", write).statusCode()).isEqualTo(201);
        assertThat(call("POST", "/api/v1/services", "{\"name\": \"local\", \"host\": \"shop\", \"type\": \"http\", "
                + "\"url\": \"http://127.0.0.1:1/\"}", write).statusCode()).isEqualTo(201);
        HttpResponse<String> ssrf = call("POST", "/api/v1/services", "{\"name\": \"meta\", \"host\": \"shop\", \"type\": \"http\", "
                + "\"url\": \"http://169.254.169.254/latest/meta-data/\", \"contains\": \"ami\"}", write);
        assertThat(ssrf.statusCode()).isEqualTo(403);
        assertThat(ssrf.body()).contains("allowed_targets");
        assertThat(call("POST", "/api/v1/services", "{\"name\": \"tcp\", \"host\": \"shop\", \"type\": \"tcp\", "
                + "\"address\": \"10.1.2.3\", \"port\": 22}", write).statusCode()).isEqualTo(403);
    }

    @Test
    void aSearchOverTenThousandYearsAndAnExplodingRegexAnswerPromptlyWhileLinesArrive() throws Exception {
        int port = freePort();
        vigil = new RunningVigil(dir, """
                logs:
                  syslog: {udp: -1, tcp: %d}
                  journald: false
                """.formatted(port));
        String read = token(Tokens.Scope.READ);
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (Socket s = new Socket("127.0.0.1", port); OutputStream o = s.getOutputStream()) {
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    o.write(("<13>Nov 25 12:00:03 db1 app: line x " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                // stopped
            }
        });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> vigil.vigil.logs().pipeline().lines() > 100);
            HttpResponse<String> all = call("GET", "/api/v1/logs/search?q=x&from=1970-01-01T00:00:00Z&to=9999-01-01T00:00:00Z",
                    null, read);
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(all.body()).get("total").asLong()).isGreaterThan(100);
            HttpResponse<String> regex = call("GET", "/api/v1/logs/search?q=" + q("/[a-z]{1,1000}{1,1000}/"), null, read);
            assertThat(regex.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(regex.body()).get("error").asText()).contains("too complex");
            // Indexing went on meanwhile.
            long before = vigil.vigil.logs().pipeline().lines();
            await().atMost(Duration.ofSeconds(5)).until(() -> vigil.vigil.logs().pipeline().lines() > before + 50);
        } finally {
            feeder.interrupt();
        }
        assertThat(call("GET", "/api/v1/logs/search?q=x&from=-9999999999999", null, read).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/logs/search?q=x&to=%2B999999999-12-31T23:59:59-18:00", null, read).statusCode()).isEqualTo(400);
    }

    @Test
    void secretsInCheckOutputReachNoApiPageOrWebhook() throws Exception {
        List<String> posts = new CopyOnWriteArrayList<>();
        hook = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            posts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        vigil = new RunningVigil(dir, """
                receivers:
                  - name: hook
                    webhook: {url: "http://127.0.0.1:%d/hook"}
                routes:
                  - {receiver: hook, group_wait: 0s}
                """.formatted(hook.getAddress().getPort())).withUsers();
        String admin = token(Tokens.Scope.ADMIN);
        String body = JSON.writeValueAsString(java.util.Map.of("host", "shop", "service", "backup", "state", "CRITICAL",
                "output", "backup failed: DB_PASSWORD=hunter2secret", "long_output",
                "{\"db_password\": \"jsonSecretPW1\"}\nAuthorization: Bearer abc.def.ghi"));
        for (int i = 0; i < 3; i++) {
            assertThat(call("POST", "/api/v1/results", body, admin).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String login = browser.send(HttpRequest.newBuilder(URI.create(vigil.base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String csrf = login.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        browser.send(HttpRequest.newBuilder(URI.create(vigil.base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=" + q(RunningVigil.ADMIN_PASSWORD) + "&csrf="
                        + csrf + "&next=/")).build(), HttpResponse.BodyHandlers.ofString());
        List<String> seen = new java.util.ArrayList<>(posts);
        seen.add(call("GET", "/api/v1/events", null, admin).body());
        seen.add(call("GET", "/api/v1/services", null, admin).body());
        seen.add(call("GET", "/api/v1/results?host=shop&service=backup", null, admin).body());
        for (String page : List.of("/", "/service?host=shop&name=backup", "/events")) {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(vigil.base + page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            seen.add(r.body());
        }
        assertThat(String.join("\n", seen)).contains("backup failed").doesNotContain("hunter2secret")
                .doesNotContain("jsonSecretPW1").doesNotContain("abc.def.ghi");
    }

    @Test
    void integrityAcceptNeedsAPathOrAllInSoManyWords() throws Exception {
        vigil = new RunningVigil(dir);
        String admin = token(Tokens.Scope.ADMIN);
        for (String body : List.of("{\"a\":1}", "{\"path\":null}", "{}", "", "{\"path\": \"\"}", "{\"all\": \"yes\"}")) {
            HttpResponse<String> r = call("POST", "/api/v1/integrity/accept", body, admin);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(call("POST", "/api/v1/integrity/accept", "{\"all\": true}", admin).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/integrity/accept", "{\"all\": true}", token(Tokens.Scope.WRITE)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void bodiesOverTheLimitAre413AndTrailingGarbageIs400() throws Exception {
        vigil = new RunningVigil(dir);
        String admin = token(Tokens.Scope.ADMIN);
        String big = "{\"host\": \"shop\", \"service\": \"backup\", \"state\": \"OK\", \"output\": \"" + "x".repeat(1_100_000) + "\"}";
        assertThat(call("POST", "/api/v1/results", big, admin).statusCode()).isEqualTo(413);
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/results"))
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        // A small chunked body still works.
        HttpResponse<String> small = client.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/results"))
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "{\"host\": \"shop\", \"service\": \"backup\", \"state\": \"OK\"}".getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/results", "{\"host\": \"shop\", \"service\": \"backup\", \"state\": \"OK\"} trailing",
                admin).statusCode()).isEqualTo(400);
    }

    @Test
    void extremeNumbersAndDatesAre400sNot500s() throws Exception {
        vigil = new RunningVigil(dir);
        String admin = token(Tokens.Scope.ADMIN);
        assertThat(call("POST", "/api/v1/downtimes", "{\"host\": \"shop\", \"duration\": \"99999999999w\"}", admin).statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "/api/v1/silences", "{\"matchers\": {\"host\": \"shop\"}, \"duration\": \"99999999999w\"}", admin)
                .statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/events?since=%2B999999999-12-31T23:59:59-18:00", null, admin).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/series/query?host=shop&name=load.1min&from=-9999999999999", null, admin).statusCode())
                .isIn(400, 404);
        for (String bad : List.of("{\"name\": \"fast\", \"host\": \"shop\", \"type\": \"http\", \"url\": \"http://127.0.0.1:1/\", "
                + "\"interval\": \"1ms\"}", "{\"name\": \"slow\", \"host\": \"shop\", \"type\": \"http\", \"url\": "
                + "\"http://127.0.0.1:1/\", \"timeout\": \"999999999d\"}")) {
            HttpResponse<String> r = call("POST", "/api/v1/services", bad, admin);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).containsAnyOf("must be from 1s", "too long");
        }
    }

    @Test
    void theDataDirectoryIsPrivateAndALooseOneIsTightened() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        vigil = new RunningVigil(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("vigil.db")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("logs")))).isEqualTo("rwx------");
        try (var files = Files.list(data)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("vigil.db")).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
            }
        }
    }
}
