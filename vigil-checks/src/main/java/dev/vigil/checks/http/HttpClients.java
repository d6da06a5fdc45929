package dev.vigil.checks.http;

import dev.vigil.core.config.Section;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Shares HTTP clients between checks with the same connection settings. Each {@link HttpClient} owns a
 * selector thread and a connection pool; one per check would waste both when thousands of checks run.
 */
public final class HttpClients {
    record Key(boolean followRedirects, boolean tlsVerify, Path clientCert, String clientCertPassword) {}

    private static final ConcurrentHashMap<Key, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private HttpClients() {}

    static HttpClient shared(Key key) {
        return CLIENTS.computeIfAbsent(key, HttpClients::build);
    }

    /** A document a check read: the answer's status and at most the first bytes of its body. */
    public record Document(int status, byte[] body) {}

    /**
     * Reads a document (a provider's status page or feed) with the shared client that follows redirects and verifies
     * certificates, keeping at most {@code maxBytes} of it.
     */
    public static Document read(URI url, Duration timeout, String accept, int maxBytes) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = shared(new Key(true, true, null, null)).send(HttpRequest.newBuilder(url).timeout(timeout)
                .header("Accept", accept).header("User-Agent", "Vigil").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            return new Document(r.statusCode(), in.readNBytes(maxBytes));
        }
    }

    /** Reads the option {@code url} as an http(s) URL of {@code what}; null (and an error said) when it is not one. */
    public static URI url(Section s, String what, String example) {
        String url = s.required("url", what + ", e.g. " + example);
        if (url.isEmpty()) {
            return null;
        }
        try {
            URI u = URI.create(url);
            if ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        s.error("url", "'url' must be an http(s) URL of " + what + ", found '" + url + "'");
        return null;
    }

    private static HttpClient build(Key key) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(key.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        if (!key.tlsVerify() || key.clientCert() != null) {
            b.sslContext(sslContext(key));
        }
        return b.build();
    }

    private static SSLContext sslContext(Key key) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            KeyManagerFactory kmf = null;
            if (key.clientCert() != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                char[] password = key.clientCertPassword() == null ? new char[0] : key.clientCertPassword().toCharArray();
                try (InputStream in = Files.newInputStream(key.clientCert())) {
                    ks.load(in, password);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, password);
            }
            TrustManager[] trust = key.tlsVerify() ? null : new TrustManager[] {new TrustingAnyCertificate()};
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            // The check reports this as UNKNOWN on every run rather than failing config loading later.
            throw new IllegalStateException("cannot load client certificate: " + e.getMessage(), e);
        }
    }

    /** For {@code tls_verify: false}: still reads the certificate (for expiry checks) but trusts any. */
    private static final class TrustingAnyCertificate extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
