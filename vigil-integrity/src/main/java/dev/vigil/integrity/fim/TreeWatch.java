package dev.vigil.integrity.fim;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time watching of the integrity trees: every directory is registered with the kernel (inotify through
 * WatchService) and a burst of changes settles into one call of {@code changed}, which scans. Running out
 * of watches or a watch overflow loses nothing: the periodic full scan is the safety net.
 */
public final class TreeWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TreeWatch.class);
    /** A burst of writes (a package upgrade) is one scan: wait until the tree is quiet this long... */
    private static final Duration SETTLE = Duration.ofMillis(300);
    /** ...but at most this long. */
    private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(5);

    private final WatchService watcher;
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    private final Runnable changed;
    private volatile boolean closed;

    private TreeWatch(WatchService watcher, Runnable changed) {
        this.watcher = watcher;
        this.changed = changed;
    }

    /** Starts watching the trees on one of the workers; {@code changed} runs on that worker after each burst. */
    public static TreeWatch start(List<FimPath> paths, Executor workers, Runnable changed) throws IOException {
        TreeWatch w = new TreeWatch(FileSystems.getDefault().newWatchService(), changed);
        workers.execute(() -> w.run(paths));
        return w;
    }

    private void run(List<FimPath> paths) {
        try {
            for (FimPath p : paths) {
                Path root = Path.of(p.root());
                if (Files.isDirectory(root)) {
                    registerTree(root);
                }
            }
            while (!closed) {
                List<WatchKey> keys = new ArrayList<>(List.of(watcher.take()));
                long until = System.nanoTime() + SETTLE_AT_MOST.toNanos();
                for (WatchKey more; System.nanoTime() < until
                        && (more = watcher.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) != null; ) {
                    keys.add(more);
                }
                boolean any = false;
                for (WatchKey key : keys) {
                    any |= drain(key);
                }
                for (WatchKey key; (key = watcher.poll()) != null; ) {
                    any |= drain(key);
                }
                if (any && !closed) {
                    changed.run();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // stopped
        } catch (IOException | RuntimeException e) {
            log.warn("real-time integrity watching is off: {}", e.getMessage());
        }
    }

    /** Reads one key's events, watching directories created under it; whether anything was seen. */
    private boolean drain(WatchKey key) {
        Path d = dirs.get(key);
        boolean any = false;
        for (var ev : key.pollEvents()) {
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW || d == null) {
                continue; // the next full scan catches up
            }
            any = true;
            Path child = d.resolve((Path) ev.context());
            if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                try {
                    registerTree(child);
                } catch (IOException e) {
                    // the periodic scan covers it
                }
            }
        }
        if (!key.reset()) {
            dirs.remove(key);
        }
        return any;
    }

    private void registerTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                try {
                    dirs.put(d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
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

    @Override
    public void close() {
        closed = true;
        try {
            watcher.close();
        } catch (IOException ignored) {
            // closing a watch service loses nothing
        }
    }
}
