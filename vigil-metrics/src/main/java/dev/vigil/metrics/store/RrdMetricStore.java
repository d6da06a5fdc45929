package dev.vigil.metrics.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.FetchRequest;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;
import org.rrd4j.core.Sample;
import org.rrd4j.graph.RrdGraph;
import org.rrd4j.graph.RrdGraphDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RRD4J file per series, Munin's model: a fixed-size file with AVERAGE, MIN and MAX archives for a day at
 * the native step, a week at 30 minutes, a month at 2 hours and a year at 1 day, so the disk used per series
 * is known when it is created. Files are named by a hash of host and name; an index maps them back.
 */
public final class RrdMetricStore implements MetricStore {
    private static final Logger log = LoggerFactory.getLogger(RrdMetricStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DS = "v";

    private final Path dir;
    private final long step;
    private final Map<SeriesKey, SeriesInfo> index = new ConcurrentHashMap<>();
    private final Map<SeriesKey, RrdDb> open = new ConcurrentHashMap<>();
    /** Thresholds described before the series' first sample (a check that ran before the collector). */
    private final Map<SeriesKey, SeriesInfo> described = new ConcurrentHashMap<>();
    /** Last sample time (epoch seconds) of series not open, read once from their file. */
    private final Map<SeriesKey, Long> lastOfClosed = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean indexDirty;
    private Thread indexWriter;
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();

    /** Told of every stored sample (threshold alerts listen here). */
    @FunctionalInterface
    public interface SampleListener {
        void sample(SeriesInfo info, Instant at, double value);
    }

    public void onSample(SampleListener listener) {
        listeners.add(listener);
    }

    public RrdMetricStore(Path dir, Duration step) throws IOException {
        this.dir = dir;
        this.step = Math.max(1, step.toSeconds());
        Files.createDirectories(dir);
        Path idx = dir.resolve("index.json");
        if (Files.exists(idx)) {
            List<Map<String, Object>> rows = JSON.readValue(idx.toFile(), new TypeReference<>() {});
            for (Map<String, Object> r : rows) {
                try {
                    SeriesKey k = new SeriesKey((String) r.get("host"), (String) r.get("name"));
                    index.put(k, new SeriesInfo(k, (String) r.get("unit"), num(r.get("warning")), num(r.get("critical")),
                            num(r.get("max")), Boolean.TRUE.equals(r.get("capacity")), (String) r.get("source")));
                } catch (RuntimeException e) {
                    log.warn("ignoring an unreadable series index entry: {}", e.getMessage());
                }
            }
        }
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Bytes one series takes on disk: fixed by its archives. */
    public long bytesPerSeries() throws IOException {
        return index.keySet().stream().findFirst().map(k -> {
            try {
                return Files.size(file(k));
            } catch (IOException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    Path file(SeriesKey k) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest((k.host() + "\u0000" + k.name()).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h) + ".rrd");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    /**
     * The sources whose points come when their senders like (Graphite, InfluxDB, remote write, StatsD flushes): each
     * point is the value of its step, as Graphite's own store keeps it, and the time since the series' previous point
     * is a gap, not that value stretched back. Their files keep a consolidated bucket with any known point in it
     * (a single backfilled point three days back still shows, whatever the store's step), where the collectors' need half
     * the bucket known.
     */
    static final java.util.Set<String> SPARSE = java.util.Set.of("graphite", "influx", "remote-write", "statsd", "apm");

    /**
     * How much of a bucket may be unknown: half, as Munin's files allow, for sampled series; for the sparse sources
     * all but one point's worth, so a bucket with a single known step keeps its value at any store step.
     */
    private static double xff(boolean sparse, int stepsPerRow) {
        return sparse ? 1 - 0.5 / stepsPerRow : 0.5;
    }

    private synchronized RrdDb db(SeriesInfo info, long firstTime) throws IOException {
        if (closed) {
            throw new IOException("metric store is closed");
        }
        RrdDb db = open.get(info.key());
        if (db != null) {
            return db;
        }
        Path f = file(info.key());
        if (Files.exists(f)) {
            db = RrdDb.getBuilder().setPath(f.toString()).build();
        } else {
            RrdDef def = new RrdDef(f.toString(), firstTime - 1, step);
            def.addDatasource(DS, DsType.GAUGE, step * 3, Double.NaN, Double.NaN);
            boolean sparse = SPARSE.contains(info.source());
            for (ConsolFun cf : new ConsolFun[] {ConsolFun.AVERAGE, ConsolFun.MIN, ConsolFun.MAX}) {
                def.addArchive(cf, xff(sparse, 1), 1, (int) (86_400 / step));                             // a day at the native step
                int halfHour = (int) Math.max(1, 1800 / step);
                def.addArchive(cf, xff(sparse, halfHour), halfHour, 336);                                  // a week at 30 min
                int twoHours = (int) Math.max(1, 7200 / step);
                def.addArchive(cf, xff(sparse, twoHours), twoHours, 372);                                  // a month at 2 h
                int day = (int) Math.max(1, 86_400 / step);
                def.addArchive(cf, xff(sparse, day), day, 366);                                            // a year at 1 day
            }
            // Five weeks at 15 minutes (averages only, 27 KB): enough history to see a weekly pattern.
            int quarter = (int) Math.max(1, 900 / step);
            def.addArchive(ConsolFun.AVERAGE, xff(sparse, quarter), quarter, 3360);
            db = RrdDb.getBuilder().setRrdDef(def).build();
        }
        open.put(info.key(), db);
        lastOfClosed.remove(info.key());
        if (!index.containsKey(info.key())) {
            index.put(info.key(), info.keepingThresholdsOf(described.remove(info.key())));
            indexChanged();
        }
        return db;
    }

    /**
     * A new series is written to the index within a second, not at once: rewriting the whole index for each of
     * thousands of series arriving together (a fleet's first samples) would make their creation quadratic. The files
     * themselves are made at once; a crash within that second loses only the new series' units and thresholds.
     */
    private void indexChanged() {
        indexDirty = true;
        if (indexWriter == null) {
            indexWriter = Thread.ofPlatform().name("rrd-index").daemon().start(() -> {
                while (!closed) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    flushIndex();
                }
            });
        }
    }

    private synchronized void flushIndex() {
        if (!indexDirty || closed) {
            return;
        }
        try {
            saveIndex();
        } catch (IOException e) {
            log.warn("cannot save the series index: {}", e.getMessage());
        }
    }

    private void saveIndex() throws IOException {
        indexDirty = false;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SeriesInfo i : index.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("host", i.key().host());
            r.put("name", i.key().name());
            r.put("unit", i.unit());
            r.put("warning", Double.isNaN(i.warning()) ? null : i.warning());
            r.put("critical", Double.isNaN(i.critical()) ? null : i.critical());
            r.put("max", Double.isNaN(i.max()) ? null : i.max());
            r.put("capacity", i.capacity());
            r.put("source", i.source());
            rows.add(r);
        }
        Path tmp = dir.resolve("index.json.tmp");
        JSON.writeValue(tmp.toFile(), rows);
        Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void record(SeriesInfo info, Instant at, double value) {
        if (closed) {
            return; // shutting down: a late sample is dropped rather than creating files after close
        }
        long t = at.getEpochSecond();
        boolean sparse = SPARSE.contains(info.source());
        if (sparse) {
            t = Math.ceilDiv(t, step) * step; // the end of its step: the step's value, known at once
        }
        try {
            RrdDb db = db(info, sparse ? t - step + 1 : t);
            synchronized (db) {
                long last = db.getLastUpdateTime();
                if (t <= last) {
                    return; // RRD files accept only newer samples; a late or repeated one is dropped
                }
                if (sparse && t - step > last) {
                    Sample gap = db.createSample(t - step); // since the previous point: unknown, not this value
                    gap.setValue(DS, Double.NaN);
                    gap.update();
                }
                Sample s = db.createSample(t);
                s.setValue(DS, value);
                s.update();
            }
            SeriesInfo known = index.get(info.key());
            SeriesInfo merged = info.keepingThresholdsOf(known);
            if (known != null && !known.equals(merged)) {
                index.put(info.key(), merged); // a new capacity, or the collector taking over a check's series
            }
            for (SampleListener l : listeners) {
                l.sample(index.getOrDefault(info.key(), merged), at, value);
            }
        } catch (IOException | RuntimeException e) {
            if (closed) {
                return; // a sample that raced the shutdown: dropped like any sample after close
            }
            log.warn("cannot record {} on {}: {}", info.key().name(), info.key().host(), e.getMessage());
        }
    }

    @Override
    public List<SeriesInfo> series(String host) {
        return index.values().stream().filter(i -> host == null || i.key().host().equals(host))
                .sorted((a, b) -> a.key().compareTo(b.key())).toList();
    }

    @Override
    public void describe(SeriesInfo info) {
        SeriesInfo known = index.get(info.key());
        if (known == null) {
            described.put(info.key(), info);
            return;
        }
        SeriesInfo merged = new SeriesInfo(known.key(), known.unit(), info.warning(), info.critical(),
                Double.isNaN(known.max()) ? info.max() : known.max(), known.capacity() || info.capacity(), known.source());
        if (!merged.equals(known)) {
            index.put(info.key(), merged);
            synchronized (this) {
                try {
                    saveIndex();
                } catch (IOException e) {
                    log.warn("cannot save the series index: {}", e.getMessage());
                }
            }
        }
    }

    @Override
    public Optional<Instant> lastSample(SeriesKey key) {
        if (!index.containsKey(key)) {
            return Optional.empty();
        }
        RrdDb db = open.get(key);
        if (db != null) {
            synchronized (db) {
                try {
                    return Optional.of(Instant.ofEpochSecond(db.getLastUpdateTime()));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        Long t = lastOfClosed.computeIfAbsent(key, k -> {
            // Read the header once and close again: a series nobody writes should not hold a file open.
            try (RrdDb ro = RrdDb.getBuilder().setPath(file(k).toString()).readOnly().build()) {
                return ro.getLastUpdateTime();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        });
        return Optional.ofNullable(t).map(Instant::ofEpochSecond);
    }

    @Override
    public synchronized boolean remove(SeriesKey key) {
        if (index.remove(key) == null) {
            return false;
        }
        lastOfClosed.remove(key);
        described.remove(key);
        RrdDb db = open.remove(key);
        try {
            if (db != null) {
                synchronized (db) {
                    db.close();
                }
            }
            Files.deleteIfExists(file(key));
            saveIndex();
        } catch (IOException e) {
            log.warn("removing series {} of {} was not complete: {}", key.name(), key.host(), e.getMessage());
        }
        return true;
    }

    @Override
    public Optional<SeriesInfo> info(SeriesKey key) {
        return Optional.ofNullable(index.get(key));
    }

    @Override
    public Points query(SeriesKey key, Instant from, Instant to, Duration stepWanted) throws IOException {
        return query(key, from, to, stepWanted, "AVERAGE");
    }

    @Override
    public Points query(SeriesKey key, Instant from, Instant to, Duration stepWanted, String consolidation) throws IOException {
        ConsolFun cf;
        try {
            cf = ConsolFun.valueOf(consolidation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consolidation must be AVERAGE, MIN or MAX");
        }
        SeriesInfo info = index.get(key);
        if (info == null) {
            throw new NoSuchElementException("no series '" + key.name() + "' on host '" + key.host() + "'");
        }
        RrdDb db = db(info, from.getEpochSecond());
        FetchData data;
        synchronized (db) {
            FetchRequest req = db.createFetchRequest(cf, from.getEpochSecond(), to.getEpochSecond(),
                    stepWanted == null ? 1 : Math.max(1, stepWanted.toSeconds()));
            data = req.fetchData();
            double[] values = data.getValues(DS);
            if (SPARSE.contains(info.source()) && java.util.Arrays.stream(values).allMatch(Double::isNaN)) {
                // A coarse bucket is written when a later point passes its end; the last points of a series that
                // got no later one (a single backfilled point) are in the native archive only: answer from there.
                long last = db.getLastUpdateTime();
                long start = Math.max(from.getEpochSecond(), last - 86_400 + step);
                long end = Math.min(to.getEpochSecond(), last);
                if (start < end) {
                    FetchData fine = db.createFetchRequest(cf, start, end, step).fetchData();
                    if (!java.util.Arrays.stream(fine.getValues(DS)).allMatch(Double::isNaN)) {
                        data = fine;
                    }
                }
            }
        }
        return new Points(data.getTimestamps(), data.getValues(DS));
    }

    @Override
    public byte[] graph(SeriesKey key, Instant from, Instant to, int width, int height) throws IOException {
        SeriesInfo info = index.get(key);
        if (info == null) {
            throw new NoSuchElementException("no series '" + key.name() + "' on host '" + key.host() + "'");
        }
        db(info, from.getEpochSecond()); // makes sure the file exists
        RrdGraphDef g = new RrdGraphDef(from.getEpochSecond(), to.getEpochSecond());
        g.setFilename("-");
        g.setImageFormat("png");
        g.setWidth(width);
        g.setHeight(height);
        g.setTitle(key.name() + " on " + key.host());
        g.setVerticalLabel(info.unit() == null ? "" : info.unit());
        String path = file(key).toString();
        g.datasource("avg", path, DS, ConsolFun.AVERAGE);
        g.datasource("min", path, DS, ConsolFun.MIN);
        g.datasource("max", path, DS, ConsolFun.MAX);
        g.area("max", new Color(0x1f, 0x7a, 0x3a, 40), null);
        g.line("avg", new Color(0x0b, 0x57, 0xd0), "avg", 2);
        g.line("min", new Color(0x88, 0x88, 0x88), "min");
        if (!Double.isNaN(info.warning())) {
            g.hrule(info.warning(), new Color(0xc9, 0x8a, 0x00), "warning");
        }
        if (!Double.isNaN(info.critical())) {
            g.hrule(info.critical(), new Color(0xa3, 0x16, 0x1f), "critical");
        }
        g.gprint("avg", ConsolFun.AVERAGE, "avg %.2lf");
        g.gprint("min", ConsolFun.MIN, "min %.2lf");
        g.gprint("max", ConsolFun.MAX, "max %.2lf");
        synchronized (this) { // RRD4J graphs read the file; keep writers of this store out meanwhile
            return new RrdGraph(g).getRrdGraphInfo().getBytes();
        }
    }

    @Override
    public synchronized void close() {
        if (indexDirty) {
            try {
                saveIndex();
            } catch (IOException e) {
                log.warn("cannot save the series index: {}", e.getMessage());
            }
        }
        closed = true;
        if (indexWriter != null) {
            indexWriter.interrupt();
        }
        for (RrdDb db : open.values()) {
            try {
                db.close();
            } catch (IOException e) {
                log.warn("closing a series file failed: {}", e.getMessage());
            }
        }
        open.clear();
    }
}
