package dev.vigil.metrics.collect.prometheus;

import dev.vigil.metrics.Collector;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scrapes a Prometheus text endpoint (node_exporter and anything else that speaks the format). Gauges are
 * stored as they are; counters (and histogram buckets, sums and counts) become per-second rates, as Munin's
 * DERIVE does, so a graph shows activity rather than an ever-rising total. Bounded: at most
 * {@code maxSeries} samples per scrape and 16 MiB per response.
 */
public final class PrometheusCollector implements Collector {
    private static final int MAX_BYTES = 16 << 20;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String host;
    private final URI url;
    private final int maxSeries;
    private final Map<String, double[]> previous = new HashMap<>();

    public PrometheusCollector(String host, URI url, int maxSeries) {
        this.host = host;
        this.url = url;
        this.maxSeries = maxSeries;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public List<Reading> collect(Instant now) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = CLIENT.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/plain; version=0.0.4").build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("endpoint answered HTTP " + r.statusCode());
        }
        String text;
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(MAX_BYTES);
            text = new String(body, StandardCharsets.UTF_8);
        }
        Exposition.Parsed parsed = Exposition.parse(text, maxSeries);
        List<Reading> out = new ArrayList<>();
        double t = now.toEpochMilli() / 1000.0;
        for (Exposition.Sample s : parsed.samples()) {
            String name = seriesName(s);
            SeriesKey key;
            try {
                key = new SeriesKey(host, name);
            } catch (IllegalArgumentException e) {
                continue; // a name that cannot be stored safely is skipped
            }
            boolean counter = s.type().equals("counter") || s.type().equals("histogram") || s.type().equals("summary")
                    && (s.name().endsWith("_sum") || s.name().endsWith("_count"));
            if (counter) {
                double[] prev = previous.put(name, new double[] {t, s.value()});
                if (prev != null && t > prev[0] && s.value() >= prev[1]) {
                    out.add(new Reading(SeriesInfo.of(key, "/s", "prometheus"), (s.value() - prev[1]) / (t - prev[0])));
                }
            } else if (!Double.isInfinite(s.value())) {
                out.add(new Reading(SeriesInfo.of(key, "", "prometheus"), s.value()));
            }
        }
        if (parsed.truncated()) {
            throw new TruncatedException(out, maxSeries);
        }
        return out;
    }

    /** Stored anyway (up to the limit), and reported: an exposition larger than the limit. */
    public static final class TruncatedException extends IOException {
        public final transient List<Reading> readings;

        TruncatedException(List<Reading> readings, int limit) {
            super("more than " + limit + " series in one scrape; only the first " + limit + " are kept");
            this.readings = readings;
        }
    }

    /** {@code node_cpu_seconds_total{cpu="0",mode="idle"}} becomes {@code node_cpu_seconds_total.cpu=0.mode=idle}. */
    static String seriesName(Exposition.Sample s) {
        StringBuilder b = new StringBuilder(s.name());
        s.labels().forEach((k, v) -> b.append('.').append(k).append('=').append(v.replaceAll("[^A-Za-z0-9_:@%+-]", "_")));
        return b.toString();
    }
}
