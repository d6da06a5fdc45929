package dev.vigil.agent;

import dev.vigil.agent.wire.Item;
import dev.vigil.agent.wire.Plan;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.time.Scheduler;
import dev.vigil.integrity.FindingStore;
import dev.vigil.integrity.InMemoryFindingStore;
import dev.vigil.integrity.Integrity;
import dev.vigil.integrity.audit.AuditContext;
import dev.vigil.integrity.config.IntegrityPlan;
import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FileState;
import dev.vigil.integrity.fim.FimPath;
import dev.vigil.integrity.fim.FimStore;
import dev.vigil.integrity.fim.InMemoryFimStore;
import dev.vigil.integrity.fim.packages.Dpkg;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File integrity and the audit on the agent's machine, with the server's own {@link Integrity}: scans and audits run
 * here and their events are stored in the buffer as {@link Item.Finding}s, to be raised on the server as its own are.
 * The baseline, the open findings and what the audit saw are kept in {@code data/integrity}, so a restarted agent
 * reports what changed while it was stopped (instead of taking a new baseline) and raises nothing twice.
 */
final class LocalIntegrity implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalIntegrity.class);
    private static final int MAX_DETAILS = 64 * 1024;
    private static final int FORMAT = 1;

    private final Path dir;
    private final Spool spool;
    private final InstantSource clock;
    private final InMemoryFimStore baseline;
    private final InMemoryFindingStore findings;
    private final Map<String, Set<String>> seen;
    /** Two threads: real-time watching holds one for as long as it runs; scans and audits take turns on the other. */
    private final ExecutorService worker = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("agent-integrity-", 0).daemon().factory());
    private final Integrity integrity;

    LocalIntegrity(Path dir, Spool spool, Scheduler scheduler) throws IOException {
        this.dir = dir;
        this.spool = spool;
        this.clock = scheduler.clock();
        Files.createDirectories(dir);
        this.baseline = new InMemoryFimStore(readBaseline());
        List<FindingStore.Open> open = new ArrayList<>();
        this.seen = new HashMap<>();
        readFindings(open, seen);
        this.findings = new InMemoryFindingStore(clock, open);
        this.integrity = new Integrity(scheduler, worker, new Shipped(), new Kept(), findings, new Seen(), Dpkg.system(), Path.of("/"));
    }

    /** Runs the plan's part (or stops, when it has none). */
    void apply(Plan.Integrity plan, String host) {
        if (plan == null || plan.paths().isEmpty() && plan.webRoots().isEmpty()) {
            integrity.apply(IntegrityPlan.OFF, host);
            return;
        }
        List<FimPath> paths = new ArrayList<>();
        plan.paths().forEach(p -> paths.add(FimPath.of(p)));
        plan.webRoots().stream().filter(w -> !plan.paths().contains(w)).forEach(w -> paths.add(FimPath.webRoot(w)));
        integrity.apply(new IntegrityPlan(true, paths, plan.webRoots(), Duration.ofSeconds(Math.max(60, plan.scanInterval())),
                Duration.ofSeconds(plan.auditInterval() <= 0 ? 0 : Math.max(60, plan.auditInterval())), true, 20), host);
        if (plan.accepted() > acceptedBefore()) {
            worker.execute(() -> accept(plan.accepted()));
        }
    }

    /** An admin accepted the files as they are: they become the baseline, and the open changes end (as recoveries). */
    private void accept(long stamp) {
        try {
            integrity.scanNow(); // what is there now; after a restart the store holds the baseline only
            int n = integrity.accept(null);
            Files.writeString(dir.resolve("accepted"), Long.toString(stamp));
            log.info("file changes accepted: {} paths in the new baseline", n);
        } catch (IOException | RuntimeException e) {
            log.warn("file changes not accepted: {}", e.getMessage());
        }
    }

    /** The accept request this agent carried out last (epoch ms), 0 for none. */
    private long acceptedBefore() {
        try {
            return Long.parseLong(Files.readString(dir.resolve("accepted")).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Scans now (tests). */
    void scanNow() {
        integrity.scanNow();
    }

    @Override
    public void close() {
        integrity.close();
        worker.shutdownNow();
    }

    /** The events of a scan or an audit: into the buffer first, then the open findings are kept (never the other way round). */
    private final class Shipped implements EventLog {
        @Override
        public void append(List<Event> events) {
            for (Event e : events) {
                String details = e.details().length() > MAX_DETAILS ? e.details().substring(0, MAX_DETAILS) : e.details();
                spool.append(new Item.Finding(0, e.when().toEpochMilli(), e.source(), e.kind().id(), e.severity().name(), e.title(), details,
                        e.fingerprint(), e.tags()));
            }
            // A crash between the two raises these again after the restart: twice is better than never.
            saveFindings();
        }

        // The agent keeps no event log of its own: what it raised is on the server.
        @Override
        public List<Logged> after(long id, int limit) {
            return List.of();
        }

        @Override
        public List<Logged> newest(String host, Instant since, int limit) {
            return List.of();
        }

        @Override
        public void subscribe(Runnable wake) {}
    }

    /** The in-memory store, kept in a file each time a baseline is taken. */
    private final class Kept implements FimStore {
        @Override public Optional<Scan> unfinished(List<String> roots) { return baseline.unfinished(roots); }
        @Override public Scan begin(List<String> roots) { return baseline.begin(roots); }
        @Override public void stage(long scan, List<FileState> batch, String lastPath) { baseline.stage(scan, batch, lastPath); }
        @Override public void finish(long scan) { baseline.finish(scan); }
        @Override public boolean staged(long scan, String path) { return baseline.staged(scan, path); }
        @Override public Optional<FileState> baseline(String path) { return baseline.baseline(path); }
        @Override public Map<String, FileState> baselines(Collection<String> paths) { return baseline.baselines(paths); }
        @Override public boolean hasBaseline(List<String> roots) { return baseline.hasBaseline(roots); }
        @Override public long baselineCount(List<String> roots) { return baseline.baselineCount(roots); }
        @Override public Optional<Scan> latest(List<String> roots) { return baseline.latest(roots); }

        @Override
        public List<FileChange> changes(long scan, BiFunction<FileState, FileState, List<FileChange>> compare) {
            return baseline.changes(scan, compare);
        }

        @Override
        public int accept(long scan, String path) {
            int n = baseline.accept(scan, path);
            saveBaseline();
            return n;
        }
    }

    private final class Seen implements AuditContext.Seen {
        @Override
        public Set<String> previous(String kind) {
            synchronized (LocalIntegrity.this) {
                return seen.get(kind);
            }
        }

        @Override
        public void remember(String kind, Set<String> items) {
            synchronized (LocalIntegrity.this) {
                seen.put(kind, new TreeSet<>(items));
                saveFindings();
            }
        }
    }

    // --- the files: gzip'd records, written whole to a temporary file and moved over the old one -------------

    private Path baselineFile() {
        return dir.resolve("baseline.gz");
    }

    private Path findingsFile() {
        return dir.resolve("findings.gz");
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private void save(Path file, Body body) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os)))) {
            out.writeInt(FORMAT);
            body.write(out);
        } catch (IOException e) {
            log.warn("integrity state not kept ({}): {}", file.getFileName(), e.getMessage());
            return;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("integrity state not kept ({}): {}", file.getFileName(), e.getMessage());
        }
    }

    private synchronized void saveBaseline() {
        List<FileState> all = baseline.baseline();
        save(baselineFile(), out -> {
            out.writeInt(all.size());
            for (FileState f : all) {
                text(out, f.path());
                out.writeChar(f.type());
                out.writeLong(f.size());
                out.writeInt(f.mode());
                out.writeInt(f.uid());
                out.writeInt(f.gid());
                out.writeLong(f.mtime());
                out.writeLong(f.ctime());
                out.writeLong(f.inode());
                text(out, f.linkTarget());
                text(out, f.sha256());
                text(out, f.content());
            }
        });
    }

    private synchronized void saveFindings() {
        Collection<FindingStore.Open> open = findings.open("").values();
        Map<String, Set<String>> remembered = Map.copyOf(seen);
        save(findingsFile(), out -> {
            out.writeInt(open.size());
            for (FindingStore.Open o : open) {
                text(out, o.fingerprint());
                text(out, o.kind());
                text(out, o.path());
                text(out, o.severity());
                text(out, o.why());
                text(out, o.remediation());
                out.writeLong(o.firstSeen());
            }
            out.writeInt(remembered.size());
            for (var e : remembered.entrySet()) {
                text(out, e.getKey());
                out.writeInt(e.getValue().size());
                for (String s : e.getValue()) {
                    text(out, s);
                }
            }
        });
    }

    private interface Reading<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** What a file holds, or what {@code empty} gives when there is none; an unreadable file is said and treated as none. */
    private <T> T load(Path file, Reading<T> body, T empty) {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(is)))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("unknown format");
            }
            return body.read(in);
        } catch (NoSuchFileException e) {
            return empty;
        } catch (IOException | RuntimeException e) {
            log.warn("integrity state {} unreadable, starting afresh: {}", file.getFileName(), e.getMessage());
            return empty;
        }
    }

    private List<FileState> readBaseline() {
        return load(baselineFile(), in -> {
            int n = in.readInt();
            List<FileState> out = new ArrayList<>(Math.min(n, 1 << 16));
            for (int i = 0; i < n; i++) {
                out.add(new FileState(text(in), in.readChar(), in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                        in.readLong(), in.readLong(), text(in), text(in), text(in)));
            }
            return out;
        }, List.of());
    }

    private void readFindings(List<FindingStore.Open> open, Map<String, Set<String>> remembered) {
        load(findingsFile(), in -> {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                open.add(new FindingStore.Open(text(in), text(in), text(in), text(in), text(in), text(in), in.readLong()));
            }
            int kinds = in.readInt();
            for (int i = 0; i < kinds; i++) {
                String kind = text(in);
                int items = in.readInt();
                Set<String> set = new TreeSet<>();
                for (int j = 0; j < items; j++) {
                    set.add(text(in));
                }
                remembered.put(kind, set);
            }
            return Boolean.TRUE;
        }, Boolean.FALSE);
    }

    /** A string of any length, or null (length -1). */
    private static void text(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > 64 << 20) {
            throw new IOException("a record longer than 64 MB");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
