package dev.vigil.server.threats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.access.Tokens;
import dev.vigil.server.RunningVigil;
import dev.vigil.server.WebhookSink;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's acceptance in the running server: a paste site speaking Pastebin's scraping API, the story's 503
 * page printing the database password, triage through the API, and the password nowhere Vigil writes or answers.
 */
class ThreatsAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "Sup3rS3cretPassw0rd1";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private RunningVigil vigil;
    private com.sun.net.httpserver.HttpServer paste;
    private WebhookSink hook;
    private final List<String> seen = new CopyOnWriteArrayList<>(); // every answer the API and dashboard gave
    private volatile String pasteList = "[]";

    @AfterEach
    void stop() {
        if (vigil != null) {
            vigil.close();
        }
        paste.stop(0);
        hook.close();
    }

    private void start() throws Exception {
        paste = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + paste.getAddress().getPort();
        paste.createContext("/api_scraping.php", ex -> answer(ex, pasteList));
        paste.createContext("/api_scrape_item.php", ex -> answer(ex, ex.getRequestURI().getQuery().equals("i=AbC123")
                ? "-- MySQL dump of shop.example.com\nINSERT INTO `wp_users` VALUES (1,'admin');\nDB_PASSWORD=" + SECRET + "\n"
                : "Error, we cannot find this paste."));
        paste.start();
        hook = new WebhookSink();
        pasteList = """
                [{"scrape_url": "%1$s/api_scrape_item.php?i=AbC123", "full_url": "%1$s/AbC123", "date": "1764669600", "key": "AbC123",
                  "size": "140", "expire": "0", "title": "db backup", "syntax": "sql", "user": ""},
                 {"scrape_url": "%1$s/api_scrape_item.php?i=Gone99", "full_url": "%1$s/Gone99", "date": "1764669500", "key": "Gone99",
                  "size": "10", "expire": "0", "title": "", "syntax": "text", "user": ""}]""".formatted(base);
        vigil = new RunningVigil(dir, """
                threats:
                  watch:
                    terms: [example.com]
                  sources:
                    - {type: pastebin, url: "%s", interval: 10s}
                """.formatted(base) + hook.config("group_wait: 0s")).withUsers();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private HttpResponse<String> api(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vigil.base + path)).header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        seen.add(r.body());
        return r;
    }

    private JsonNode findings(String token) throws Exception {
        return JSON.readTree(api("GET", "/api/v1/threats/findings", token, null).body()).get("findings");
    }

    private List<JsonNode> threatEvents(String token) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(api("GET", "/api/v1/events?limit=500", token, null).body()).forEach(e -> {
            if (e.get("source").asText().equals("threat")) {
                out.add(e);
            }
        });
        return out;
    }

    @Test
    void aLeakOnAPasteSiteAndOnTheOwnErrorPageAreFoundOnceTriagedAndThePasswordIsNowhere() throws Exception {
        start();
        String admin = vigil.vigil.tokens().create("admin-bot").secret();
        String viewer = vigil.vigil.tokens().create("viewer-bot", Tokens.Scope.READ, null).secret();

        // The paste: one finding within 30 s, its excerpt masked, one event with source threat.
        await().atMost(Duration.ofSeconds(30)).until(() -> findings(admin).size() == 1);
        JsonNode f = findings(admin).get(0);
        assertThat(f.get("id").asLong()).isPositive();
        assertThat(f.get("source").asText()).isEqualTo("pastebin");
        assertThat(f.get("url").asText()).endsWith("/AbC123");
        assertThat(f.get("state").asText()).isEqualTo("new");
        assertThat(f.get("severity").asText()).isEqualTo("high");
        assertThat(f.get("terms")).extracting(JsonNode::asText).containsExactly("example.com");
        assertThat(f.get("rules")).extracting(JsonNode::asText).contains("env-password", "wordpress-users-dump");
        assertThat(f.get("excerpt").asText()).contains("3: DB_PASSWORD=").doesNotContain(SECRET);
        assertThat(f.get("firstSeen").asText()).isNotEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> threatEvents(admin).size() == 1);
        assertThat(threatEvents(admin).getFirst().get("severity").asText()).isEqualTo("CRITICAL");

        vigil.vigil.threats().runNow("pastebin-127.0.0.1"); // the same paste served again
        assertThat(findings(admin)).hasSize(1);
        assertThat(threatEvents(admin)).hasSize(1);

        // The story's 503 page: the check goes CRITICAL, and one finding (source http-check) however often it runs.
        vigil.targetBody = "<html><h1>503 Service Unavailable</h1><pre>PDOException: connection refused\nDB_HOST=db1\nDB_PASSWORD="
                + SECRET + "\n</pre></html>";
        vigil.targetStatus = 503;
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode all = findings(admin);
            return all.size() == 2 && JSON.readTree(api("GET", "/api/v1/services", admin, null).body()).toString().contains("CRITICAL");
        });
        Thread.sleep(3000); // a few more runs of the check
        List<JsonNode> fromCheck = new ArrayList<>();
        findings(admin).forEach(n -> {
            if (n.get("source").asText().equals("http-check")) {
                fromCheck.add(n);
            }
        });
        assertThat(fromCheck).singleElement().satisfies(n -> {
            assertThat(n.get("severity").asText()).isEqualTo("critical");
            assertThat(n.get("host").asText()).isEqualTo("shop");
            assertThat(n.get("service").asText()).isEqualTo("web");
            assertThat(n.get("excerpt").asText()).contains("DB_PASSWORD=").doesNotContain(SECRET);
        });
        assertThat(threatEvents(admin)).hasSize(2);

        // Triage: an admin token may, a read-only one may not.
        long id = fromCheck.getFirst().get("id").asLong();
        assertThat(api("PATCH", "/api/v1/threats/findings/" + id, viewer, "{\"state\":\"false_positive\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> patched = api("PATCH", "/api/v1/threats/findings/" + id, admin, "{\"state\":\"false_positive\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(patched.body()).get("state").asText()).isEqualTo("false_positive");
        JsonNode one = JSON.readTree(api("GET", "/api/v1/threats/findings/" + id, admin, null).body());
        assertThat(one.get("history")).singleElement().satisfies(h -> {
            assertThat(h.get("who").asText()).isEqualTo("admin-bot");
            assertThat(h.get("text").asText()).isEqualTo("false_positive");
        });
        assertThat(api("PATCH", "/api/v1/threats/findings/" + id, admin, "{\"state\":\"maybe\"}").statusCode()).isEqualTo(400);
        assertThat(api("PATCH", "/api/v1/threats/findings/99999", admin, "{\"state\":\"resolved\"}").statusCode()).isEqualTo(404);
        JsonNode sources = JSON.readTree(api("GET", "/api/v1/threats/sources", admin, null).body()).get("sources");
        assertThat(sources).anySatisfy(s -> {
            assertThat(s.get("type").asText()).isEqualTo("pastebin");
            assertThat(s.get("documents").asLong()).as("the vanished paste is no document").isEqualTo(1);
            assertThat(s.get("findings").asLong()).isEqualTo(1);
            assertThat(s.get("lastError").asText()).isEmpty();
            assertThat(s.get("nextRun").asText()).isNotEmpty();
        });

        // The dashboard, as an admin: the list, the detail, a triage step through the form.
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String csrf = csrf(get(browser, "/login"));
        post(browser, "/login", Map.of("username", "alice", "password", RunningVigil.ADMIN_PASSWORD, "csrf", csrf, "next", "/"));
        String list = get(browser, "/threats?state=all");
        assertThat(list).contains("Paste AbC123").contains("Error page (503) of shop/web");
        long pasteId = findings(admin).findValues("id").stream().mapToLong(JsonNode::asLong).filter(x -> x != id).findFirst().orElseThrow();
        String detail = get(browser, "/threats/" + pasteId);
        assertThat(detail).contains("3: DB_PASSWORD=");
        HttpResponse<String> triaged = post(browser, "/actions/threats-triage", Map.of("csrf", csrf(detail), "id", Long.toString(pasteId),
                "state", "confirmed", "assignee", "alice", "comment", "dump of the shop database", "back", "/threats/" + pasteId));
        assertThat(triaged.statusCode()).isEqualTo(303);
        assertThat(get(browser, "/threats/" + pasteId)).contains("dump of the shop database").contains("confirmed");
        get(browser, "/events");
        get(browser, "/");

        // The password is nowhere: not in the data directory, an answer, a page or a webhook payload.
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.bodies.stream().anyMatch(p -> p.contains("threat")));
        vigil.close();
        vigil = null;
        byte[] needle = SECRET.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(contains(Files.readAllBytes(p), needle)).as(dir.relativize(p).toString()).isFalse();
            }
        }
        assertThat(seen).isNotEmpty().noneMatch(s -> s.contains(SECRET));
        assertThat(hook.bodies).isNotEmpty().noneMatch(s -> s.contains(SECRET));
    }

    private String get(HttpClient browser, String path) throws Exception {
        String body = browser.send(HttpRequest.newBuilder(URI.create(vigil.base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        seen.add(body);
        return body;
    }

    private HttpResponse<String> post(HttpClient browser, String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(vigil.base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a form with a csrf token").isTrue();
        return m.group(1);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
