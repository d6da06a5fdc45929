package dev.vigil.integrity.fim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/** Baselines and scans in memory: for tests and for tools that keep nothing between runs. */
public final class InMemoryFimStore implements FimStore {
    private final Map<Long, Staging> scans = new HashMap<>();
    private final TreeMap<String, FileState> baseline = new TreeMap<>();
    private long nextId = 1;

    public InMemoryFimStore() {}

    /** Starts from a baseline kept elsewhere (the agent keeps its own in a file). */
    public InMemoryFimStore(Collection<FileState> baseline) {
        baseline.forEach(f -> this.baseline.put(f.path(), f));
    }

    /** The whole baseline, in path order (to keep it elsewhere). */
    public synchronized List<FileState> baseline() {
        return List.copyOf(baseline.values());
    }

    private static final class Staging {
        final long id;
        final List<String> roots;
        final TreeMap<String, FileState> staged = new TreeMap<>();
        String lastPath;
        boolean finished;

        Staging(long id, List<String> roots) {
            this.id = id;
            this.roots = List.copyOf(roots);
        }

        Scan scan() {
            return new Scan(id, roots, lastPath);
        }
    }

    @Override
    public synchronized Optional<Scan> unfinished(List<String> roots) {
        return newest(roots, false);
    }

    @Override
    public synchronized Optional<Scan> latest(List<String> roots) {
        return newest(roots, true);
    }

    private Optional<Scan> newest(List<String> roots, boolean finished) {
        return scans.values().stream().filter(s -> s.roots.equals(roots) && s.finished == finished)
                .max(Comparator.comparingLong(s -> s.id)).map(Staging::scan);
    }

    @Override
    public synchronized Scan begin(List<String> roots) {
        // As in SQLite: older scans of these roots are dropped once a new one starts.
        scans.values().removeIf(s -> s.roots.equals(roots));
        Staging s = new Staging(nextId++, roots);
        scans.put(s.id, s);
        return s.scan();
    }

    @Override
    public synchronized void stage(long scan, List<FileState> batch, String lastPath) {
        Staging s = scan(scan);
        batch.forEach(f -> s.staged.put(f.path(), f));
        s.lastPath = lastPath;
    }

    @Override
    public synchronized void finish(long scan) {
        scan(scan).finished = true;
    }

    @Override
    public synchronized boolean staged(long scan, String path) {
        return scan(scan).staged.containsKey(path);
    }

    @Override
    public synchronized Optional<FileState> baseline(String path) {
        return Optional.ofNullable(baseline.get(path));
    }

    @Override
    public synchronized Map<String, FileState> baselines(Collection<String> paths) {
        Map<String, FileState> out = new HashMap<>();
        for (String p : paths) {
            FileState f = baseline.get(p);
            if (f != null) {
                out.put(p, f);
            }
        }
        return out;
    }

    @Override
    public synchronized boolean hasBaseline(List<String> roots) {
        return baseline.keySet().stream().anyMatch(p -> under(p, roots));
    }

    @Override
    public synchronized long baselineCount(List<String> roots) {
        return baseline.keySet().stream().filter(p -> under(p, roots)).count();
    }

    @Override
    public synchronized List<FileChange> changes(long scan, BiFunction<FileState, FileState, List<FileChange>> compare) {
        Staging s = scan(scan);
        List<FileChange> out = new ArrayList<>();
        for (FileState now : s.staged.values()) {
            FileState was = baseline.get(now.path());
            if (was == null || differs(was, now)) {
                out.addAll(compare.apply(was, now));
            }
        }
        for (FileState was : baseline.values()) {
            if (under(was.path(), s.roots) && !s.staged.containsKey(was.path())) {
                out.addAll(compare.apply(was, null));
            }
        }
        out.sort(Comparator.comparing(FileChange::path));
        return out;
    }

    /** The attributes the SQLite store compares: ctime is left out, mtime counts to the second. */
    private static boolean differs(FileState a, FileState b) {
        return a.type() != b.type() || a.size() != b.size() || a.mode() != b.mode() || a.uid() != b.uid() || a.gid() != b.gid()
                || a.mtime() / 1000 != b.mtime() / 1000 || a.inode() != b.inode() || !Objects.equals(a.linkTarget(), b.linkTarget())
                || !Objects.equals(a.sha256(), b.sha256());
    }

    @Override
    public synchronized int accept(long scan, String path) {
        Staging s = scan(scan);
        List<String> roots = path == null ? s.roots : List.of(path);
        int removed = 0;
        for (var it = baseline.keySet().iterator(); it.hasNext(); ) {
            if (under(it.next(), roots)) {
                it.remove();
                removed++;
            }
        }
        int added = 0;
        for (FileState f : s.staged.values()) {
            if (under(f.path(), roots)) {
                baseline.put(f.path(), f);
                added++;
            }
        }
        return Math.max(removed, added);
    }

    private Staging scan(long id) {
        Staging s = scans.get(id);
        if (s == null) {
            throw new NoSuchElementException("no such scan");
        }
        return s;
    }

    private static boolean under(String path, List<String> roots) {
        for (String r : roots) {
            String base = r.endsWith("/") && r.length() > 1 ? r.substring(0, r.length() - 1) : r;
            if (base.equals("/") || path.equals(base) || path.startsWith(base + "/")) {
                return true;
            }
        }
        return false;
    }
}
