package dev.vigil.integrity.fim;

import dev.vigil.core.text.Secrets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scans the watched trees into the store and compares them with the baseline. Symbolic links are recorded,
 * never followed (so loops cannot trap it); unreadable files, paths that vanish mid-scan, names that are
 * not valid UTF-8 and files too large to hash are reported as problems and the scan goes on. Files are
 * hashed on several threads; a file whose size, times and inode match the baseline keeps its recorded
 * hash unless {@code rehash} is set (the content cannot change without its ctime changing).
 */
public final class TreeScan {
    private static final int BATCH = 2_000;
    private static final long REPORT_CHANGES_MAX = 64 * 1024;

    /** What a scan found: the changes, the problems it stepped over, and how much it read. */
    public record Result(long scan, List<FileChange> changes, List<String> problems, long files, long bytes) {}

    /** Told of progress as the scan goes (for a terminal progress bar). */
    @FunctionalInterface
    public interface Progress {
        void update(long files, long bytes);
    }

    private final FimStore store;
    private final List<FimPath> paths;
    private final int threads;
    private final boolean rehash;
    private final long maxHash;
    private ExecutorService writer;
    private Future<?> staging;

    /**
     * @param rehash hash every file even when its size, times and inode match the baseline
     * @param maxHash files larger than this are compared by size and times only (reported once per scan)
     */
    public TreeScan(FimStore store, List<FimPath> paths, int threads, boolean rehash, long maxHash) {
        this.store = store;
        this.paths = List.copyOf(paths);
        this.threads = Math.max(1, threads);
        this.rehash = rehash;
        this.maxHash = maxHash;
    }

    private List<String> roots() {
        return paths.stream().map(p -> Path.of(p.root()).toAbsolutePath().normalize().toString()).sorted().toList();
    }

