package dev.vigil.agent;

import dev.vigil.agent.wire.Batch;
import dev.vigil.agent.wire.Join;
import dev.vigil.agent.wire.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The agent's HTTPS connection to the server. The server is trusted through the CA pinned at enrollment, not through
 * public CAs or its host name: the listener's certificate comes from that CA and nothing else does.
 */
final class Link {
    private static final int CONNECT_MS = 10_000;
    private static final int READ_MS = 60_000;
    /** The largest answer read (a plan): a hostile server cannot fill the agent's memory. */
    private static final int MAX_REPLY = 1 << 20;

    /** The server answered with a refusal (revoked, unknown token): retrying the same will not help. */
    static final class Refused extends IOException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final URI server;
    private final SSLContext tls;

    Link(URI server, SSLContext tls) {
        this.server = server;
        this.tls = tls;
    }

    /**
     * The certificates the server presents, read with a handshake that sends nothing: the last is its CA, which the
     * operator compares with the fingerprint the server printed (or {@code --ca-fingerprint} requires).
     */
    static X509Certificate[] presentedChain(URI server) throws IOException, GeneralSecurityException {
        X509Certificate[][] seen = new X509Certificate[1][];
        TrustManager capture = new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { seen[0] = chain.clone(); }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {capture}, null);
        int port = server.getPort() < 0 ? 443 : server.getPort();
        try (SSLSocket s = (SSLSocket) c.getSocketFactory().createSocket()) {
            s.connect(new java.net.InetSocketAddress(server.getHost(), port), CONNECT_MS);
            s.setSoTimeout(CONNECT_MS);
            s.startHandshake();
        }
        if (seen[0] == null || seen[0].length == 0) {
            throw new GeneralSecurityException("the server presented no certificate");
        }
        return seen[0];
    }

    Join.Reply join(Join.Request request) throws IOException {
        return WireJson.joinReply(post("/agent/v1/join", WireJson.join(request), false));
    }

    /** Asks for a new client certificate for the new key of {@code csr}; returns it (PEM). */
    String renew(String csr) throws IOException {
        return WireJson.renewed(post("/agent/v1/renew", WireJson.renewal(new Batch.Renewal(csr)), false));
    }

    Batch.Reply send(Batch batch) throws IOException {
        return WireJson.batchReply(post("/agent/v1/batch", WireJson.batch(batch), true));
    }

    private byte[] post(String path, byte[] body, boolean gzip) throws IOException {
        // Without a default factory, HttpsURLConnection's constructor makes the JDK's default context, and with it
        // reads the system's CA certificates (megabytes the agent would keep and never use: it trusts the pinned CA).
        HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
        HttpsURLConnection c = (HttpsURLConnection) server.resolve(path).toURL().openConnection();
        c.setSSLSocketFactory(tls.getSocketFactory());
        c.setHostnameVerifier((host, session) -> true); // trust is the pinned CA (see the class comment)
        c.setConnectTimeout(CONNECT_MS);
        c.setReadTimeout(READ_MS);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/json");
        if (gzip) {
            c.setRequestProperty("Content-Encoding", "gzip");
            ByteArrayOutputStream z = new ByteArrayOutputStream(body.length / 4 + 64);
            try (GZIPOutputStream out = new GZIPOutputStream(z)) {
                out.write(body);
            }
            body = z.toByteArray();
        }
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            byte[] reply = in == null ? new byte[0] : in.readNBytes(MAX_REPLY);
            if (status >= 400) {
                String error = WireJson.error(reply);
                String message = error != null ? error : new String(reply, StandardCharsets.UTF_8);
                throw new Refused(status, "the server refused (" + status + "): " + message);
            }
            return reply;
        }
    }
}
