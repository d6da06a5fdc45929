package dev.vigil.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.time.SystemScheduler;
import dev.vigil.metrics.Recorder;
import io.micrometer.core.instrument.Tags;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The listeners on loopback: Graphite over TCP and UDP with its own timestamps, StatsD from Micrometer's real client. */
class MetricIntakeTest {
    private record Point(Instant at, double value, String source) {}

    private final Map<String, Point> points = new ConcurrentHashMap<>();
    private final Recorder recorder = (info, at, value) -> points.put(info.key().host() + " " + info.key().name(),
            new Point(at, value, info.source()));

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void graphiteOverTcpAndUdpKeepsEachPointsOwnTimeAndBadLinesAreCountedNotFatal() throws Exception {
        int port = freePort();
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             MetricIntake intake = new MetricIntake(new IntakeSettings("127.0.0.1:" + port, null, null, Duration.ofSeconds(10),
                     List.of(50d), 100), "vigil-host", recorder, scheduler)) {
            assertThat(intake.start()).isEmpty();
            Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); OutputStream out = s.getOutputStream()) {
                out.write(("servers.shop.load 2.5 " + threeDaysAgo.getEpochSecond() + "\nnot a line at all\n"
                        + "x".repeat(MetricIntake.MAX_LINE + 10) + " 1\ndisk.used;host=db1;mount=/var 42\n").getBytes(StandardCharsets.US_ASCII));
            }
            try (DatagramSocket udp = new DatagramSocket()) {
                byte[] b = "udp.metric 7\n".getBytes(StandardCharsets.US_ASCII);
                udp.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> points.size() == 3);
            assertThat(points.get("vigil-host servers.shop.load")).isEqualTo(new Point(threeDaysAgo, 2.5, "graphite"));
            assertThat(points).containsKey("db1 disk.used,mount=/var").containsKey("vigil-host udp.metric");
            assertThat(intake.bad()).isEqualTo(2);
            assertThat(intake.accepted()).isEqualTo(3);
        }
    }

    @Test
    void statsdFromMicrometersClientBecomesSeriesWithTheirTags() throws Exception {
        int port = freePort();
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             MetricIntake intake = new MetricIntake(new IntakeSettings(null, "127.0.0.1:" + port, "apps", Duration.ofSeconds(1),
                     List.of(50d, 95d, 99d), 100), "vigil-host", recorder, scheduler)) {
            assertThat(intake.start()).isEmpty();
            StatsdConfig config = new StatsdConfig() {
                @Override public String get(String key) { return null; }
                @Override public StatsdFlavor flavor() { return StatsdFlavor.DATADOG; }
                @Override public String host() { return "127.0.0.1"; }
                @Override public int port() { return port; }
                @Override public Duration pollingFrequency() { return Duration.ofMillis(200); }
                @Override public boolean buffered() { return false; }
            };
            StatsdMeterRegistry registry = new StatsdMeterRegistry(config, io.micrometer.core.instrument.Clock.SYSTEM);
            try {
                var timer = registry.timer("shop.checkout.time", Tags.of("env", "prod"));
                var orders = registry.counter("shop.orders", Tags.of("env", "prod"));
                // The client connects on its own time and drops what is recorded before: record until series appear.
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (int i = 1; i <= 10; i++) {
                        timer.record(Duration.ofMillis(100L * i));
                    }
                    orders.increment(4);
                    return points.containsKey("apps shop.checkout.time.p95,env=prod")
                            && points.keySet().stream().anyMatch(k -> k.startsWith("apps shop.orders.count,env=prod"));
                });
            } finally {
                registry.close();
            }
            assertThat(points.get("apps shop.checkout.time.max,env=prod").value()).isEqualTo(1000.0);
            assertThat(points.get("apps shop.checkout.time.p95,env=prod").source()).isEqualTo("statsd");
            assertThat(points.keySet().stream().filter(k -> k.startsWith("apps shop.orders.count")).mapToDouble(k -> points.get(k).value()).sum())
                    .isGreaterThan(0);
            assertThat(intake.bad()).isZero();
        }
    }
}
