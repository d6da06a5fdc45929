package dev.vigil.bench;

import dev.vigil.core.time.SystemScheduler;
import dev.vigil.metrics.intake.IntakeSettings;
import dev.vigil.metrics.intake.MetricIntake;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * StatsD through the intake (issue 19's target: at least 500,000 lines/s per core): one sender on loopback writes
 * packets of 30 lines (counters, timers with tags, gauges over 1,000 names) for SECONDS as fast as it can; what the
 * intake takes is parsed and aggregated, flushed every second into a recorder that only counts (the series store
 * is measured by bench/metrics-ingest.sh). Lines per CPU-second are the intake's own threads' CPU time.
 *
 * <p>Usage: {@code StatsdIngest [SECONDS=20]}
 */
public final class StatsdIngest {
    private StatsdIngest() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AtomicLong samples = new AtomicLong();
        var threads = ManagementFactory.getThreadMXBean();
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             MetricIntake intake = new MetricIntake(new IntakeSettings(null, "127.0.0.1:" + port, "apps", Duration.ofSeconds(1),
                     List.of(50d, 95d, 99d), 100_000), "bench", (info, at, value) -> samples.incrementAndGet(), scheduler)) {
            intake.start();
            long receiver = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("statsd-udp"))
                    .findFirst().orElseThrow().threadId();
            StringBuilder b = new StringBuilder();
            byte[][] packets = new byte[1000][];
            for (int p = 0; p < packets.length; p++) {
                b.setLength(0);
                for (int i = 0; i < 30; i++) {
                    int n = (p * 30 + i) % 1000;
                    switch (i % 3) {
                        case 0 -> b.append("shop.requests.").append(n).append(":1|c|#env:prod\n");
                        case 1 -> b.append("shop.latency.").append(n).append(':').append(p % 500).append("|ms|@0.5|#route:/checkout\n");
                        default -> b.append("shop.queue.").append(n).append(":+1|g\n");
                    }
                }
                packets[p] = b.toString().getBytes(StandardCharsets.US_ASCII);
            }
            long cpuBefore = threads.getThreadCpuTime(receiver);
            long acceptedBefore = intake.accepted();
            long sent = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            try (DatagramSocket out = new DatagramSocket()) {
                InetAddress lo = InetAddress.getLoopbackAddress();
                for (int p = 0; System.nanoTime() < end; p++) {
                    byte[] packet = packets[p % packets.length];
                    out.send(new DatagramPacket(packet, packet.length, lo, port));
                    sent += 30;
                }
            }
            Thread.sleep(1500); // the last packets and a flush
            long accepted = intake.accepted() - acceptedBefore;
            double cpu = (threads.getThreadCpuTime(receiver) - cpuBefore) / 1e9;
            System.out.printf(Locale.ROOT, "statsd over UDP for %d s: %,d lines sent, %,d taken (%.1f %%; the rest dropped by the kernel's "
                    + "buffer), %,d bad; receiver CPU %.2f s: %,.0f lines per CPU-second; %,d samples flushed%n", seconds, sent, accepted,
                    100.0 * accepted / sent, intake.bad(), cpu, accepted / cpu, samples.get());
            System.out.println("complete: " + (accepted > 0 && intake.bad() == 0));
        }
        System.exit(0);
    }
}
