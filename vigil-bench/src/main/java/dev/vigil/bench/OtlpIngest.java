package dev.vigil.bench;

import com.google.protobuf.ByteString;
import dev.vigil.core.access.Tokens;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.http.OtlpListener;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spans through OTLP/HTTP protobuf into the figures and the tail sampler (issue 19's target: at least 100,000 spans/s
 * per core): a real server and its OTLP listener on loopback, exports of 512 spans (traces of four spans: a request,
 * a database call, a call to a second service and its request; 5 services, 20 operations, one trace in 50 failing)
 * posted by THREADS senders for SECONDS. Reported per CPU-second of the server: the process's CPU time less the
 * senders' own (building and posting exports).
 *
 * <p>Usage: {@code OtlpIngest [SECONDS=60] [THREADS=2]}
 */
public final class OtlpIngest {
    private OtlpIngest() {}

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** One export of 128 four-span traces from service {@code s}. */
    static byte[] export(Random random, int s, long nowNanos) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        ScopeSpans.Builder downstream = ScopeSpans.newBuilder();
        for (int t = 0; t < 128; t++) {
            byte[] trace = new byte[16];
            random.nextBytes(trace);
            byte[][] ids = new byte[4][8];
            for (byte[] id : ids) {
                random.nextBytes(id);
            }
            long start = nowNanos - 1_000_000_000L;
            long ms = 5 + random.nextInt(200);
            boolean fails = random.nextInt(50) == 0;
            String op = "GET /api/items/" + random.nextInt(20);
            ByteString tid = ByteString.copyFrom(trace);
            scope.addSpans(Span.newBuilder().setTraceId(tid).setSpanId(ByteString.copyFrom(ids[0])).setName(op)
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start).setEndTimeUnixNano(start + ms * 1_000_000)
                    .addAttributes(kv("http.route", op)).setStatus(Status.newBuilder().setCode(fails
                            ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET)));
            scope.addSpans(Span.newBuilder().setTraceId(tid).setSpanId(ByteString.copyFrom(ids[1])).setParentSpanId(ByteString.copyFrom(ids[0]))
                    .setName("SELECT items").setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(start + 1_000_000)
                    .setEndTimeUnixNano(start + 3_000_000).addAttributes(kv("db.system", "postgresql")));
            scope.addSpans(Span.newBuilder().setTraceId(tid).setSpanId(ByteString.copyFrom(ids[2])).setParentSpanId(ByteString.copyFrom(ids[0]))
                    .setName("GET").setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(start + 3_000_000)
                    .setEndTimeUnixNano(start + (ms - 1) * 1_000_000).addAttributes(kv("server.address", "stock")));
            downstream.addSpans(Span.newBuilder().setTraceId(tid).setSpanId(ByteString.copyFrom(ids[3])).setParentSpanId(ByteString.copyFrom(ids[2]))
                    .setName("GET /stock").setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start + 4_000_000)
                    .setEndTimeUnixNano(start + (ms - 2) * 1_000_000));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(kv("service.name", "shop-" + s)))
                        .addScopeSpans(scope))
                .addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(kv("service.name", "stock")))
                        .addScopeSpans(downstream))
                .build().toByteArray();
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("vigil-otlp");
        Files.writeString(dir.resolve("vigil.yml"), "server:\n  data: " + dir.resolve("data")
                + "\nagents: {listen: off}\napm: {otlp: {listen: 127.0.0.1:0}}\nhosts: [{name: bench, address: 127.0.0.1}]\n");
        ConfigFiles files = new ConfigFiles(dir.resolve("vigil.yml"), "vigil.yml");
        var loaded = files.load(InstantSource.system(), List.of(), List.of());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threadsBean = ManagementFactory.getThreadMXBean();
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system()); var workers = SystemScheduler.workers()) {
            Vigil vigil = new Vigil(files, loaded, scheduler, workers, new Random(3));
            vigil.start();
            OtlpListener otlp = OtlpListener.of(vigil);
            int port = otlp.start("127.0.0.1", 0);
            String token = vigil.tokens().create("bench", Tokens.Scope.SUBMIT, null).secret();
            URI uri = URI.create("http://127.0.0.1:" + port + "/v1/traces");
            AtomicLong spans = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicLong retried = new AtomicLong();
            AtomicLong senderCpu = new AtomicLong();
            long warmupEnd = System.nanoTime() + 10_000_000_000L;
            long end = warmupEnd + seconds * 1_000_000_000L;
            long[] cpuAtStart = new long[1];
            long[] rssAfterWarmup = new long[1];
            Thread[] senders = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                int n = i;
                senders[i] = Thread.ofPlatform().start(() -> {
                    Random random = new Random(n);
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    long cpuWarm = -1;
                    while (System.nanoTime() < end) {
                        boolean measuring = System.nanoTime() >= warmupEnd;
                        if (measuring && cpuWarm < 0) {
                            cpuWarm = threadsBean.getCurrentThreadCpuTime();
                        }
                        byte[] body = export(random, random.nextInt(5), System.currentTimeMillis() * 1_000_000);
                        try {
                            HttpResponse<Void> r;
                            // 503 is the server asking to wait (its decisions are behind): sent again, as OTLP's exporters do.
                            while ((r = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
                                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                    HttpResponse.BodyHandlers.discarding())).statusCode() == 503) {
                                retried.incrementAndGet();
                                Thread.sleep(100);
                            }
                            if (r.statusCode() != 200) {
                                failed.incrementAndGet();
                            } else if (measuring) {
                                spans.addAndGet(512);
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    senderCpu.addAndGet(threadsBean.getCurrentThreadCpuTime() - Math.max(0, cpuWarm));
                });
            }
            Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
            cpuAtStart[0] = os.getProcessCpuTime();
            rssAfterWarmup[0] = rss();
            long peak = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(1000);
                peak = Math.max(peak, rss());
            }
            for (Thread t : senders) {
                t.join();
            }
            long cpu = os.getProcessCpuTime() - cpuAtStart[0] - senderCpu.get();
            Thread.sleep(7000); // the last traces complete and are decided
            var counters = vigil.apm().counters();
            double perCpuSecond = spans.get() / (cpu / 1e9);
            System.out.printf("%d cores; %,d spans in %d s over %d connection(s) (%,.0f/s), %d export(s) failed, %d sent again after a 503%n",
                    Runtime.getRuntime().availableProcessors(), spans.get(), seconds, threads, spans.get() / (double) seconds, failed.get(),
                    retried.get());
            System.out.printf("server CPU %.1f s (the process less the senders): %,.0f spans per CPU-second%n", cpu / 1e9, perCpuSecond);
            System.out.printf("RSS after warm-up %d MB, peak %d MB, at the end %d MB; sampler: %s%n", rssAfterWarmup[0] >> 20, peak >> 20,
                    rss() >> 20, counters);
            System.out.println("complete: " + (failed.get() == 0 && spans.get() > 0 && counters.get("tracesKept") > 0));
            otlp.close();
            vigil.close();
            workers.shutdownNow();
        }
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux: no figure
        }
        return 0;
    }
}
