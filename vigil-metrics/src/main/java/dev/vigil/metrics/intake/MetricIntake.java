package dev.vigil.metrics.intake;

import dev.vigil.core.time.Scheduler;
import dev.vigil.metrics.Recorder;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graphite's plaintext protocol and StatsD, each on TCP and UDP at its address, into the metric store: Graphite lines
 * as they come (with their own timestamps, so history can be backfilled into a new series), StatsD through its
 * aggregation ({@link StatsdAggregator}), flushed every interval. A bad line is counted and dropped; a listener that
 * cannot bind says why and the rest runs; lines are at most {@value #MAX_LINE} bytes and connections at most
 * {@value #MAX_CONNECTIONS}.
 */
public final class MetricIntake implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricIntake.class);
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_CONNECTIONS = 256;

    private final IntakeSettings settings;
    private final Recorder out;
    private final Scheduler scheduler;
    private final StatsdAggregator statsd;
    private final String defaultHost;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong bad = new AtomicLong();
    private final List<String> problems = new ArrayList<>();
    private Scheduler.Scheduled flushing;
    private volatile boolean closed;

    /** @param localHost the host of series without a {@code host} tag when the settings name none */
    public MetricIntake(IntakeSettings settings, String localHost, Recorder out, Scheduler scheduler) {
        this.settings = settings;
        this.out = out;
        this.scheduler = scheduler;
        String host = settings.host() != null ? settings.host() : localHost;
        this.statsd = new StatsdAggregator(host, settings.percentiles(), settings.maxSeries());
        this.defaultHost = host;
    }

    /** Starts the listeners; returns the ones that could not start, each with its reason. */
    public synchronized List<String> start() {
        if (settings.graphite() != null) {
            listen("graphite", settings.graphite(), this::graphite);
        }
        if (settings.statsd() != null) {
            listen("statsd", settings.statsd(), this::statsd);
            flushing = scheduler.every(settings.flush(), settings.flush(), () -> {
                statsd.flush(out, scheduler.clock().instant(), settings.flush());
                long d = statsd.dropped();
                if (d > 0) {
                    log.warn("statsd: {} metric(s) dropped this interval: more than {} series", d, settings.maxSeries());
                }
            });
        }
        return List.copyOf(problems);
    }

    /** Lines taken and lines refused since the start. */
    public long accepted() {
        return accepted.get();
    }

    public long bad() {
        return bad.get();
    }

    private void graphite(String line) {
        GraphiteLine g = GraphiteLine.parse(line, scheduler.clock().instant());
        String host = g.tags().getOrDefault("host", defaultHost);
        out.record(SeriesInfo.of(new SeriesKey(host, Tags.name(g.name(), g.tags())), "", "graphite"), g.at(), g.value());
    }

    private void statsd(String line) {
        statsd.add(StatsdLine.parse(line));
    }

    /** One line of either protocol: taken, or counted as bad (with the first few reasons logged). */
    private void take(String what, String line, Consumer<String> handler) {
        if (line.isBlank()) {
            return;
        }
        try {
            handler.accept(line);
            accepted.incrementAndGet();
        } catch (IllegalArgumentException e) {
            long n = bad.incrementAndGet();
            if (n <= 10 || Long.bitCount(n) == 1) { // the first ten, then at powers of two: never a flood of logs
                log.warn("{}: line refused ({} so far): {}", what, n, e.getMessage());
            }
        }
    }

    private void listen(String what, String address, Consumer<String> handler) {
        int colon = address.lastIndexOf(':');
        InetSocketAddress at = new InetSocketAddress(address.substring(0, colon).replace("[", "").replace("]", ""),
                Integer.parseInt(address.substring(colon + 1)));
        try {
            ServerSocket tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(at);
            open.add(tcp);
            Thread.ofPlatform().daemon().name(what + "-tcp").start(() -> acceptLoop(what, tcp, handler));
        } catch (IOException e) {
            problems.add(what + " TCP " + address + ": " + e.getMessage());
        }
        try {
            DatagramSocket udp = new DatagramSocket(null);
            udp.setReuseAddress(true);
            udp.setReceiveBufferSize(4 << 20);
            udp.bind(at);
            open.add(udp);
            Thread.ofPlatform().daemon().name(what + "-udp").start(() -> receiveLoop(what, udp, handler));
        } catch (IOException e) {
            problems.add(what + " UDP " + address + ": " + e.getMessage());
        }
        if (problems.isEmpty()) {
            log.info("{} listening on {} (TCP and UDP)", what, address);
        }
    }

    private void acceptLoop(String what, ServerSocket tcp, Consumer<String> handler) {
        while (!closed) {
            try {
                Socket s = tcp.accept();
                if (!connections.tryAcquire()) {
                    s.close(); // at the limit: refused, never queued without bound
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    try (s; InputStream in = s.getInputStream()) {
                        s.setSoTimeout(300_000);
                        readLines(in, line -> take(what, line, handler));
                    } catch (IOException e) {
                        // the client went away
                    } finally {
                        connections.release();
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    log.warn("{}: accept failed: {}", what, e.getMessage());
                }
            }
        }
    }

    /** Reads newline-ended lines; a longer one than {@value #MAX_LINE} bytes is refused and skipped to its end. */
    private void readLines(InputStream in, Consumer<String> line) throws IOException {
        byte[] buf = new byte[8192];
        java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream(256);
        boolean tooLong = false;
        for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    if (tooLong) {
                        bad.incrementAndGet();
                    } else {
                        line.accept(current.toString(StandardCharsets.UTF_8));
                    }
                    current.reset();
                    tooLong = false;
                } else if (!tooLong) {
                    if (current.size() >= MAX_LINE) {
                        tooLong = true;
                        current.reset();
                    } else {
                        current.write(b);
                    }
                }
            }
        }
        if (current.size() > 0 && !tooLong) {
            line.accept(current.toString(StandardCharsets.UTF_8));
        }
    }

    private void receiveLoop(String what, DatagramSocket udp, Consumer<String> handler) {
        byte[] buf = new byte[MAX_LINE];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                udp.receive(p);
                String packet = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                for (String line : packet.split("\n")) {
                    take(what, line, handler);
                }
            } catch (IOException e) {
                if (!closed) {
                    log.warn("{}: receive failed: {}", what, e.getMessage());
                }
            }
        }
    }

    /** Stops listening; StatsD's last interval is flushed. */
    @Override
    public synchronized void close() {
        closed = true;
        if (flushing != null) {
            flushing.cancel();
            statsd.flush(out, scheduler.clock().instant(), settings.flush());
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // closing
            }
        }
        open.clear();
    }
}
