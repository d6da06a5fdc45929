package dev.vigil.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.Cli;
import dev.vigil.server.VigilProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet end to end: a server and three agents, each its own process with its own data directory, on loopback.
 * Enrollment, autoregistration by label, a plan change applied live, the server away for 60 s, an agent killed in
 * the middle of a batch, hostile input from a connected agent, and revocation; every line counted in search.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DUMMY = "/usr/lib/nagios/plugins/check_dummy";

    @TempDir
    static Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Process> agents = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private Process server;
    private int apiPort;
    private int agentPort;
    private String admin;

    @BeforeAll
    void start() throws Exception {
        apiPort = freePort();
        agentPort = freePort();
        writeConfig(false);
        Path data = dir.resolve("data");
        admin = last(Cli.lines("token", "create", "--name", "fleet-test", "--scope", "admin", "--data", data.toString()));
        tokens.put("web", last(Cli.lines("agent-token", "create", "--data", data.toString(), "--labels", "role=web")));
        tokens.put("db", last(Cli.lines("agent-token", "create", "--data", data.toString(), "--labels", "role=db", "--uses", "1")));
        Files.writeString(dir.resolve("web.log"), "");
        Files.writeString(Files.createDirectories(dir.resolve("www")).resolve("index.html"), "<h1>shop</h1>");
        Files.writeString(dir.resolve("db.log"), "");
        startServer();
        startAgent("web1", tokens.get("web"));
        startAgent("web2", tokens.get("web"));
        startAgent("db1", tokens.get("db"));
    }

    @AfterAll
    void stop() {
        agents.values().forEach(Process::destroyForcibly);
        if (server != null) {
            server.destroyForcibly();
        }
    }

    private void writeConfig(boolean withCheck) throws IOException {
        String check = withCheck ? "      checks: [{service: dummy, command: [" + DUMMY + ", '0', 'all fine'], interval: 10s}]\n" : "";
        Files.writeString(dir.resolve("vigil.yml"), """
                server:
                  listen: 127.0.0.1:%d
                  data: %s
                agents:
                  listen: 127.0.0.1:%d
                  grace: 20s
                  plans:
                    - groups: [web]
                      interval: 5s
                      logs: [%s]
                      integrity: {paths: [%s], scan_interval: 1h}
                %s    - groups: [db]
                      logs: [%s]
                autoregister:
                  - when: {labels: {role: web}}
                    groups: [web]
                  - when: {labels: {role: db}}
                    groups: [db]
                services:
                  - name: http
                    groups: [web]
                    type: tcp
                    port: 1
                """.formatted(apiPort, dir.resolve("data"), agentPort, dir.resolve("web.log"), dir.resolve("www"), check, dir.resolve("db.log")));
    }

    private void startServer() throws Exception {
        Path log = dir.resolve("vigil.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        server = VigilProcess.start(dir.resolve("vigil.yml"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).substring((int) before).contains("Agents: https://"));
    }

    private void startAgent(String host, String token) throws IOException {
        List<String> args = new ArrayList<>(List.of("agent", "--server", "https://127.0.0.1:" + agentPort, "--data",
                dir.resolve(host).toString(), "--host", host));
        if (token != null) {
            args.addAll(List.of("--join", token));
        }
        agents.put(host, VigilProcess.command(dir.resolve(host + ".log"), List.of("-Xmx64m"), args.toArray(String[]::new)));
    }

    @Test
    @Order(1)
    void agentsEnrollAndTheirHostsJoinTheGroupsTheirLabelsEarnWithTheGroupsServices() throws Exception {
        // Connected from enrollment on; the version comes with the first batch.
        await().atMost(Duration.ofSeconds(30)).until(() -> agentsJson().size() == 3
                && agentsJson().findValuesAsText("state").stream().allMatch("connected"::equals)
                && agentsJson().findValuesAsText("version").stream().noneMatch(String::isEmpty));
        JsonNode web1 = agent("web1");
        assertThat(web1.path("labels").path("role").asText()).isEqualTo("web");
        assertThat(web1.path("version").asText()).isNotEmpty();
        assertThat(web1.path("id").asText()).startsWith("agent-");
        JsonNode hosts = get("/api/v1/hosts");
        assertThat(hostGroups(hosts, "web1")).containsExactly("web");
        assertThat(hostGroups(hosts, "db1")).containsExactly("db");
        JsonNode services = get("/api/v1/services");
        List<String> http = new ArrayList<>();
        services.forEach(s -> {
            if (s.path("service").asText().equals("http")) {
                http.add(s.path("host").asText());
            }
        });
        assertThat(http).containsExactlyInAnyOrder("web1", "web2");
        // The host's metrics, named as the server's own host's.
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/series?host=web1").toString().contains("load.1min"));
        // Each agent got its group's plan; the server CA's fingerprint was printed at enrollment.
        await().atMost(Duration.ofSeconds(20)).until(() -> agent("web1").path("planCurrent").asBoolean()
                && agent("db1").path("planCurrent").asBoolean());
        assertThat(Files.readString(dir.resolve("web1.log"))).contains("server CA fingerprint SHA256:");
    }

    @Test
    @Order(2)
    void aPlanChangeReachesTheAgentsWithoutARestart() throws Exception {
        String before = agent("web1").path("planVersion").asText();
        writeConfig(true);
        post("/api/v1/reload", "");
        await().atMost(Duration.ofSeconds(30)).until(() -> !agent("web1").path("planVersion").asText().equals(before)
                && agent("web1").path("planCurrent").asBoolean() && agent("web2").path("planCurrent").asBoolean());
        // The plugin runs on the agent; its result arrives as the host's service.
        await().atMost(Duration.ofSeconds(40)).until(() -> service("web1", "dummy").path("output").asText().contains("all fine"));
        assertThat(service("web1", "dummy").path("state").asText()).isEqualTo("OK");
        assertThat(agents.get("web1").isAlive()).isTrue();
    }

    @Test
    @Order(3)
    void whileTheServerIsAwayFor60sTheAgentsKeepEverythingAndItArrivesExactlyOnce() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("web1/integrity/baseline.gz"))
                && Files.exists(dir.resolve("web2/integrity/baseline.gz")));
        server.destroy();
        server.waitFor();
        Instant back = Instant.now().plusSeconds(60);
        int n = 300;
        for (int i = 0; i < n; i++) {
            append("web.log", "outage web line " + i + " phase3");
            append("db.log", "outage db line " + i + " phase3");
            if (i % 100 == 0) {
                Thread.sleep(5_000);
            }
        }
        // File changes too: the web agents watch www (their baseline was taken when the plan arrived).
        int files = 5;
        for (int i = 0; i < files; i++) {
            Files.writeString(dir.resolve("www").resolve("outage-" + i + ".php"), "<?php echo " + i + ";");
            Thread.sleep(1_000);
        }
        Cli.lines("agent", "submit", "web1", "backup", "CRITICAL", "backup failed while the server was away", "--data",
                dir.resolve("web1").toString());
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), back).toMillis()));
        startServer();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() ->
                count("host:web1 AND phase3") == n && count("host:web2 AND phase3") == n && count("host:db1 AND phase3") == n);
        Thread.sleep(5_000); // what came in twice would show now
        assertThat(count("host:web1 AND phase3")).isEqualTo(n);
        assertThat(count("host:web2 AND phase3")).isEqualTo(n);
        assertThat(count("host:db1 AND phase3")).isEqualTo(n);
        await().atMost(Duration.ofSeconds(20)).until(() -> service("web1", "backup").path("state").asText().equals("CRITICAL"));
        assertThat(count("host:web1 AND phase3 AND db")).isZero(); // each agent ships only its own files
        await().atMost(Duration.ofSeconds(20)).until(() -> outageChanges("web1") == files && outageChanges("web2") == files);
        assertThat(outageChanges("db1")).isZero(); // db's plan watches no files
        // The admin accepts web1's files as they are: its changes end (recoveries), web2's stay open.
        post("/api/v1/agents/" + agent("web1").path("id").asText() + "/integrity/accept", "");
        await().atMost(Duration.ofSeconds(30)).until(() -> outageEnded("web1") == files);
        assertThat(outageEnded("web2")).isZero();
    }

    private long outageEnded(String host) throws Exception {
        long n = 0;
        for (JsonNode e : get("/api/v1/events?limit=1000&host=" + host)) {
            if (e.path("kind").asText().equals("recovery") && e.path("title").asText().matches(".*/outage-\\d\\.php added: accepted or reverted")) {
                n++;
            }
        }
        return n;
    }

    /** The integrity events of a host for files added during the outage: each must be there exactly once. */
    private long outageChanges(String host) throws Exception {
        long n = 0;
        for (JsonNode e : get("/api/v1/events?limit=1000&host=" + host)) {
            if (e.path("source").asText().equals("integrity") && e.path("title").asText().matches(".*/outage-\\d\\.php added on " + host)) {
                n++;
            }
        }
        return n;
    }

    @Test
    @Order(4)
    void anAgentKilledInTheMiddleOfABatchResumesFromItsOffsetsWithoutLossOrRepeats() throws Exception {
        int n = 4000;
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < n; i++) {
            burst.append("burst line ").append(i).append(" phase4\n");
        }
        Files.writeString(dir.resolve("web.log"), burst, StandardOpenOption.APPEND);
        Thread.sleep(700);
        agents.get("web2").destroyForcibly().waitFor();
        startAgent("web2", null); // enrolled: no token needed again
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count("host:web2 AND phase4") == n && count("host:web1 AND phase4") == n);
        Thread.sleep(4_000);
        assertThat(count("host:web2 AND phase4")).isEqualTo(n);
    }

    @Test
    @Order(5)
    void hostileInputFromAConnectedAgentIsRefusedWithoutHarmingTheOthers() throws Exception {
        SSLContext db1 = identity(dir.resolve("db1"));
        assertThat(postBatch(db1, "this is not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
        assertThat(postBatch(db1, new byte[40 << 20])).isEqualTo(413); // 40 MB of zeros: a tiny gzip, refused unpacked
        // A result for a host db1 does not own is not written, whatever the batch says.
        String forged = """
                {"items":[{"kind":"result","seq":1000000,"at":%d,"host":"web1","service":"forged","state":2,"output":"pwned"}],
                 "sent":%d,"version":"x","planVersion":"","buffered":0,"lost":0,"facts":null}
                """.formatted(System.currentTimeMillis(), System.currentTimeMillis());
        assertThat(postBatch(db1, forged.getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
        Thread.sleep(1000);
        assertThat(get("/api/v1/services").toString()).doesNotContain("forged").doesNotContain("pwned");
        // A certificate from another CA is refused: the handshake fails, or (the client finding no certificate the
        // server's CA list accepts) the request comes without one and is turned away.
        int stranger;
        try {
            stranger = postBatch(strangerIdentity(), forged.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            stranger = -1;
        }
        assertThat(stranger).isIn(-1, 401);
        // An unknown or used-up join token is refused with a reason.
        String join = "{\"token\":\"%s\",\"csr\":\"x\",\"facts\":{\"hostname\":\"evil\"}}";
        assertThat(postJoin(join.formatted("vigil_join_unknown"))).contains("unknown join token");
        assertThat(postJoin(join.formatted(tokens.get("db")))).contains("used 1 of 1");
        // The others are unharmed.
        append("web.log", "after the attack phase5");
        await().atMost(Duration.ofSeconds(20)).until(() -> count("host:web1 AND phase5") == 1);
    }

    @Test
    @Order(6)
    void aRevokedAgentIsRefusedAtItsNextConnection() throws Exception {
        String id = agent("db1").path("id").asText();
        var r = http.send(HttpRequest.newBuilder(api("/api/v1/agents/" + id)).header("Authorization", "Bearer " + admin)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(agent("db1").path("state").asText()).isEqualTo("revoked");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(dir.resolve("db1.log")).contains("revoked"));
        assertThat(postBatch(identity(dir.resolve("db1")), "{\"items\":[],\"sent\":0}".getBytes(StandardCharsets.UTF_8))).isEqualTo(403);
        assertThat(agent("web1").path("state").asText()).isEqualTo("connected");
    }

    @Test
    @Order(7)
    void aHostWhoseAgentFallsSilentPastItsGraceIsDownAndUpWhenItIsBack() throws Exception {
        agents.get("web2").destroy();
        agents.get("web2").waitFor();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> host("web2").path("state").asText().equals("DOWN"));
        assertThat(host("web2").path("output").asText()).contains("agent silent since");
        assertThat(agent("web2").path("state").asText()).isEqualTo("silent");
        startAgent("web2", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> host("web2").path("state").asText().equals("UP"));
        assertThat(agent("web2").path("state").asText()).isEqualTo("connected");
    }

    private JsonNode host(String name) throws Exception {
        for (JsonNode h : get("/api/v1/hosts")) {
            if (h.path("host").asText().equals(name)) {
                return h;
            }
        }
        return JSON.createObjectNode();
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private void append(String file, String line) throws IOException {
        Files.writeString(dir.resolve(file), line + "\n", StandardOpenOption.APPEND);
    }

    private long count(String query) throws Exception {
        return get("/api/v1/logs/search?limit=1&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("total").asLong();
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }

    private JsonNode get(String path) throws Exception {
        var r = http.send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + admin).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void post(String path, String body) throws Exception {
        var r = http.send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(200);
    }

    private JsonNode agentsJson() throws Exception {
        return get("/api/v1/agents").path("agents");
    }

    private JsonNode agent(String host) throws Exception {
        for (JsonNode a : agentsJson()) {
            if (a.path("host").asText().equals(host)) {
                return a;
            }
        }
        throw new AssertionError("no agent for " + host);
    }

    private JsonNode service(String host, String service) throws Exception {
        for (JsonNode s : get("/api/v1/services")) {
            if (s.path("host").asText().equals(host) && s.path("service").asText().equals(service)) {
                return s;
            }
        }
        return JSON.createObjectNode();
    }

    private static List<String> hostGroups(JsonNode hosts, String host) {
        for (JsonNode h : hosts) {
            if (h.path("host").asText().equals(host)) {
                List<String> g = new ArrayList<>();
                h.path("groups").forEach(x -> g.add(x.asText()));
                return g;
            }
        }
        return List.of();
    }

    private int postBatch(SSLContext tls, byte[] body) throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(z)) {
            out.write(body);
        }
        HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:" + agentPort + "/agent/v1/batch").toURL().openConnection();
        c.setSSLSocketFactory(tls.getSocketFactory());
        c.setHostnameVerifier((h, s) -> true);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Encoding", "gzip");
        try (OutputStream out = c.getOutputStream()) {
            out.write(z.toByteArray());
        }
        return c.getResponseCode();
    }

    private String postJoin(String body) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", certificate(dir.resolve("data/ca/ca.crt")));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        HttpsURLConnection h = (HttpsURLConnection) URI.create("https://127.0.0.1:" + agentPort + "/agent/v1/join").toURL().openConnection();
        h.setSSLSocketFactory(c.getSocketFactory());
        h.setHostnameVerifier((x, s) -> true);
        h.setDoOutput(true);
        h.setRequestMethod("POST");
        try (OutputStream out = h.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(h.getResponseCode()).isEqualTo(403);
        return new String(h.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The TLS identity an enrolled agent keeps in its data directory. */
    private static SSLContext identity(Path agentDir) throws Exception {
        String pem = Files.readString(agentDir.resolve("agent.key")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        return tls(key, certificate(agentDir.resolve("agent.crt")), certificate(agentDir.resolve("ca.crt")));
    }

    /** A key and certificate that look like an agent's but come from a CA of the test's own. */
    private SSLContext strangerIdentity() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + agent("web1").path("id").asText());
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(3600)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return tls(pair.getPrivate(), cert, certificate(dir.resolve("data/ca/ca.crt")));
    }

    private static SSLContext tls(PrivateKey key, X509Certificate cert, X509Certificate ca) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", key, "p".toCharArray(), new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "p".toCharArray());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
