package dev.vigil.metrics.store;

import dev.vigil.metrics.SeriesInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * Sends every stored sample on to a Prometheus-compatible store (VictoriaMetrics, Mimir, Thanos, Prometheus)
 * with the remote_write protocol: a snappy-compressed protobuf WriteRequest per batch. Samples wait in a
 * bounded queue (the oldest are dropped, and counted, when the remote store is away for long); a failed
 * batch is kept and retried.
 */
public final class RemoteWrite implements RrdMetricStore.SampleListener {
    private static final Logger log = LoggerFactory.getLogger(RemoteWrite.class);
    static final int MAX_QUEUE = 500_000;
    static final int BATCH = 10_000;

    private record Queued(String name, String host, String series, long millis, double value) {}

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Deque<Queued> queue = new ArrayDeque<>();
    private long dropped;

    public RemoteWrite(URI url) {
        this.url = url;
    }

    @Override
    public synchronized void sample(SeriesInfo info, Instant at, double value) {
        if (queue.size() >= MAX_QUEUE) {
            queue.pollFirst();
            dropped++;
        }
        queue.addLast(new Queued(metricName(info.key().name()), info.key().host(), info.key().name(), at.toEpochMilli(), value));
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** Sends what is queued, in batches; on failure the batch goes back to the front of the queue. */
    public void flush() {
        while (true) {
            List<Queued> batch = new ArrayList<>();
            synchronized (this) {
                while (!queue.isEmpty() && batch.size() < BATCH) {
                    batch.add(queue.pollFirst());
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                send(batch);
            } catch (IOException e) {
                synchronized (this) {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        queue.addFirst(batch.get(i));
                    }
                }
                log.warn("remote write to {} failed, will retry: {}", url.getHost(), e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(List<Queued> batch) throws IOException, InterruptedException {
        byte[] body = Snappy.compress(writeRequest(batch));
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0").header("User-Agent", "Vigil")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode());
        }
    }

    /** A Prometheus metric name: letters, digits, underscores and colons only. */
    static String metricName(String series) {
        String n = "vigil_" + series.replaceAll("[^A-Za-z0-9_:]", "_");
        return n.replaceAll("_+", "_");
    }

    /** WriteRequest{timeseries=1: TimeSeries{labels=1: Label{name=1,value=2}, samples=2: Sample{value=1,timestamp=2}}}. */
    static byte[] writeRequest(List<Queued> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Queued q : batch) {
            ByteArrayOutputStream ts = new ByteArrayOutputStream();
            // Labels sorted by name, as the protocol asks.
            field(ts, 1, label("__name__", q.name()));
            field(ts, 1, label("host", q.host()));
            field(ts, 1, label("vigil_series", q.series()));
            ByteArrayOutputStream sample = new ByteArrayOutputStream();
            sample.write(0x09); // field 1, 64-bit
            long bits = Double.doubleToRawLongBits(q.value());
            for (int i = 0; i < 8; i++) {
                sample.write((int) (bits >>> (8 * i)));
            }
            sample.write(0x10); // field 2, varint
            varint(sample, q.millis());
            field(ts, 2, sample.toByteArray());
            field(out, 1, ts.toByteArray());
        }
        return out.toByteArray();
    }

    private static byte[] label(String name, String value) {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        field(l, 1, name.getBytes(StandardCharsets.UTF_8));
        field(l, 2, value.getBytes(StandardCharsets.UTF_8));
        return l.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        out.write((number << 3) | 2); // length-delimited
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
