package dev.vigil.server.cli;

import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FimPath;
import dev.vigil.integrity.fim.FimStore;
import dev.vigil.integrity.fim.TreeScan;
import dev.vigil.server.OfflineStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil fim baseline|scan|accept}: file integrity from the shell, like {@code aide --init},
 * {@code aide --check} and {@code aide --update}. The baseline lives in the data directory's store; a scan
 * interrupted (Ctrl-C) resumes when run again. On a terminal a progress line shows files, bytes, rate, ETA.
 */
@Command(name = "fim", mixinStandardHelpOptions = true,
        description = "File integrity: record a baseline, scan for changes against it, accept changes.")
public final class FimCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "ACTION", description = "baseline, scan or accept")
    String action;

    @Option(names = "--path", required = true, paramLabel = "DIR", description = "a tree to watch (repeatable)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--data", paramLabel = "DIR", description = "the data directory holding the baseline (default: data)")
    Path data = Path.of("data");

    @Option(names = "--exclude", paramLabel = "GLOB", description = "leave out matching paths (relative to the tree; repeatable)")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--json", description = "scan: one JSON object per change")
    boolean json;

    @Option(names = "--rehash", description = "hash every file, even those whose size, times and inode are unchanged")
    boolean rehash;

    @Option(names = "--report-changes", description = "keep small text files' content (secrets masked) to show diffs of changes")
    boolean reportChanges;

    @Option(names = "--only", paramLabel = "PATH", description = "accept: only this path (and what is below it)")
    Path only;

    @Option(names = "--threads", description = "hashing threads (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<FimPath> watched = new ArrayList<>();
        for (Path p : paths) {
            watched.add(new FimPath(p.toAbsolutePath().normalize().toString(), -1, List.of(), exclude, FimPath.ALL, reportChanges));
        }
        List<String> roots = watched.stream().map(FimPath::root).sorted().toList();
        try (OfflineStores stores = OfflineStores.open(data)) {
            FimStore store = stores.fim();
            switch (action) {
                case "baseline" -> {
                    TreeScan.Result r = scan(store, watched, roots);
                    int n = store.accept(r.scan(), null);
                    System.err.printf(Locale.ROOT, "baseline: %,d paths (%,d bytes) recorded%n", r.files(), r.bytes());
                    return n >= 0 ? 0 : 1;
                }
                case "scan" -> {
                    if (!store.hasBaseline(roots)) {
                        System.err.println("vigil fim: no baseline for " + String.join(", ", roots) + " in " + data
                                + "; run 'vigil fim baseline' first");
                        return NO_BASELINE;
                    }
                    TreeScan.Result r = scan(store, watched, roots);
                    for (FileChange c : r.changes()) {
                        if (json) {
                            out.println(JSON.writeValueAsString(asJson(c)));
                        } else {
                            out.println(c.kind().id() + (c.gainsSetuid() ? " (SUID/SGID gained)" : "") + "\t" + c.path()
                                    + (c.before() != null && c.after() != null
                                    ? "\t" + c.before() + " -> " + c.after() : ""));
                            if (c.diff() != null) {
                                out.print(c.diff());
                            }
                        }
                    }
                    System.err.printf(Locale.ROOT, "scan: %,d paths, %,d changes%n", r.files(), r.changes().size());
                    return exitCode(r.changes());
                }
                case "accept" -> {
                    var latest = store.latest(roots);
                    if (latest.isEmpty()) {
                        System.err.println("vigil fim: no finished scan of " + String.join(", ", roots) + " to accept; run 'vigil fim scan' first");
                        return 2;
                    }
                    int n = store.accept(latest.get().id(), only == null ? null : only.toAbsolutePath().normalize().toString());
                    System.err.printf(Locale.ROOT, "accepted: the baseline now holds the last scan for %s (%,d paths)%n",
                            only == null ? String.join(", ", roots) : only, n);
                    return 0;
                }
                default -> {
                    System.err.println("vigil fim: ACTION must be baseline, scan or accept");
                    return 2;
                }
            }
        }
    }

    /** Exit code of a scan without a baseline: above AIDE's change bits (1-7), like AIDE's own errors (14+). */
    static final int NO_BASELINE = 17;

    /**
     * AIDE's exit code for a check, so scripts written for it keep working: 0 when nothing changed, else the
     * sum of 1 (files added), 2 (files removed) and 4 (files changed, in content, mode or owner).
     */
    static int exitCode(List<FileChange> changes) {
        int code = 0;
        for (FileChange c : changes) {
            code |= switch (c.kind()) {
                case ADDED -> 1;
                case REMOVED -> 2;
                case MODIFIED, PERMISSIONS, OWNERSHIP -> 4;
            };
        }
        return code;
    }

    static Map<String, Object> asJson(FileChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", c.path());
        m.put("change", c.kind().id());
        if (c.gainsSetuid()) {
            m.put("setuid_gained", true);
        }
        m.put("before", c.before());
        m.put("after", c.after());
        if (c.diff() != null) {
            m.put("diff", c.diff());
        }
        return m;
    }

    private TreeScan.Result scan(FimStore store, List<FimPath> watched, List<String> roots) throws IOException {
        long expected = store.baselineCount(roots);
        long start = System.nanoTime();
        boolean terminal = Terminal.attached();
        TreeScan.Result r = new TreeScan(store, watched, threads, rehash, 8L << 30).run((files, bytes) -> {
            if (terminal) {
                double s = Math.max(0.001, (System.nanoTime() - start) / 1e9);
                String eta = expected > files ? String.format(Locale.ROOT, "ETA %ds", (long) ((expected - files) / (files / s))) : "";
                System.err.printf(Locale.ROOT, "\r%,12d files %,10.1f MB %,8.1f MB/s %s   ", files, bytes / 1e6, bytes / 1e6 / s, eta);
            }
        });
        if (terminal) {
            System.err.println();
        }
        r.problems().forEach(p -> System.err.println("warning: " + p));
        return r;
    }
}
