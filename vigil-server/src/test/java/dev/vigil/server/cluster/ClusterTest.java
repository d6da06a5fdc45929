package dev.vigil.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.access.Tokens;
import dev.vigil.server.RunningVigil;
import dev.vigil.testkit.PostgresServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Vigil servers with the same configuration on one real PostgreSQL: the checks are split between them, each
 * runs once, and when one dies (without a word, as kill -9 leaves it) the other runs them all within two intervals.
 */
class ClusterTest {
    private static final int SERVICES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private com.sun.net.httpserver.HttpServer shop;

    /** The pages the checks ask for, each request counted by path; a fresh database for the servers, its URL. */
    private String startShop() throws java.io.IOException {
        shop = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.createContext("/", ex -> {
            hits.computeIfAbsent(ex.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        shop.start();
        return PostgresServer.shared().freshDatabase();
    }

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.stop(0);
        }
    }

    private RunningVigil server(String name, String url) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name).resolve("conf.d"));
        StringBuilder services = new StringBuilder("services:\n");
        for (int i = 1; i <= SERVICES; i++) {
            services.append("  - {name: page").append(i).append(", host: shop, type: http, url: \"http://127.0.0.1:")
                    .append(shop.getAddress().getPort()).append("/page").append(i).append("\", interval: 1s}\n");
        }
        Files.writeString(home.resolve("pages.yml"), services);
        return new RunningVigil(home.getParent(), "store: {type: postgres, url: \"" + url + "\", user: vigil, member: " + name
                + ", heartbeat: 300ms, dead_after: 2s}\n");
    }

    private JsonNode cluster(RunningVigil v, String token) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(v.base + "/api/v1/cluster"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static int sum(JsonNode cluster) {
        int n = 0;
        for (JsonNode m : cluster.path("members")) {
            n += m.path("checks").asInt();
        }
        return n;
    }

    @Test
    void twoServersSplitTheChecksAndOneTakesAllWhenTheOtherDies() throws Exception {
        String url = startShop();
        RunningVigil a = server("a", url);
        RunningVigil b = server("b", url);
        try {
            String token = a.vigil.tokens().create("ops", Tokens.Scope.READ, null).secret();
            int total = a.vigil.engine().plan().services().size() - 1; // every service but the passive one has a check
            // Both see both, with the checks split between them and counted once.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                for (RunningVigil v : new RunningVigil[] {a, b}) {
                    JsonNode c = cluster(v, token);
                    assertThat(c.path("members").findValuesAsText("id")).containsExactly("a", "b");
                    assertThat(sum(c)).isEqualTo(total);
                    for (JsonNode m : c.path("members")) {
                        assertThat(m.path("checks").asInt()).isPositive();
                        assertThat(m.path("address").asText()).isNotBlank();
                    }
                }
            });
            // Each page is checked once a second, by one of them: over four seconds about four times, never eight.
            hits.clear();
            Thread.sleep(4_000);
            assertThat(hits).hasSize(SERVICES);
            assertThat(hits.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 6));

            // Signed in on a, the same browser is signed in on b (sessions live in the store, as behind a load balancer).
            a.withUsers();
            org.openqa.selenium.WebDriver browser = dev.vigil.server.Chromium.start(dir);
            try {
                dev.vigil.server.Chromium.signIn(browser, a.base, "victor", RunningVigil.VIEWER_PASSWORD);
                browser.get(b.base + "/hosts");
                assertThat(browser.getCurrentUrl()).doesNotContain("/login");
                assertThat(browser.findElement(org.openqa.selenium.By.tagName("body")).getText()).contains("victor").contains("shop");
            } finally {
                browser.quit();
            }

            // a dies without a word; within two intervals past its heartbeat's end, b runs every check.
            a.crash();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode c = cluster(b, token);
                assertThat(c.path("members").findValuesAsText("id")).containsExactly("b");
                assertThat(c.path("members").get(0).path("checks").asInt()).isEqualTo(total);
            });
            // (how long it took is bench/cluster.sh's to measure; here only that it happens)
            hits.clear();
            Thread.sleep(3_000);
            assertThat(hits).hasSize(SERVICES);
            assertThat(hits.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 5));
            // And b took the lease: it sends the notifications now.
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster(b, token).path("leads").asBoolean());
        } finally {
            b.close();
        }
    }

    @Test
    void aPausedDatabaseStopsNothingForGoodAndMovesNoWork() throws Exception {
        String url = startShop();
        RunningVigil a = server("a", url);
        RunningVigil b = server("b", url);
        try {
            String token = a.vigil.tokens().create("ops", Tokens.Scope.READ, null).secret();
            int total = a.vigil.engine().plan().services().size() - 1;
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(sum(cluster(b, token))).isEqualTo(total));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.vigil.cluster().leader() || b.vigil.cluster().leader());
            RunningVigil leader = a.vigil.cluster().leader() ? a : b;

            java.util.List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (RunningVigil v : new RunningVigil[] {a, b}) {
                v.vigil.cluster().onChange(() -> seen.add(v.vigil.cluster().members().size()));
            }
            // The database stops answering for three times dead_after, as a partition would look from the servers.
            PostgresServer.shared().pause();
            try {
                Thread.sleep(6_000);
            } finally {
                PostgresServer.shared().resume();
            }
            // Back: both still members with the same split (nobody was taken for dead), the same leader, each page
            // checked by one server, and results stored again.
            hits.clear();
            Thread.sleep(4_000);
            for (RunningVigil v : new RunningVigil[] {a, b}) {
                JsonNode c = cluster(v, token);
                assertThat(c.path("members").findValuesAsText("id")).containsExactly("a", "b");
                assertThat(sum(c)).isEqualTo(total);
            }
            assertThat(leader.vigil.cluster().leader()).isTrue();
            assertThat(seen).as("members seen by either server after each change").allSatisfy(n -> assertThat(n).isEqualTo(2));
            assertThat(hits).hasSize(SERVICES);
            assertThat(hits.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 6));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(a.vigil.engine().status(
                    dev.vigil.checks.Target.service("shop", "page1")).orElseThrow().lastCheck()).isAfter(java.time.Instant.now().minusSeconds(3)));
        } finally {
            a.close();
            b.close();
        }
    }
}
