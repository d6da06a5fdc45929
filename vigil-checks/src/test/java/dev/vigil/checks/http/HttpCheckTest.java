package dev.vigil.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Location;
import dev.vigil.core.config.Section;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCheckTest {
    private HttpServer server;
    private String base;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            int status = switch (path) {
                case "/502" -> 502;
                case "/404" -> 404;
                case "/redirect" -> 302;
                default -> 200;
            };
            if (path.equals("/redirect")) {
                ex.getResponseHeaders().add("Location", "/");
            }
            if (path.equals("/slow")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.getResponseHeaders().add("X-App", "shop v2");
            byte[] body = ("Welcome to the shop; db=" + ex.getRequestHeaders().getFirst("X-Probe"))
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private CheckResult check(Map<String, Object> options) throws InterruptedException {
        ConfigErrors errors = new ConfigErrors();
        var check = CheckTypes.create("http", new Section((ConfigNode.Mapping) ConfigNode.fromValue(options,
                new Location("test", 1)), errors), InstantSource.system());
        assertThat(errors.list()).isEmpty();
        return check.orElseThrow().run(Duration.ofSeconds(5));
    }

    private static Map<String, Object> opts(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void okPageWithExpectedContentAndPerfdata() throws Exception {
        CheckResult r = check(opts("url", base + "/", "contains", "Welcome", "not_contains", "Exception",
                "regex", "db=\\w+", "headers", Map.of("X-Probe", "vigil"), "expect_headers", Map.of("X-App", "shop")));
        assertThat(r.state()).isEqualTo(ServiceState.OK);
        assertThat(r.output()).startsWith("HTTP OK - HTTP/1.1 200");
        assertThat(r.perfdata()).extracting(PerfValue::label).containsExactly("time", "size");
    }

    @Test
    void statusClassesMapLikeCheckHttp() throws Exception {
        assertThat(check(opts("url", base + "/404")).state()).isEqualTo(ServiceState.WARNING);
        assertThat(check(opts("url", base + "/502")).state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(check(opts("url", base + "/502", "expect_status", List.of("502"))).state()).isEqualTo(ServiceState.OK);
        assertThat(check(opts("url", base + "/redirect")).output()).contains("302");
        assertThat(check(opts("url", base + "/redirect", "follow_redirects", "true")).output()).contains("200");
    }

    @Test
    void missingOrForbiddenContentIsCritical() throws Exception {
        assertThat(check(opts("url", base + "/", "contains", "Goodbye")).state()).isEqualTo(ServiceState.CRITICAL);
        CheckResult leaked = check(opts("url", base + "/", "not_contains", "db="));
        assertThat(leaked.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(leaked.output()).contains("forbidden string 'db='");
    }

    @Test
    void slowResponseCrossesTheResponseTimeThresholds() throws Exception {
        CheckResult r = check(opts("url", base + "/slow", "warning_time", "100ms", "critical_time", "5s"));
        assertThat(r.state()).isEqualTo(ServiceState.WARNING);
        assertThat(r.output()).contains("response time");
    }

    @Test
    void refusedConnectionIsCritical() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CheckResult r = check(opts("url", "http://127.0.0.1:" + closed + "/"));
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(r.output()).contains("connection refused");
    }

    /** Runs the JDK's keytool (test tooling only; Vigil never shells out like this). */
    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private Path keypair(String name, String cn, int days) throws Exception {
        Path store = tmp.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + cn,
                "-ext", "SAN=ip:127.0.0.1", "-validity", String.valueOf(days), "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit");
        return store;
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    /** An HTTPS server with {@code serverKeys}; when {@code trustedClients} is given, it demands a client certificate. */
    private static HttpsServer https(Path serverKeys, KeyStore trustedClients) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(serverKeys), "changeit".toCharArray());
        javax.net.ssl.TrustManager[] trust = null;
        if (trustedClients != null) {
            var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustedClients);
            trust = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trust, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(trustedClients != null);
                params.setSSLParameters(p);
            }
        });
        https.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        https.start();
        return https;
    }

    @Test
    void clientCertificateIsPresentedWhenConfigured() throws Exception {
        Path server = keypair("srv", "127.0.0.1", 30);
        Path client = keypair("probe", "vigil-probe", 30);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("probe", load(client).getCertificate("probe"));
        HttpsServer https = https(server, trusted);
        try {
            String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/";
            assertThat(check(opts("url", url, "tls_verify", "false")).state()).isEqualTo(ServiceState.CRITICAL);
            CheckResult withCert = check(opts("url", url, "tls_verify", "false", "client_cert", client.toString(),
                    "client_cert_password", "changeit"));
            assertThat(withCert.state()).isEqualTo(ServiceState.OK);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void certificateExpiringSoonWarnsWithTheDaysLeft() throws Exception {
        HttpsServer https = https(keypair("srv", "127.0.0.1", 10), null);
        try {
            String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/";
            CheckResult untrusted = check(opts("url", url));
            assertThat(untrusted.state()).isEqualTo(ServiceState.CRITICAL);
            assertThat(untrusted.output()).contains("TLS");

            CheckResult expiring = check(opts("url", url, "tls_verify", "false", "cert_days_warning", "30",
                    "cert_days_critical", "7"));
            assertThat(expiring.state()).isEqualTo(ServiceState.WARNING);
            assertThat(expiring.output()).containsPattern("certificate expires in (9|10) days");
        } finally {
            https.stop(0);
        }
    }

    @Test
    void invalidOptionsAreReportedAtLoadTime() {
        ConfigErrors errors = new ConfigErrors();
        CheckTypes.create("http", new Section((ConfigNode.Mapping) ConfigNode.fromValue(
                opts("url", "ftp://x/", "regex", "(unclosed", "warning_time", "fast", "expect_status", List.of("700")),
                new Location("vigil.yml", 7)), errors), InstantSource.system());
        assertThat(errors.list()).extracting(e -> e.message())
                .anyMatch(m -> m.contains("invalid regular expression"))
                .anyMatch(m -> m.contains("'warning_time': invalid duration 'fast'"))
                .anyMatch(m -> m.contains("expect_status"));
    }
}
