package dev.vigil.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.AdminApi;
import dev.vigil.server.Cli;
import dev.vigil.server.VigilProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes end to end, each its own process on loopback: a shop checked from this server ("local"), "fra" and "nyc"
 * with quorum 2. fra cannot reach the shop (its resolver sends it where nothing listens); nyc reaches the server
 * through a proxy the test cuts and restores. One location's failure never alerts; a lost location is its own
 * problem; two agreeing locations make exactly one problem and one recovery. Client certificates live two minutes
 * here, so the probes must renew theirs while the test runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProbeTest {
    @TempDir
    static Path dir;

    private final List<Process> processes = new ArrayList<>();
    private HttpServer shop;
    private volatile int shopStatus = 200;
    private Cut nycLink;
    private AdminApi api;

    @BeforeAll
    void start() throws Exception {
        shop = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        shop.createContext("/", ex -> {
            byte[] body = (shopStatus == 200 ? "shop open" : "bad gateway").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(shopStatus, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        shop.start();
        // Each process resolves shop.test by its own hosts file: fra's points where nothing listens (a place that cannot
        // reach the shop); everyone else's at the shop. This machine's own name stays resolvable for each.
        String self = InetAddress.getLocalHost().getHostName();
        Path reach = Files.writeString(dir.resolve("hosts-reach"), "127.0.0.1 shop.test localhost " + self + "\n");
        Path noReach = Files.writeString(dir.resolve("hosts-fra"), "127.0.0.2 shop.test\n127.0.0.1 localhost " + self + "\n");
        int apiPort = AdminApi.freePort();
        int agentPort = AdminApi.freePort();
        Path data = dir.resolve("data");
        Files.writeString(dir.resolve("vigil.yml"), """
                server:
                  listen: 127.0.0.1:%d
                  data: %s
                agents:
                  listen: 127.0.0.1:%d
                  grace: 10s
                  certificate_life: 2m
                hosts:
                  - name: shop
                    address: shop.test
                services:
                  - name: http
                    host: shop
                    type: http
                    url: http://shop.test:%d/
                    locations: [local, fra, nyc]
                    quorum: 2
                    interval: 5s
                    retry_interval: 2s
                    max_attempts: 2
                    timeout: 3s
                """.formatted(apiPort, data, agentPort, shop.getAddress().getPort()));
        api = new AdminApi(apiPort, last(Cli.lines("token", "create", "--name", "probe-test", "--scope", "admin", "--data", data.toString())));
        String token = last(Cli.lines("agent-token", "create", "--probe", "--data", data.toString()));
        Process server = VigilProcess.start(dir.resolve("vigil.yml"), "-Djdk.net.hosts.file=" + reach);
        processes.add(server);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("vigil.log"))
                && Files.readString(dir.resolve("vigil.log")).contains("Agents: https://"));
        nycLink = new Cut(agentPort);
        processes.add(probe("fra", agentPort, token, noReach));
        processes.add(probe("nyc", nycLink.port(), token, reach));
    }

    private Process probe(String location, int port, String token, Path hosts) throws IOException {
        return VigilProcess.command(dir.resolve(location + ".log"), List.of("-Xmx64m", "-Djdk.net.hosts.file=" + hosts), "probe",
                "--server", "https://127.0.0.1:" + port, "--token", token, "--location", location, "--data", dir.resolve(location).toString());
    }

    @AfterAll
    void stop() throws IOException {
        processes.forEach(Process::destroyForcibly);
        if (nycLink != null) {
            nycLink.close();
        }
        if (shop != null) {
            shop.stop(0);
        }
    }

    @Test
    @Order(1)
    void probesEnrollAndTheirResultsArriveWithTheirLocationAndOneLocationsFailureIsNoAlert() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> locations().contains("fra") && locations().contains("nyc"));
        assertThat(Files.readString(dir.resolve("fra.log"))).contains("enrolled as probe-").contains("(probe at fra)");
        // fra's retries make its CRITICAL HARD; local and nyc see the shop open: the service stays OK.
        await().atMost(Duration.ofSeconds(60)).until(() -> place("fra").path("stateType").asText().equals("HARD")
                && place("fra").path("state").asText().equals("CRITICAL") && place("nyc").path("state").asText().equals("OK")
                && place("local").path("state").asText().equals("OK"));
        JsonNode http = service();
        assertThat(http.path("state").asText()).isEqualTo("OK");
        assertThat(http.path("quorum").asInt()).isEqualTo(2);
        assertThat(http.path("output").asText()).contains("fra sees CRITICAL (below the quorum)");
        assertThat(place("fra").path("output").asText()).containsIgnoringCase("refused");
        assertThat(checkEvents()).isEmpty();
        // The probes are listed as such, with no host of their own.
        JsonNode agents = api.get("/api/v1/agents").path("agents");
        assertThat(agents.findValuesAsText("location")).containsExactlyInAnyOrder("fra", "nyc");
        List<String> hosts = new ArrayList<>();
        api.get("/api/v1/hosts").forEach(h -> hosts.add(h.path("host").asText()));
        assertThat(hosts).containsExactly("shop");
    }

    @Test
    @Order(2)
    void aLocationThatCannotReachTheServerIsItsOwnProblemAndTheOthersStillDecide() throws Exception {
        nycLink.cut();
        await().atMost(Duration.ofSeconds(60)).until(() -> probeEvents("nyc").contains("problem"));
        assertThat(service().path("state").asText()).isEqualTo("OK"); // nyc's silence is not the shop's failure
        assertThat(place("nyc").path("contact").asBoolean()).isFalse();
        // Now the shop fails: local and fra agree (nyc is away), which is the quorum of those in contact.
        shopStatus = 502;
        await().atMost(Duration.ofSeconds(60)).until(() -> service().path("state").asText().equals("CRITICAL"));
        assertThat(service().path("output").asText()).startsWith("CRITICAL from 2 of 2 locations in contact (quorum 2): local, fra");
        assertThat(checkEvents()).containsExactly("problem");
    }

    @Test
    @Order(3)
    void theLocationComesBackWithWhatItKeptAndTheRecoveryComesOnce() throws Exception {
        nycLink.restore();
        await().atMost(Duration.ofSeconds(60)).until(() -> probeEvents("nyc").contains("recovery"));
        // What nyc measured while it was away arrived, with its location.
        await().atMost(Duration.ofSeconds(30)).until(() -> place("nyc").path("state").asText().equals("CRITICAL"));
        shopStatus = 200;
        await().atMost(Duration.ofSeconds(60)).until(() -> service().path("state").asText().equals("OK"));
        Thread.sleep(10_000); // a second problem or recovery would show now
        assertThat(checkEvents()).containsExactly("problem", "recovery");
        JsonNode rows = api.get("/api/v1/services/shop/http/results?limit=500");
        assertThat(rows.findValuesAsText("location")).contains("local", "fra", "nyc");
        assertThat(processes).allMatch(Process::isAlive);
        // The probes outlive their first two-minute certificates: they renew them in the last third, kept on the server too.
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(dir.resolve("fra.log")).contains("client certificate renewed")
                && Files.readString(dir.resolve("nyc.log")).contains("client certificate renewed"));
        for (JsonNode a : api.get("/api/v1/agents").path("agents")) {
            assertThat(java.time.Instant.parse(a.path("certificateExpires").asText())).isAfter(java.time.Instant.now());
            assertThat(a.path("state").asText()).isEqualTo("connected");
        }
    }

    private JsonNode service() throws Exception {
        for (JsonNode s : api.get("/api/v1/services?host=shop")) {
            if (s.path("service").asText().equals("http")) {
                return s;
            }
        }
        throw new AssertionError("no shop/http");
    }

    private JsonNode place(String location) throws Exception {
        for (JsonNode l : service().path("locations")) {
            if (l.path("location").asText().equals(location)) {
                return l;
            }
        }
        throw new AssertionError("no location " + location);
    }

    /** The locations results have come from, as the acceptance reads them. */
    private Set<String> locations() throws Exception {
        return Set.copyOf(api.get("/api/v1/services/shop/http/results?limit=200").findValuesAsText("location"));
    }

    /** The shop's check events (problem, recovery), oldest first. */
    private List<String> checkEvents() throws Exception {
        List<String> kinds = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/events?limit=100&host=shop")) {
            if (e.path("source").asText().equals("check") && e.path("title").asText().startsWith("http on shop is")) {
                kinds.addFirst(e.path("kind").asText());
            }
        }
        return kinds;
    }

    private List<String> probeEvents(String location) throws Exception {
        List<String> kinds = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/events?limit=100&host=probe-" + location)) {
            kinds.add(e.path("kind").asText());
        }
        return kinds;
    }

    private static String last(List<String> lines) {
        return lines.getLast();
    }

    /** A TCP relay to the agent listener that the test can cut (every connection closed, nothing accepted) and restore. */
    private static final class Cut implements AutoCloseable {
        private final int target;
        private final int port;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile ServerSocket listening;

        Cut(int target) throws IOException {
            this.target = target;
            this.port = AdminApi.freePort();
            restore();
        }

        int port() {
            return port;
        }

        void restore() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listening = s;
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket in = s.accept();
                        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                        open.add(in);
                        open.add(out);
                        pipe(in, out);
                        pipe(out, in);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void pipe(Socket from, Socket to) {
            Thread.ofVirtual().start(() -> {
                try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                    i.transferTo(o);
                } catch (IOException e) {
                    // cut
                } finally {
                    close(from);
                    close(to);
                }
            });
        }

        void cut() throws IOException {
            listening.close();
            open.forEach(Cut::close);
            open.clear();
        }

        private static void close(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            cut();
        }
    }
}