    /** Scans (resuming an interrupted scan of the same roots) and returns the changes against the baseline. */
    public Result run(Progress progress) throws IOException {
        List<String> roots = roots();
        FimStore.Scan scan = store.unfinished(roots).orElseGet(() -> store.begin(roots));
        List<String> problems = new ArrayList<>();
        long[] totals = new long[2];
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fim-hash");
            t.setDaemon(true);
            return t;
        });
        // Staging in the store runs beside the next batch's hashing; at most one batch waits (bounded memory).
        writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fim-stage");
            t.setDaemon(true);
            return t;
        });
        try {
            for (FimPath p : paths) {
                walk(p, scan, pool, problems, totals, progress);
            }
            awaitStaged();
        } finally {
            try {
                awaitStaged(); // an interrupted scan keeps what it staged: the resume starts after it
            } catch (IOException ignored) {
                // the scan's own failure is what the caller sees
            }
            pool.shutdownNow();
            writer.shutdownNow();
        }
        store.finish(scan.id());
        Map<String, FimPath> byRoot = new HashMap<>();
        paths.forEach(p -> byRoot.put(Path.of(p.root()).toAbsolutePath().normalize().toString(), p));
        List<FileChange> changes = store.changes(scan.id(), (before, after) -> compare(before, after, attributesFor(byRoot, before, after)));
        return new Result(scan.id(), changes, problems, totals[0], totals[1]);
    }

    private static Set<String> attributesFor(Map<String, FimPath> byRoot, FileState a, FileState b) {
        String path = (a != null ? a : b).path();
        FimPath best = null;
        for (var e : byRoot.entrySet()) {
            if ((path.equals(e.getKey()) || path.startsWith(e.getKey().endsWith("/") ? e.getKey() : e.getKey() + "/"))
                    && (best == null || e.getKey().length() > best.root().length())) {
                best = e.getValue();
            }
        }
        return best == null ? FimPath.ALL : best.attributes();
    }

    private void walk(FimPath p, FimStore.Scan scan, ExecutorService pool, List<String> problems, long[] totals, Progress progress)
            throws IOException {
        Path root = Path.of(p.root()).toAbsolutePath().normalize();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(root + ": does not exist");
            return;
        }
        List<PathMatcher> include = p.include().stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<PathMatcher> exclude = p.exclude().stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<Path> pending = new ArrayList<>();
        String[] last = {scan.lastPath()};
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), p.depth() < 0 ? Integer.MAX_VALUE : p.depth() + 1,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        if (!dir.equals(root) && excluded(root.relativize(dir), exclude)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        add(dir);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Path rel = root.relativize(file);
                        if (!excluded(rel, exclude) && (include.isEmpty() || include.stream().anyMatch(m -> m.matches(rel)))) {
                            add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        problems.add(file + ": " + reason(e));
                        return FileVisitResult.CONTINUE;
                    }

                    private void add(Path path) throws IOException {
                        pending.add(path);
                        if (pending.size() >= BATCH) {
                            flush(pending, p, scan, pool, problems, totals, progress, last);
                        }
                    }
                });
        flush(pending, p, scan, pool, problems, totals, progress, last);
    }

    private static boolean excluded(Path rel, List<PathMatcher> exclude) {
        return exclude.stream().anyMatch(m -> m.matches(rel) || m.matches(rel.getFileName() == null ? rel : rel.getFileName()));
    }

    private void flush(List<Path> pending, FimPath p, FimStore.Scan scan, ExecutorService pool, List<String> problems,
                       long[] totals, Progress progress, String[] last) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        last[0] = pending.get(pending.size() - 1).toString();
        if (scan.lastPath() != null) {
            pending.removeIf(path -> store.staged(scan.id(), path.toString())); // resuming: done before the interruption
        }
        // One query for the batch's baseline records (to keep unchanged files' hashes), not one per file.
        Map<String, FileState> known = rehash ? Map.of()
                : store.baselines(pending.stream().map(Path::toString).toList());
        List<Future<Object>> work = new ArrayList<>();
        for (Path path : pending) {
            work.add(pool.submit(() -> {
                try {
                    return state(path, p, known.get(path.toString()));
                } catch (IOException | RuntimeException e) {
                    return path + ": " + reason(e);
                }
            }));
        }
        List<FileState> states = new ArrayList<>(pending.size());
        for (Future<Object> f : work) {
            Object o;
            try {
                o = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("scan interrupted");
            } catch (ExecutionException e) {
                o = String.valueOf(e.getCause());
            }
            if (o instanceof FileState s) {
                states.add(s);
                totals[0]++;
                totals[1] += s.isFile() ? s.size() : 0;
            } else {
                synchronized (problems) {
                    problems.add((String) o);
                }
            }
        }
        awaitStaged();
        String lastPath = last[0];
        staging = writer.submit(() -> store.stage(scan.id(), states, lastPath));
        pending.clear();
        if (progress != null) {
            progress.update(totals[0], totals[1]);
        }
    }

    private void awaitStaged() throws IOException {
        if (staging == null) {
            return;
        }
        try {
            staging.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("scan interrupted");
        } catch (ExecutionException e) {
            throw new IOException("storing the scan failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            staging = null;
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "vanished during the scan";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Reads one path's attributes (and hash, and masked content) without following links. */
    private FileState state(Path path, FimPath p, FileState known) throws IOException {
        String name = path.toString();
        if (name.indexOf('\uFFFD') >= 0) {
            throw new IOException("the file name is not valid UTF-8; it cannot be opened by name");
        }
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino,isRegularFile,isDirectory,isSymbolicLink",
                LinkOption.NOFOLLOW_LINKS);
        char type = (Boolean) a.get("isRegularFile") ? 'f' : (Boolean) a.get("isDirectory") ? 'd' : (Boolean) a.get("isSymbolicLink") ? 'l' : 'o';
        long size = ((Number) a.get("size")).longValue();
        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis();
        long ctime = ((FileTime) a.get("ctime")).toMillis();
        long inode = ((Number) a.get("ino")).longValue();
        String target = type == 'l' ? Files.readSymbolicLink(path).toString() : null;
        String sha = null;
        String content = null;
        if (type == 'f' && p.attributes().contains("sha256")) {
            Optional<FileState> before = Optional.ofNullable(known);
            if (before.isPresent() && before.get().sha256() != null && before.get().size() == size && before.get().mtime() == mtime
                    && before.get().ctime() == ctime && before.get().inode() == inode) {
                sha = before.get().sha256();
                content = before.get().content();
            } else if (size > maxHash) {
                throw new IOException("larger than " + (maxHash >> 20) + " MiB: not hashed (" + size + " bytes); size and times are still compared");
            } else {
                sha = sha256(path);
            }
        }
        if (type == 'f' && p.reportChanges() && size <= REPORT_CHANGES_MAX && content == null) {
            byte[] bytes = Files.readAllBytes(path);
            boolean text = true;
            for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
                if (bytes[i] == 0) {
                    text = false;
                    break;
                }
            }
            if (text) {
                content = Secrets.mask(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return new FileState(name, type, size, ((Number) a.get("mode")).intValue(), ((Number) a.get("uid")).intValue(),
                ((Number) a.get("gid")).intValue(), mtime, ctime, inode, target, sha, content);
    }

    /** Per hashing thread: one digest and one read buffer, reused for every file (no garbage per file). */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 * 1024));

    private static String sha256(Path path) throws IOException {
        MessageDigest md = DIGEST.get();
        md.reset();
        ByteBuffer buf = BUFFER.get();
        buf.clear();
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
            while (c.read(buf) > 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The changes between a baseline record and a scanned one (either may be null), on the given attributes. */
    public static List<FileChange> compare(FileState before, FileState after, Set<String> attrs) {
        if (before == null) {
            return List.of(new FileChange(after.path(), FileChange.Kind.ADDED, null, after.describe(), null));
        }
        if (after == null) {
            return List.of(new FileChange(before.path(), FileChange.Kind.REMOVED, before.describe(), null, null));
        }
        List<FileChange> out = new ArrayList<>();
        // A directory's size and times change whenever an entry is added or removed; those entries are
        // reported themselves, so for directories only type, mode, owner and inode count.
        boolean dir = before.type() == 'd' && after.type() == 'd';
        boolean content = before.type() != after.type()
                || !dir && attrs.contains("size") && before.size() != after.size()
                || attrs.contains("sha256") && !Objects.equals(before.sha256(), after.sha256())
                || !dir && attrs.contains("mtime") && before.mtime() / 1000 != after.mtime() / 1000
                || attrs.contains("inode") && before.inode() != after.inode()
                || attrs.contains("target") && !Objects.equals(before.linkTarget(), after.linkTarget());
        // ctime changes with every metadata change too (a chmod): it decides re-hashing, it is not reported alone.
        if (content) {
            String diff = before.content() != null && after.content() != null && !before.content().equals(after.content())
                    ? UnifiedDiff.of(after.path(), before.content(), after.content()) : null;
            out.add(new FileChange(after.path(), FileChange.Kind.MODIFIED, before.describe(), after.describe(), diff));
        }
        if (attrs.contains("mode") && (before.mode() & 07777) != (after.mode() & 07777)) {
            out.add(new FileChange(after.path(), FileChange.Kind.PERMISSIONS, Map.of("mode", String.format("%04o", before.mode() & 07777)),
                    Map.of("mode", String.format("%04o", after.mode() & 07777)), null));
        }
        if (attrs.contains("owner") && before.uid() != after.uid() || attrs.contains("group") && before.gid() != after.gid()) {
            out.add(new FileChange(after.path(), FileChange.Kind.OWNERSHIP, Map.of("uid", before.uid(), "gid", before.gid()),
                    Map.of("uid", after.uid(), "gid", after.gid()), null));
        }
        return out;
    }
}
