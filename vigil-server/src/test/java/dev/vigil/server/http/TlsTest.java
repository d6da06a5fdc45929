package dev.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.config.TlsSettings;
import dev.vigil.server.web.Pages;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    Path dir;

    /** Accepts Vigil's self-signed certificate (the test checks what is served, not who signed it). */
    private static HttpClient trustingClient() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new X509ExtendedTrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
            @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
            @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
            @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
            @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
            @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
            @Override public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return HttpClient.newBuilder().sslContext(ctx).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Started(Vigil vigil, HttpServer http, SystemScheduler scheduler, int port) implements AutoCloseable {
        @Override
        public void close() {
            http.close();
            vigil.close();
            scheduler.close();
        }
    }

    private Started start(TlsSettings tls) throws Exception {
        Files.writeString(dir.resolve("vigil.yml"), "hosts:\n  - name: shop\n");
        ConfigFiles files = new ConfigFiles(dir.resolve("vigil.yml"), "vigil.yml");
        var loaded = files.load(InstantSource.system(), List.of(), List.of());
        loaded = new dev.vigil.server.config.LoadedConfig(loaded.server().withData(dir.resolve("data")), loaded.plan());
        SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
        Vigil vigil = new Vigil(files, loaded, scheduler, Runnable::run, new Random());
        vigil.start();
        HttpServer http = new HttpServer(vigil, TlsKeys.keyStore(tls, dir.resolve("data"), "127.0.0.1"), new Pages(vigil, true));
        return new Started(vigil, http, scheduler, http.start("127.0.0.1", 0));
    }

    @Test
    void servesHttpsWithSecureCookiesAndRedirectsPlainHttp() throws Exception {
        int redirect = freePort();
        try (Started s = start(new TlsSettings(null, null, true, "127.0.0.1", redirect))) {
            HttpClient client = trustingClient();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + s.port() + "/login")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Secure"));
            assertThat(login.headers().firstValue("Strict-Transport-Security")).isPresent();
            assertThat(login.sslSession()).isPresent();

            HttpResponse<String> plain = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + redirect + "/hosts?x=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(308);
            assertThat(plain.headers().firstValue("Location")).contains("https://127.0.0.1:" + s.port() + "/hosts?x=1");
        }
        assertThat(dir.resolve("data/tls/self-signed.key")).exists();
        assertThat(Files.getPosixFilePermissions(dir.resolve("data/tls/self-signed.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void loadsAPemCertificateAndKey() throws Exception {
        try (Started first = start(new TlsSettings(null, null, true, null, 0))) {
            assertThat(first.port()).isPositive();
        }
        Path cert = dir.resolve("data/tls/self-signed.crt");
        Path key = dir.resolve("data/tls/self-signed.key");
        try (Started s = start(new TlsSettings(cert, key, false, null, 0))) {
            HttpResponse<String> r = trustingClient().send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + s.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("ok\n");
        }
    }
}
