package dev.vigil.bench;

import dev.vigil.core.config.Secret;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.notify.channel.webhook.WebhookChannel;
import dev.vigil.notify.config.Matcher;
import dev.vigil.notify.config.NotificationPeriod;
import dev.vigil.notify.config.NotifyPlan;
import dev.vigil.notify.config.Receiver;
import dev.vigil.notify.config.Route;
import dev.vigil.notify.pipeline.Dispatcher;
import dev.vigil.notify.pipeline.Pipeline;
import dev.vigil.store.Database;
import dev.vigil.store.SqliteEventLog;
import dev.vigil.store.SqliteNotifyStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events through the notification pipeline to a local webhook: RATE events/s for SECONDS (problems and
 * recoveries on 1,000 hosts, routed and grouped by host), plus one ungrouped CRITICAL probe every 100 ms
 * whose latency from being logged to the webhook accepting it is measured.
 *
 * With INCIDENTS {@code true} the correlator reads the same events and the pipeline asks it for each event's incident
 * (as the server runs); the process CPU time of both runs gives correlation's cost.
 *
 * <p>Usage: {@code NotifyThroughput [RATE=10000] [SECONDS=30] [INCIDENTS=false]}
 */
public final class NotifyThroughput {
    private NotifyThroughput() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        boolean correlate = args.length > 2 && Boolean.parseBoolean(args[2]);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

        Map<String, Long> probeSent = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong posts = new AtomicLong();
        var hook = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        hook.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long now = System.nanoTime();
            posts.incrementAndGet();
            int i = body.indexOf("\"title\":\"probe ");
            if (i >= 0) {
                String id = body.substring(i + 15, body.indexOf('"', i + 15));
                Long sent = probeSent.remove(id);
                if (sent != null) {
                    latencies.add((now - sent) / 1e6);
                }
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        hook.start();
        URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");

        var channel = new WebhookChannel(new WebhookChannel.Config(url, Secret.of("bench-secret"), Map.of(), Duration.ofSeconds(10)));
        var receivers = Map.of("ops", new Receiver("ops", List.of(channel), NotificationPeriod.ALWAYS));
        var probes = new Route("probes", List.of(new Matcher("service", Matcher.Op.EQUAL, "probe")), "ops",
                List.of("fingerprint"), Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4), false, List.of(), List.of());
        var byHost = new Route("by-host", List.of(), "ops", List.of("host"), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofHours(4), false, List.of(), List.of());
        NotifyPlan plan = new NotifyPlan(receivers, List.of(probes, byHost), List.of(), null);

        var dir = Files.createTempDirectory("vigil-notify-bench");
        try (Database db = Database.open(dir);
             SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             var workers = SystemScheduler.workers()) {
            SqliteEventLog events = new SqliteEventLog(db);
            SqliteNotifyStore store = new SqliteNotifyStore(db);
            Pipeline pipeline = new Pipeline(scheduler, events, store, new Dispatcher(scheduler, store, workers, new Random(1), plan), plan);
            dev.vigil.incidents.Incidents incidents = null;
            if (correlate) {
                incidents = new dev.vigil.incidents.Incidents(scheduler, events, new dev.vigil.store.SqliteIncidentStore(db),
                        dev.vigil.incidents.correlate.Correlator.Windows.DEFAULT);
                var grouping = incidents;
                pipeline.groupIncidents((eventId, event) -> grouping.incidentFor(eventId, event));
                incidents.start();
            }
            pipeline.start();
            long cpuStart = os.getProcessCpuTime();
            Random random = new Random(5);
            long total = 0;
            long start = System.nanoTime();
            int batchesPerSecond = 10;
            int probeCounter = 0;
            Set<Integer> broken = new HashSet<>();
            for (int tick = 0; tick < seconds * batchesPerSecond; tick++) {
                long tickStart = System.nanoTime();
                List<Event> batch = new ArrayList<>(rate / batchesPerSecond + 1);
                Instant now = Instant.now();
                for (int i = 0; i < rate / batchesPerSecond; i++) {
                    int host = random.nextInt(1000);
                    int svc = random.nextInt(20);
                    // Realistic flow: a service recovers only after a problem, as the check engine guarantees.
                    boolean problem = broken.add(host * 100 + svc);
                    if (!problem) {
                        broken.remove(host * 100 + svc);
                    }
                    batch.add(new Event(now, "host-" + host, "check", problem ? EventKind.PROBLEM : EventKind.RECOVERY,
                            problem ? Severity.CRITICAL : Severity.OK, "svc-" + svc + " on host-" + host,
                            "output", Event.fingerprint("check", "host-" + host, "svc-" + svc), List.of(), null,
                            Map.of("service", "svc-" + svc)));
                }
                String id = String.valueOf(probeCounter++);
                batch.add(new Event(now, "probe-host", "check", EventKind.PROBLEM, Severity.CRITICAL, "probe " + id, "",
                        Event.fingerprint("probe", id), List.of(), null, Map.of("service", "probe")));
                probeSent.put(id, System.nanoTime());
                events.append(batch);
                total += batch.size();
                long sleep = 100_000_000L - (System.nanoTime() - tickStart);
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            long lastId = db.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT MAX(id) FROM events")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            // Routed = read and sorted into groups; the durable cursor follows when each group's window closes.
            while (pipeline.handledUpTo() < lastId && (System.nanoTime() - start) / 1e9 < seconds + 60) {
                Thread.sleep(20);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean allRouted = pipeline.handledUpTo() >= lastId;
            Thread.sleep(6000); // let group flushes and deliveries finish
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%d events offered at %d/s for %d s; all routed and grouped after %.1f s: %.0f events/s%n",
                    total, rate, seconds, elapsed, total / elapsed);
            System.out.printf(Locale.ROOT, "webhook POSTs (grouped by host): %d%n", posts.get());
            System.out.printf(Locale.ROOT, "process CPU: %.1f s (correlation %s; all routed: %s)%n", cpu, correlate ? "on" : "off", allRouted);
            if (l.length > 0) {
                System.out.printf(Locale.ROOT, "ungrouped CRITICAL, logged to webhook accepted: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d probes)%n",
                        l[l.length / 2], l[(int) Math.min(l.length - 1, Math.ceil(l.length * 0.99) - 1)], l[l.length - 1], l.length);
            }
            pipeline.dispatcher().stop();
            workers.shutdownNow();
        } finally {
            hook.stop(0);
        }
    }
}
