package dev.vigil.server.fleet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.agent.wire.Batch;
import dev.vigil.agent.wire.Join;
import dev.vigil.core.RandomId;
import dev.vigil.core.fleet.Fleet;
import dev.vigil.server.http.TlsKeys;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' own HTTPS listener, apart from the dashboard's: TLS with the server's CA, client certificates from
 * that CA only. {@code /agent/v1/join} takes a join token (no certificate yet); {@code /agent/v1/batch} needs the
 * agent's certificate, and the agent is whoever that certificate names. Nothing else is served here.
 */
public final class AgentListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentListener.class);
    /** Compressed size accepted per request. */
    private static final long MAX_BODY = 8L << 20;
    /** Decompressed size accepted per batch (an agent sends at most 2 MB): a gzip bomb stops here. */
    static final int MAX_BATCH = 8 << 20;
    /**
     * Batch bytes being applied at once, in KB. Agents wait for their lines to be indexed, so many batches are in
     * flight; past this budget a batch is turned away with 503 and its agent sends it again after its back-off, so a
     * flood of agents costs time, never the server's memory.
     */
    private static final int BUDGET_KB = 32 << 10;
    private final java.util.concurrent.Semaphore budget = new java.util.concurrent.Semaphore(BUDGET_KB);
    /** Strict: a batch with fields this server does not know is refused, not half-read. */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Agents agents;
    private final Javalin app;

    public AgentListener(Agents agents, String host, int port) throws GeneralSecurityException, IOException {
        this.agents = agents;
        char[] password = RandomId.next().toCharArray();
        var keys = agents.authority().serverKeys(password);
        var trust = agents.authority().trust();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY;
            config.http.defaultContentType = "application/json";
            config.jetty.addConnector((server, httpConfig) -> {
                var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
                ssl.setKeyStore(keys);
                ssl.setKeyStorePassword(new String(password));
                ssl.setTrustStore(trust);
                ssl.setWantClientAuth(true); // join comes without a certificate; batch checks it is there
                return TlsKeys.connector(server, httpConfig, ssl, host, port);
            });
        });
        app.post("/agent/v1/join", this::join);
        app.post("/agent/v1/batch", this::batch);
        app.post("/agent/v1/renew", this::renew);
        app.exception(Fleet.Refused.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("agent request failed: {}", e.toString());
            error(ctx, 500, "internal error");
        });
        app.error(404, ctx -> error(ctx, 404, "not found"));
    }

    /** Starts listening; returns the bound port. */
    public int start() {
        app.start();
        return app.port();
    }

    private void join(Context ctx) {
        Join.Request request;
        try {
            request = STRICT.readValue(bounded(ctx.bodyInputStream(), 64 << 10), Join.Request.class);
        } catch (IOException e) {
            error(ctx, 400, "the join request does not read: send {token, csr, facts}");
            return;
        }
        ctx.json(agents.join(request));
    }

    /** A new certificate for the agent whose current one authenticates this request. */
    private void renew(Context ctx) {
        X509Certificate[] chain = clientCertificates(ctx);
        if (chain == null) {
            return;
        }
        Batch.Renewal request;
        try {
            request = STRICT.readValue(bounded(ctx.bodyInputStream(), 64 << 10), Batch.Renewal.class);
        } catch (IOException e) {
            error(ctx, 400, "the renewal does not read: send {csr}");
            return;
        }
        ctx.json(java.util.Map.of("certificate", agents.renew(CertificateAuthority.agentOf(chain[0]), request.csr())));
    }

    /** The client's certificate chain (its first names the agent), or null once a 401 is answered. */
    private static X509Certificate[] clientCertificates(Context ctx) {
        Object certs = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (!(certs instanceof X509Certificate[] chain) || chain.length == 0) {
            error(ctx, 401, "a client certificate is required: enroll with vigil agent --join TOKEN");
            return null;
        }
        return chain;
    }

    private void batch(Context ctx) throws InterruptedException {
        X509Certificate[] chain = clientCertificates(ctx);
        if (chain == null) {
            return;
        }
        String agent = CertificateAuthority.agentOf(chain[0]);
        byte[] raw;
        try {
            raw = bounded(ctx.bodyInputStream(), MAX_BODY);
        } catch (TooLarge e) {
            error(ctx, 413, "a request may be at most " + (MAX_BODY >> 20) + " MB");
            return;
        } catch (IOException e) {
            error(ctx, 400, "the batch does not read");
            return;
        }
        boolean gzip = "gzip".equalsIgnoreCase(ctx.header("Content-Encoding"));
        // What it will take unpacked, known before unpacking: gzip's trailer says it (ISIZE), and more is refused below.
        long size = gzip && raw.length >= 4
                ? (raw[raw.length - 4] & 0xffL) | (raw[raw.length - 3] & 0xffL) << 8 | (raw[raw.length - 2] & 0xffL) << 16 | (raw[raw.length - 1] & 0xffL) << 24
                : raw.length;
        if (size > MAX_BATCH) {
            error(ctx, 413, "a batch may be at most " + (MAX_BATCH >> 20) + " MB uncompressed");
            return;
        }
        int permits = (int) Math.max(1, size >> 10);
        if (!budget.tryAcquire(permits)) {
            ctx.header("Retry-After", "1");
            error(ctx, 503, "the server is busy; send the batch again");
            return;
        }
        try {
            Batch batch;
            try {
                InputStream in = new java.io.ByteArrayInputStream(raw);
                byte[] body = gzip ? bounded(new GZIPInputStream(in), Math.max(size, 1)) : raw;
                raw = null; // the packed form is not needed while the batch is applied
                batch = STRICT.readValue(body, Batch.class);
            } catch (TooLarge e) {
                error(ctx, 400, "the batch unpacks to more than its gzip trailer says");
                return;
            } catch (IOException e) {
                error(ctx, 400, "the batch does not read");
                return;
            }
            Batch.Reply reply = agents.accept(agent, batch);
            ctx.json(agents.renewalDue(chain[0]) ? new Batch.Reply(reply.acked(), reply.plan(), reply.serverTime(), true) : reply);
        } catch (IllegalArgumentException e) {
            error(ctx, 413, e.getMessage());
        } catch (IllegalStateException e) {
            error(ctx, 503, e.getMessage());
        } finally {
            budget.release(permits);
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large", null);
        }
    }

    private static byte[] bounded(InputStream in, long max) throws IOException {
        byte[] b = in.readNBytes((int) max + 1);
        if (b.length > max) {
            throw new TooLarge();
        }
        return b;
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    @Override
    public void close() {
        app.stop();
    }
}
