package dev.vigil.integrity;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.time.Scheduler;
import dev.vigil.integrity.audit.Audit;
import dev.vigil.integrity.audit.AuditContext;
import dev.vigil.integrity.audit.AuditEvents;
import dev.vigil.integrity.config.IntegrityPlan;
import dev.vigil.integrity.fim.ChangeEvents;
import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FimPath;
import dev.vigil.integrity.fim.FimStore;
import dev.vigil.integrity.fim.TreeScan;
import dev.vigil.integrity.fim.TreeWatch;
import dev.vigil.integrity.fim.packages.Dpkg;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File integrity and the audit, running: a baseline on first start, scans every {@code scan_interval}
 * (the safety net) and, between them, a scan whenever {@link TreeWatch} sees a watched tree change. What a
 * scan finds is judged by {@link ChangeEvents}, what the audit finds by {@link AuditEvents}; both go to the
 * {@link EventLog}. The dashboard's "accept" makes the current state the baseline.
 */
public final class Integrity implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Integrity.class);
    private static final List<String> SEVERITY_ORDER = List.of("critical", "high", "medium", "low");

    private final Scheduler scheduler;
    private final Executor workers;
    private final FimStore fim;
    private final FindingStore open;
    private final AuditContext.Seen seen;
    private final EventLog events;
    private final Dpkg dpkg;
    private final Path root;
    private final ChangeEvents changeEvents;
    private final AuditEvents auditEvents;
    private final Object scanLock = new Object();
    private volatile IntegrityPlan plan = IntegrityPlan.OFF;
    private volatile String host = "localhost";
    private volatile List<String> problems = List.of();
    private volatile List<FileChange> pending = List.of();
    private volatile boolean closed;
    private int generation;
    private TreeWatch watch;
    private final List<Scheduler.Scheduled> timers = new ArrayList<>();
    /** When the last scan started: package operations after it belong to the next scan's changes. */
    private volatile Instant lastScan;

    /**
     * @param fim baselines and scans
     * @param open the open findings and unaccepted changes
     * @param seen what the audit saw last time (users, listening ports), to report what is new
     * @param dpkg the package manager's records, to group and verify its changes (Dpkg.system() here)
     * @param root the system the audit looks at: "/" here, a test tree in tests
     */
    public Integrity(Scheduler scheduler, Executor workers, EventLog events, FimStore fim, FindingStore open,
                     AuditContext.Seen seen, Dpkg dpkg, Path root) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.events = events;
        this.fim = fim;
        this.open = open;
        this.seen = seen;
        this.dpkg = dpkg;
        this.root = root;
        this.changeEvents = new ChangeEvents(fim, open, dpkg);
        this.auditEvents = new AuditEvents(open);
        this.lastScan = scheduler.clock().instant().minus(Duration.ofDays(1));
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
        out.sort(Comparator.comparingInt((FindingStore.Open o) -> SEVERITY_ORDER.indexOf(o.severity())).thenComparing(FindingStore.Open::path));
        return out;
    }

    public List<String> problems() {
        return problems;
    }

    public synchronized void apply(IntegrityPlan next, String localHost) {
        plan = next;
        host = localHost;
        int g = ++generation;
        stop();
        if (!next.enabled()) {
            return;
        }
        timers.add(scheduler.every(Duration.ofSeconds(5), next.scanInterval(), () -> onWorker(g, this::scanNow)));
        if (!next.auditInterval().isZero()) { // zero: no audit (an agent's plan may ask for integrity only)
            timers.add(scheduler.every(Duration.ofSeconds(15), next.auditInterval(), () -> onWorker(g, this::audit)));
        }
        if (next.realtime()) {
            try {
                watch = TreeWatch.start(next.paths(), workers, () -> {
                    if (g == generation && fim.hasBaseline(roots(plan.paths()))) {
                        scanNow(); // the trees' scan is cheap: unchanged files keep their hashes
                    }
                });
            } catch (IOException e) {
                log.warn("real-time integrity watching is off: {}", e.getMessage());
            }
        }
    }

    /** Runs a scheduled task on a worker (scans and audits take a while), unless its plan was replaced meanwhile. */
    private void onWorker(int g, Runnable task) {
        workers.execute(() -> {
            if (!closed && g == generation) {
                task.run();
            }
        });
    }

    private static List<String> roots(List<FimPath> paths) {
        return paths.stream().map(FimPath::root).sorted().toList();
    }

    /** Scans every configured path now, on this thread (the dashboard's "scan now", tests). */
    public void scanNow() {
        scan(plan.paths());
    }

    /** Scans the trees; the first scan of a tree without a baseline becomes its baseline. */
    public void scan(List<FimPath> paths) {
        synchronized (scanLock) {
            try {
                List<String> roots = roots(paths);
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
                    report(r, roots);
                }
                lastScan = started;
                problems = List.copyOf(r.problems().subList(0, Math.min(50, r.problems().size())));
            } catch (IOException | RuntimeException e) {
                problems = List.of("integrity scan failed: " + e.getMessage());
                log.warn("integrity scan failed: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void report(TreeScan.Result r, List<String> roots) {
        ChangeEvents.Judged judged = changeEvents.judge(r.changes(), roots, r.scan(), host, scheduler.clock().instant(),
                lastScan.minus(Duration.ofMinutes(1)), plan.groupAbove());
        if (roots.equals(roots(plan.paths()))) {
            pending = judged.pending();
        }
        append(judged.events());
    }

    private void append(List<Event> out) {
        if (!out.isEmpty()) {
            events.append(out);
        }
    }

    /** Makes the current state the baseline (all, or one path): after a planned change. */
    public int accept(String path) throws IOException {
        synchronized (scanLock) {
            List<String> roots = roots(plan.paths());
            var latest = fim.latest(roots);
            if (latest.isEmpty()) {
                return 0;
            }
            int n = fim.accept(latest.get().id(), path);
            // Rescan so pending changes and their events reflect the new baseline at once.
            report(new TreeScan(fim, plan.paths(), 2, false, 8L << 30).run(null), roots);
            return n;
        }
    }

    /** Runs the audit; new findings are raised, findings no longer there are closed. */
    public void audit() {
        try {
            boolean live = root.equals(Path.of("/"));
            Audit.Result r = Audit.run(new AuditContext(root, new ArrayList<>(Audit.DEFAULT_DIRS), plan.webRoots(), seen, live));
            append(auditEvents.judge(r.findings(), host, scheduler.clock().instant()));
            if (!r.problems().isEmpty()) {
                log.debug("audit could not look at {} paths", r.problems().size());
            }
        } catch (RuntimeException e) {
            log.warn("audit failed: {}", e.getMessage());
        }
    }

    private synchronized void stop() {
        timers.forEach(Scheduler.Scheduled::cancel);
        timers.clear();
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        stop();
    }
}
