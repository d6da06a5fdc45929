package dev.vigil.checks.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
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

    /** The shared client that follows redirects and verifies certificates: for checks that read a document (a status page). */
    public static HttpClient standard() {
        return shared(new Key(true, true, null, null));
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
