package dev.vigil.bench;

import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.store.RrdMetricStore;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * The metric store under load: samples/s into SERIES series, range-query latency (one series over a year; a
 * host's 40 graphs over a week), bytes per series; then the same updates through Debian's {@code rrdtool}
 * (one process, commands on stdin, the same archive layout) and the ratio.
 *
 * <p>Usage: {@code MetricsIngest [SERIES=10000] [ROUNDS=30]}
 */
public final class MetricsIngest {
    private MetricsIngest() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("vigil-metrics-bench");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        long samples = 0;
        double ingestSeconds;
        long bytes;
        try (RrdMetricStore store = new RrdMetricStore(dir.resolve("vigil"), Duration.ofMinutes(1))) {
            SeriesInfo[] infos = new SeriesInfo[series];
            for (int i = 0; i < series; i++) {
                infos[i] = SeriesInfo.of(new SeriesKey("host-" + (i / 40), "series-" + (i % 40)), "", "bench");
                store.record(infos[i], t0, 0); // create
            }
            long start = System.nanoTime();
            for (int r = 1; r <= rounds; r++) {
                Instant at = t0.plusSeconds(60L * r);
                for (int i = 0; i < series; i++) {
                    store.record(infos[i], at, Math.sin(r + i));
                    samples++;
                }
            }
            ingestSeconds = (System.nanoTime() - start) / 1e9;
            bytes = store.bytesPerSeries();

            // One series with a year of samples, then its year query; and a host's 40 graphs over a week.
            SeriesInfo yearly = SeriesInfo.of(new SeriesKey("year-host", "load"), "", "bench");
            Instant y0 = Instant.parse("2025-01-01T00:00:00Z");
            for (int m = 0; m < 365 * 24 * 60; m++) {
                store.record(yearly, y0.plusSeconds(60L * m), Math.sin(m / 1000.0));
            }
            Instant yEnd = y0.plus(Duration.ofDays(365));
            double[] yearMs = new double[20];
            for (int i = 0; i < yearMs.length; i++) {
                long s = System.nanoTime();
                store.query(yearly.key(), yEnd.minus(Duration.ofDays(365)), yEnd, Duration.ofDays(1));
                yearMs[i] = (System.nanoTime() - s) / 1e6;
            }
            double[] gridMs = new double[20];
            Instant wEnd = t0.plusSeconds(60L * rounds);
            for (int i = 0; i < gridMs.length; i++) {
                long s = System.nanoTime();
                for (int g = 0; g < 40; g++) {
                    store.query(new SeriesKey("host-0", "series-" + g), wEnd.minus(Duration.ofDays(7)), wEnd, Duration.ofMinutes(30));
                }
                gridMs[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(yearMs);
            Arrays.sort(gridMs);
            System.out.printf(Locale.ROOT, "Vigil (RRD4J): %d samples into %d series in %.2f s: %.0f samples/s; %d bytes per series%n",
                    samples, series, ingestSeconds, samples / ingestSeconds, bytes);
            System.out.printf(Locale.ROOT, "query one series over a year (daily points): median %.2f ms; a host's 40 series over a week: median %.1f ms%n",
                    yearMs[yearMs.length / 2], gridMs[gridMs.length / 2]);
        }

        Path rrdDir = Files.createDirectories(dir.resolve("rrdtool"));
        String archives = "RRA:AVERAGE:0.5:1:1440 RRA:AVERAGE:0.5:30:336 RRA:AVERAGE:0.5:120:372 RRA:AVERAGE:0.5:1440:366 "
                + "RRA:MIN:0.5:1:1440 RRA:MIN:0.5:30:336 RRA:MIN:0.5:120:372 RRA:MIN:0.5:1440:366 "
                + "RRA:MAX:0.5:1:1440 RRA:MAX:0.5:30:336 RRA:MAX:0.5:120:372 RRA:MAX:0.5:1440:366";
        Process p = new ProcessBuilder("rrdtool", "-").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII))) {
            for (int i = 0; i < series; i++) {
                w.write("create " + rrdDir.resolve("s" + i + ".rrd") + " --start " + (t0.getEpochSecond() - 1)
                        + " --step 60 DS:v:GAUGE:180:U:U " + archives + "\n");
            }
            w.flush();
        }
        p.waitFor();
        p = new ProcessBuilder("rrdtool", "-").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long start = System.nanoTime();
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII))) {
            for (int r = 1; r <= rounds; r++) {
                long at = t0.getEpochSecond() + 60L * r;
                for (int i = 0; i < series; i++) {
                    w.write("update " + rrdDir.resolve("s" + i + ".rrd") + " " + at + ":" + Math.sin(r + i) + "\n");
                }
            }
        }
        p.waitFor();
        double rrdSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "rrdtool (one process, commands on stdin): %d updates in %.2f s: %.0f updates/s; %d bytes per series%n",
                samples, rrdSeconds, samples / rrdSeconds, Files.size(rrdDir.resolve("s0.rrd")));
        System.out.printf(Locale.ROOT, "ratio: Vigil ingests %.1fx rrdtool's updates/s%n", (samples / ingestSeconds) / (samples / rrdSeconds));
    }
}
