package dev.vigil.server.http;

import dev.vigil.apm.Apm;
import dev.vigil.apm.Span;
import dev.vigil.apm.otlp.OtlpJson;
import dev.vigil.apm.otlp.OtlpLogs;
import dev.vigil.apm.otlp.OtlpProto;
import dev.vigil.core.access.Tokens;
import dev.vigil.logs.LogPipeline;
import dev.vigil.logs.input.LogLine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.function.Supplier;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * OTLP over HTTP on its own port (4318 by convention): {@code POST /v1/traces} in protobuf (what OpenTelemetry's
 * SDKs and Java agent send) or JSON, gzip or not, authenticated by an API token with the {@code submit} scope
 * ({@code OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20TOKEN}); {@code POST /v1/metrics} into the
 * series, and {@code POST /v1/logs} into the log pipeline, each in protobuf or JSON.
 */
public final class OtlpListener implements AutoCloseable {
    /** An export's size on the wire and unpacked: the Java agent sends 512 spans at most per export, far below. */
    static final int MAX_BODY = 8 << 20;
    static final int MAX_UNPACKED = 32 << 20;
    private static final byte[] EMPTY_PROTO_RESPONSE = new byte[0]; // ExportTraceServiceResponse with nothing to say

    private final Apm apm;
    private final Tokens tokens;
    private final Javalin app;
    private final Supplier<LogPipeline> logs;
    private final InstantSource clock;

    /**
     * @param logs the log pipeline OTLP log records go into (the current one: a reload may replace it)
     * @param clock when lines are received
     */
    public OtlpListener(Apm apm, Tokens tokens, Supplier<LogPipeline> logs, InstantSource clock) {
        this.apm = apm;
        this.tokens = tokens;
        this.logs = logs;
        this.clock = clock;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY;
        });
        app.before(this::authenticate);
        app.post("/v1/traces", this::traces);
        app.post("/v1/metrics", this::metrics);
        app.post("/v1/logs", this::logs);
        app.exception(Exception.class, (e, ctx) -> answer(ctx, 500, "the export could not be taken"));
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                answer(ctx, 404, "no such endpoint: OTLP traces go to POST /v1/traces");
            }
        });
    }

    /** The listener for this server's applications: its traces and metrics, its tokens, its log pipeline and clock. */
    public static OtlpListener of(dev.vigil.server.Vigil vigil) {
        return new OtlpListener(vigil.apm(), vigil.tokens(), () -> vigil.logs().pipeline(), vigil.scheduler().clock());
    }

    /** Starts listening; returns the bound port. */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        var token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.verify(header.substring(7).trim()) : java.util.Optional.<Tokens.TokenInfo>empty();
        if (token.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"vigil\"");
            answer(ctx, 401, header == null ? "authentication required: send 'Authorization: Bearer TOKEN' (a token with scope "
                    + "'submit'; with OpenTelemetry: OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20TOKEN)" : "invalid, expired or revoked token");
            ctx.skipRemainingHandlers();
            return;
        }
        if (!token.get().scope().allows(Tokens.Scope.SUBMIT)) {
            answer(ctx, 403, "this token's scope is '" + token.get().scope().id() + "'; sending traces needs 'submit' or 'admin'");
            ctx.skipRemainingHandlers();
        }
    }

    private void traces(Context ctx) {
        byte[] body = body(ctx);
        Boolean json = body == null ? null : json(ctx);
        if (json == null) {
            return;
        }
        List<Span> spans;
        try {
            spans = json ? OtlpJson.traces(body) : OtlpProto.traces(body);
        } catch (IllegalArgumentException e) {
            answer(ctx, 400, e.getMessage());
            return;
        }
        if (!apm.accept(spans)) {
            ctx.header("Retry-After", "1");
            answer(ctx, 503, "busy: spans wait for their traces to be decided; send again in a second");
            return;
        }
        ok(ctx, json);
    }

    /** OTLP metrics, protobuf (what OpenTelemetry's SDKs and Java agent send) or JSON. */
    private void metrics(Context ctx) {
        byte[] body = body(ctx);
        Boolean json = body == null ? null : json(ctx);
        if (json == null) {
            return;
        }
        try {
            apm.acceptMetrics(body, json);
        } catch (IllegalArgumentException e) {
            answer(ctx, 400, e.getMessage());
            return;
        }
        ok(ctx, json);
    }

    /**
     * OTLP logs (protobuf or JSON) into the log pipeline, one line per record with its trace and span ids, judged by
     * the rules like any line; durable once the pipeline has them queued as an agent's lines are.
     */
    private void logs(Context ctx) throws InterruptedException {
        byte[] body = body(ctx);
        Boolean json = body == null ? null : json(ctx);
        if (json == null) {
            return;
        }
        List<OtlpLogs.Line> lines;
        try {
            lines = json ? OtlpLogs.readJson(body, clock.instant(), ZoneId.systemDefault())
                    : OtlpLogs.read(body, clock.instant(), ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            answer(ctx, 400, e.getMessage());
            return;
        }
        LogPipeline pipeline = logs.get();
        for (OtlpLogs.Line l : lines) {
            if (pipeline == null || !pipeline.accept(new LogLine(l.text(), "otlp:" + l.service(), null, clock.instant(), null, l.host()))) {
                ctx.header("Retry-After", "5");
                answer(ctx, 503, "the log pipeline is not running; send again later");
                return;
            }
        }
        ok(ctx, json);
    }

    /** An export's bytes, unpacked; null once what is wrong with its encoding has been answered. */
    private static byte[] body(Context ctx) {
        try {
            return unpacked(ctx);
        } catch (IOException e) {
            answer(ctx, 400, e.getMessage());
            return null;
        }
    }

    /** Whether the export is JSON (else protobuf); null once an unknown type has been answered. */
    private static Boolean json(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json")) {
            return true;
        }
        if (type.startsWith("application/x-protobuf") || type.startsWith("application/protobuf")) {
            return false;
        }
        answer(ctx, 415, "send Content-Type application/x-protobuf or application/json");
        return null;
    }

    /** An export taken: an empty response in the export's own encoding. */
    private static void ok(Context ctx, boolean json) {
        if (json) {
            ctx.status(200).contentType("application/json").result("{}");
        } else {
            ctx.status(200).contentType("application/x-protobuf").result(EMPTY_PROTO_RESPONSE);
        }
    }

    private static byte[] unpacked(Context ctx) throws IOException {
        byte[] raw = ctx.bodyAsBytes();
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return raw;
        }
        if (!encoding.equalsIgnoreCase("gzip")) {
            throw new IOException("Content-Encoding '" + encoding + "' is not taken; send gzip or nothing");
        }
        try (var in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            byte[] out = in.readNBytes(MAX_UNPACKED + 1);
            if (out.length > MAX_UNPACKED) {
                throw new IOException("the export is over " + (MAX_UNPACKED >> 20) + " MB unpacked");
            }
            return out;
        } catch (java.util.zip.ZipException e) {
            throw new IOException("the body is not gzip");
        }
    }

    /** OTLP's error shape in JSON ({@code google.rpc.Status}: a code and a message), which its exporters log. */
    private static void answer(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result("{\"code\":" + (status == 401 ? 16 : status == 403 ? 7 : 3)
                + ",\"message\":\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(message))
                + "\"}");
    }

    @Override
    public void close() {
        app.stop();
    }
}
