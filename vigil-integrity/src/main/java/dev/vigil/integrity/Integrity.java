package dev.vigil.integrity;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.Scheduler;
import dev.vigil.integrity.audit.Audit;
import dev.vigil.integrity.audit.AuditContext;
import dev.vigil.integrity.audit.Finding;
import dev.vigil.integrity.config.IntegrityPlan;
import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FimPath;
import dev.vigil.integrity.fim.FimStore;
import dev.vigil.integrity.fim.TreeScan;
import dev.vigil.integrity.packages.Dpkg;
import dev.vigil.integrity.packages.PackageChanges;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File integrity and the audit, running: a baseline on first start, scans every {@code scan_interval}
 * (the safety net) and, between them, a scan of any watched directory the kernel says changed (inotify
 * through WatchService; a watch overflow just waits for the next full scan). Each change and each audit
 * finding is an event raised once, kept open until the change is accepted or the problem fixed, then
 * closed with a recovery. Many changes in one scan (a package upgrade) become one event listing them.
 */
public final class Integrity implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Integrity.class);
    private static final Duration SETTLE = Duration.ofMillis(300);

    private final Scheduler scheduler;
    private final Executor workers;
    private final FimStore fim;
    private final FindingStore open;
    private final AuditContext.Seen seen;
    private final EventLog events;
    private volatile IntegrityPlan plan = IntegrityPlan.OFF;
    private volatile String host = "localhost";
    private volatile List<String> problems = List.of();
    private volatile List<FileChange> pending = List.of();
    private volatile boolean closed;
    private int generation;
    private WatchService watcher;
    private final Object scanLock = new Object();
    private final Dpkg dpkg;
    /** When the last scan started: package operations after it belong to the next scan's changes. */
    private volatile Instant lastScan;

    /**
     * @param fim baselines and scans
     * @param open the open findings and unaccepted changes
     * @param seen what the audit saw last time (users, listening ports), to report what is new
     * @param dpkg the package manager's records, to group and verify its changes (Dpkg.system() here)
     */
    public Integrity(Scheduler scheduler, Executor workers, EventLog events, FimStore fim, FindingStore open,
                     AuditContext.Seen seen, Dpkg dpkg) {
        this.dpkg = dpkg;
        this.lastScan = scheduler.clock().instant().minus(Duration.ofDays(1));
        this.scheduler = scheduler;
        this.workers = workers;
        this.fim = fim;
        this.open = open;
        this.seen = seen;
        this.events = events;
    }

    public IntegrityPlan plan() {
        return plan;
    }

    /** The changes of the last scan not yet accepted. */
    public List<FileChange> pending() {
        return pending;
    }

    /** The open audit findings, worst first. */
    public List<FindingStore.Open> findings() {
        List<FindingStore.Open> out = new ArrayList<>(open.open("audit:").values());
        List<String> order = List.of("critical", "high", "medium", "low");
        out.sort(Comparator.comparingInt((FindingStore.Open o) -> order.indexOf(o.severity())).thenComparing(FindingStore.Open::path));
        return out;
    }

    public List<String> problems() {
        return problems;
    }

    public synchronized void apply(IntegrityPlan next, String localHost) {
        plan = next;
        host = localHost;
        int g = ++generation;
        stopWatching();
        if (!next.enabled()) {
            return;
        }
        scheduleScan(g, Duration.ofSeconds(5));
        scheduleAudit(g, Duration.ofSeconds(15));
        if (next.realtime()) {
            workers.execute(() -> watch(g));
        }
    }

    private void scheduleScan(int g, Duration delay) {
        scheduler.schedule(scheduler.clock().instant().plus(delay), () -> workers.execute(() -> {
            if (closed || g != generation) {
                return;
            }
            scan(plan.paths());
            scheduleScan(g, plan.scanInterval());
        }));
    }

    private void scheduleAudit(int g, Duration delay) {
        scheduler.schedule(scheduler.clock().instant().plus(delay), () -> workers.execute(() -> {
            if (closed || g != generation) {
                return;
            }
            audit();
            scheduleAudit(g, plan.auditInterval());
        }));
    }

    /** Scans the trees; the first scan of a tree without a baseline becomes its baseline. */
    /** Scans every configured path now, on this thread (the dashboard's "scan now", tests). */
    public void scanNow() {
        scan(plan.paths());
    }

    public void scan(List<FimPath> paths) {
        synchronized (scanLock) {
            try {
                List<String> roots = paths.stream().map(FimPath::root).sorted().toList();
                boolean first = !fim.hasBaseline(roots);
                // Files a package operation is still writing are not a change yet: one install, one scan.
                if (!first && dpkg.present() && !Dpkg.awaitQuiet(Duration.ofMinutes(10))) {
                    log.info("integrity scan goes ahead while a package operation is still running (10 min)");
                }
                Instant started = scheduler.clock().instant();
                TreeScan.Result r = new TreeScan(fim, paths, 2, false, 8L << 30).run(null);
                if (first) {
                    fim.accept(r.scan(), null);
                    log.info("integrity baseline recorded: {} paths under {}", r.files(), roots);
                } else {
                    report(r.changes(), roots, r.scan());
                }
                lastScan = started;
                problems = r.problems().size() > 50 ? List.copyOf(r.problems().subList(0, 50)) : List.copyOf(r.problems());
            } catch (IOException | RuntimeException e) {
                problems = List.of("integrity scan failed: " + e.getMessage());
                log.warn("integrity scan failed: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Raises new changes (grouped when many), closes those no longer pending under the scanned roots. With dpkg,
     * a package operation's files are one event naming the packages, those with exactly the content their
     * package shipped become the baseline at once, and a file whose content is not what its package installed
     * is an event of its own.
     */
    private void report(List<FileChange> changes, List<String> roots, long scan) {
        List<Event> out = new ArrayList<>();
        var at = scheduler.clock().instant();
        if (dpkg.present()) {
            PackageChanges sorted = PackageChanges.sort(changes, dpkg, lastScan.minus(Duration.ofMinutes(1)));
            Map<String, FindingStore.Open> was = open.open("fim-");
            // Owned files that cannot be verified (conffiles, directories) stay pending; the new ones are opened here.
            List<FileChange> unverified = new ArrayList<>();
            List<FileChange> grouped = new ArrayList<>();
            for (var files : sorted.byPackage().values()) {
                for (FileChange c : files) {
                    if (!sorted.verified().contains(c)) {
                        unverified.add(c);
                        if (!was.containsKey(key(c))) {
                            grouped.add(c);
                        }
                    }
                }
            }
            int accepted = 0;
            for (FileChange c : sorted.verified()) {
                try {
                    accepted += fim.accept(scan, c.path()); // exactly what the package shipped: the new baseline
                } catch (RuntimeException e) {
                    log.warn("could not accept {} into the baseline: {}", c.path(), e.getMessage());
                }
            }
            // Only when something of it is new: a rescan within the log window must not announce it again.
            if (!sorted.verified().isEmpty() || !grouped.isEmpty()) {
                out.add(packageEvent(sorted, at));
            }
            for (var t : sorted.tampered()) {
                String key = key(t.change());
                if (!was.containsKey(key)) {
                    out.add(tamperedEvent(t, at));
                    open.opened(new FindingStore.Open(key, "fim-" + t.change().kind().id(), t.change().path(), "medium",
                            "differs from package " + t.pkg(), "vigil fim accept", 0));
                }
            }
            // Owned files that cannot be verified (conffiles) stay pending, but are part of the package's event.
            for (FileChange c : grouped) {
                String key = key(c);
                open.opened(new FindingStore.Open(key, "fim-" + c.kind().id(), c.path(), "medium", c.kind().id(), "vigil fim accept", 0));
            }
            List<FileChange> rest = new ArrayList<>(sorted.other());
            sorted.tampered().forEach(t -> rest.add(t.change()));
            rest.addAll(unverified); // still pending, so not closed as "accepted or reverted"
            if (accepted > 0) {
                log.info("integrity: {} file(s) from package operations verified against their checksums and accepted", accepted);
            }
            changes = rest;
        }
        Map<String, FileChange> now = new HashMap<>();
        for (FileChange c : changes) {
            now.put(key(c), c);
        }
        if (roots.equals(plan.paths().stream().map(FimPath::root).sorted().toList())) {
            pending = List.copyOf(changes);
        }
        Map<String, FindingStore.Open> was = open.open("fim-");
        List<FileChange> fresh = new ArrayList<>();
        for (var e : now.entrySet()) {
            if (!was.containsKey(e.getKey())) {
                fresh.add(e.getValue());
                FileChange c = e.getValue();
                open.opened(new FindingStore.Open(e.getKey(), "fim-" + c.kind().id(), c.path(), "medium", c.kind().id(), "vigil fim accept", 0));
            }
        }
        fresh.sort(Comparator.comparing(FileChange::path));
        if (fresh.size() > plan.groupAbove()) {
            StringBuilder d = new StringBuilder();
            fresh.stream().limit(500).forEach(c -> d.append(c.kind().id()).append("  ").append(c.path()).append('\n'));
            out.add(Event.of(EventKind.PROBLEM, at, host, "integrity", Severity.WARNING,
                    fresh.size() + " files changed on " + host + " (a package upgrade?)",
                    Event.fingerprint("fim-group", host, String.valueOf(at.toEpochMilli())))
                    .withDetails(d.toString())
                    .withEvidence(List.of(EvidenceLink.integrity("review and accept")))
                    .withTags(Map.of("service", "integrity")));
        } else {
            for (FileChange c : fresh) {
                out.add(changeEvent(c, at));
            }
        }
        for (var e : was.entrySet()) {
            String path = e.getValue().path();
            boolean underScan = roots.stream().anyMatch(r -> path.equals(r) || path.startsWith(r.endsWith("/") ? r : r + "/"));
            if (underScan && !now.containsKey(e.getKey())) {
                open.closed(e.getKey());
                out.add(Event.of(EventKind.RECOVERY, at, host, "integrity", Severity.OK,
                        path + " " + e.getValue().why() + ": accepted or reverted",
                        e.getKey())
                        .withTags(Map.of("service", "integrity", "path", path)));
            }
        }
        if (!out.isEmpty()) {
            events.append(out);
        }
    }

    /** What identifies one pending change of this host: its open finding and its events. */
    private String key(FileChange c) {
        return Event.fingerprint("fim", host, c.path(), c.kind().id());
    }

    /** One event for a package operation: which packages, and how many of their files changed. */
    private Event packageEvent(PackageChanges sorted, Instant at) {
        int files = sorted.byPackage().values().stream().mapToInt(List::size).sum();
        List<String> what = new ArrayList<>();
        StringBuilder d = new StringBuilder();
        for (var e : sorted.byPackage().entrySet()) {
            String op = sorted.operations().getOrDefault(e.getKey(), e.getKey());
            what.add(op);
            d.append(op).append(": ").append(e.getValue().size()).append(" files\n");
            e.getValue().stream().limit(200).forEach(c -> d.append("  ").append(c.kind().id()).append("  ").append(c.path())
                    .append(sorted.verified().contains(c) ? "  (verified, accepted)" : "").append('\n'));
        }
        String title = (what.size() == 1 ? what.get(0) : what.size() + " packages changed (" + String.join(", ", what.subList(0,
                Math.min(3, what.size()))) + (what.size() > 3 ? ", ..." : "") + ")") + ": " + files + " files on " + host;
        // Not a problem to resolve: a record of what the package manager did, for the incident and the timeline.
        return Event.of(EventKind.PACKAGE, at, host, "integrity", Severity.INFO,
                title,
                Event.fingerprint("fim-package", host, String.valueOf(at.toEpochMilli())))
                .withDetails(d.toString())
                .withEvidence(List.of(EvidenceLink.integrity("review")))
                .withTags(Map.of("service", "integrity", "packages", String.join(",", sorted.byPackage().keySet())));
    }

    /** A file whose content is not what its package installed: the signal upgrade noise used to drown. */
    private Event tamperedEvent(PackageChanges.Tampered t, Instant at) {
        FileChange c = t.change();
        return Event.of(EventKind.PROBLEM, at, host, "integrity", Severity.WARNING,
                c.path() + " differs from what package " + t.pkg() + " installed, on " + host,
                key(c))
                .withDetails("The file's content does not match the checksum in " + t.pkg()
                        + "'s md5sums: it was changed after the package put it there.\n" + (c.diff() == null ? "" : c.diff()))
                .withEvidence(List.of(EvidenceLink.integrity("review and accept")))
                .withTags(Map.of("service", "integrity", "path", c.path(), "change", "differs-from-package", "package", t.pkg()));
    }

    private Event changeEvent(FileChange c, Instant at) {
        // Who may become root, and how one logs in: a change there is critical wherever the tree is mounted.
        String p = c.path();
        boolean sensitive = p.contains("/etc/sudoers") || p.endsWith("/etc/passwd") || p.endsWith("/etc/shadow")
                || p.endsWith("/etc/group") || p.contains("/etc/ssh/") || p.contains("/.ssh/authorized_keys");
        StringBuilder d = new StringBuilder();
        if (c.before() != null) {
            d.append("before: ").append(c.before()).append('\n');
        }
        if (c.after() != null) {
            d.append("after:  ").append(c.after()).append('\n');
        }
        if (c.diff() != null) {
            d.append('\n').append(c.diff());
        }
        boolean suid = c.gainsSetuid();
        return Event.of(EventKind.PROBLEM, at, host, "integrity",
                sensitive || suid ? Severity.CRITICAL : Severity.WARNING,
                c.path() + (suid ? " gained the SUID/SGID bit" : " " + c.kind().id()) + " on " + host,
                key(c))
                .withDetails(d.toString())
                .withEvidence(List.of(EvidenceLink.integrity("review and accept")))
                .withTags(Map.of("service", "integrity", "path", c.path(), "change", c.kind().id()));
    }

    /** Makes the current state the baseline (all, or one path): after a planned change. */
    public int accept(String path) throws IOException {
        synchronized (scanLock) {
            List<String> roots = plan.paths().stream().map(FimPath::root).sorted().toList();
            var latest = fim.latest(roots);
            if (latest.isEmpty()) {
                return 0;
            }
            int n = fim.accept(latest.get().id(), path);
            // Rescan so pending changes and their events reflect the new baseline at once.
            TreeScan.Result r = new TreeScan(fim, plan.paths(), 2, false, 8L << 30).run(null);
            report(r.changes(), roots, r.scan());
            return n;
        }
    }

    /** Runs the audit; new findings are raised, findings no longer there are closed. */
    public void audit() {
        try {
            boolean live = true;
            List<String> dirs = new ArrayList<>(Audit.DEFAULT_DIRS);
            Audit.Result r = Audit.run(new AuditContext(Path.of("/"), dirs, plan.webRoots(), seen, live));
            Map<String, Finding> now = new HashMap<>();
            for (Finding f : r.findings()) {
                now.put(Event.fingerprint("audit", host, f.kind(), f.path()), f);
            }
            Map<String, FindingStore.Open> was = open.open("audit:");
            List<Event> out = new ArrayList<>();
            var at = scheduler.clock().instant();
            for (var e : now.entrySet()) {
                Finding f = e.getValue();
                if (!was.containsKey(e.getKey())) {
                    open.opened(new FindingStore.Open(e.getKey(), "audit:" + f.kind(), f.path(), f.severity(), f.why(), f.remediation(), 0));
                    Severity s = switch (f.severity()) {
                        case "critical", "high" -> Severity.CRITICAL;
                        case "medium" -> Severity.WARNING;
                        default -> Severity.INFO;
                    };
                    out.add(Event.of(EventKind.PROBLEM, at, host, "audit", s,
                            f.kind() + ": " + f.path() + " on " + host,
                            e.getKey())
                            .withDetails(f.why() + "\n\nFix: " + f.remediation())
                            .withEvidence(List.of(EvidenceLink.integrity("audit findings")))
                            .withTags(Map.of("service", "audit", "class", f.kind(), "path", f.path())));
                }
            }
            for (var e : was.entrySet()) {
                if (!now.containsKey(e.getKey())) {
                    open.closed(e.getKey());
                    out.add(Event.of(EventKind.RECOVERY, at, host, "audit", Severity.OK,
                            e.getValue().kind().substring(6) + ": " + e.getValue().path() + " on " + host + " is fixed",
                            e.getKey())
                            .withTags(Map.of("service", "audit")));
                }
            }
            if (!out.isEmpty()) {
                events.append(out);
            }
            if (!r.problems().isEmpty()) {
                log.debug("audit could not look at {} paths", r.problems().size());
            }
        } catch (RuntimeException e) {
            log.warn("audit failed: {}", e.getMessage());
        }
    }

    /** Watches every directory of the trees; a change there scans that directory's tree soon after. */
    private void watch(int g) {
        try {
            WatchService w = FileSystems.getDefault().newWatchService();
            synchronized (this) {
                if (g != generation) {
                    w.close();
                    return;
                }
                watcher = w;
            }
            Map<WatchKey, Path> dirs = new HashMap<>();
            for (FimPath p : plan.paths()) {
                Path root = Path.of(p.root());
                if (!Files.isDirectory(root)) {
                    continue;
                }
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                        try {
                            dirs.put(d.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                                    StandardWatchEventKinds.ENTRY_MODIFY), d);
                        } catch (IOException e) {
                            return FileVisitResult.SKIP_SUBTREE; // out of watches: the periodic scan covers the rest
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
            while (!closed && g == generation) {
                WatchKey k = w.take();
                // A burst of writes (a package upgrade) settles into one scan: wait until the tree is quiet
                // for a moment, at most a few seconds.
                List<WatchKey> keys = new ArrayList<>(List.of(k));
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                for (WatchKey more; System.nanoTime() < until
                        && (more = w.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) != null; ) {
                    keys.add(more);
                }
                Set<Path> changed = new HashSet<>();
                for (WatchKey key : keys) {
                    Path d = dirs.get(key);
                    for (var ev : key.pollEvents()) {
                        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                            continue; // the next full scan catches up
                        }
                        if (d != null) {
                            changed.add(d);
                            Path child = d.resolve((Path) ev.context());
                            if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                                try {
                                    dirs.put(child.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                                            StandardWatchEventKinds.ENTRY_MODIFY), child);
                                } catch (IOException e) {
                                    // the periodic scan covers it
                                }
                            }
                        }
                    }
                    if (!key.reset()) {
                        dirs.remove(key);
                    }
                }
                for (WatchKey key; (key = w.poll()) != null; ) {
                    key.pollEvents();
                    key.reset();
                }
                if (!changed.isEmpty() && fim.hasBaseline(plan.paths().stream().map(FimPath::root).sorted().toList())) {
                    scan(plan.paths()); // the trees' scan is cheap: unchanged files keep their hashes
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // stopped
        } catch (IOException e) {
            log.warn("real-time integrity watching is off: {}", e.getMessage());
        }
    }

    private synchronized void stopWatching() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // closing a watch service loses nothing
            }
            watcher = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        stopWatching();
    }
}
