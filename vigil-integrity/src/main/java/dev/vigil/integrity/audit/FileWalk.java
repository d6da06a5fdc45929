package dev.vigil.integrity.audit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of the audited directories with their unix attributes, walked once and shared by the checks
 * that need them. Links are never followed; unreadable directories are skipped (and said).
 */
final class FileWalk {
    /** One path and its mode, owner and group. */
    record Entry(Path path, boolean directory, int mode, int uid, int gid, long size, long mtime) {}

    private FileWalk() {}

    /**
     * The directories to walk: the audited ones, and every web root not already inside one of them, so that a
     * web root named by {@code --web-root} or {@code integrity: web_roots:} is audited wherever it lives.
     */
    static List<String> roots(AuditContext ctx) {
        List<String> out = new ArrayList<>(ctx.scanDirs());
        for (String w : ctx.webRoots()) {
            boolean inside = out.stream().anyMatch(d -> w.equals(d) || w.startsWith(d.endsWith("/") ? d : d + "/"));
            if (!inside) {
                out.add(w);
            }
        }
        return out;
    }

    static List<Entry> of(AuditContext ctx, List<String> problems) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String d : roots(ctx)) {
            Path dir = ctx.resolve(d);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path p, BasicFileAttributes attrs) {
                    String shown = ctx.display(p);
                    if (ctx.live() && (shown.startsWith("/proc") || shown.startsWith("/sys") || shown.startsWith("/dev"))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    add(p);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                    if (!attrs.isSymbolicLink()) {
                        add(p);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path p, IOException e) {
                    problems.add(ctx.display(p) + ": not readable (" + e.getClass().getSimpleName() + ")");
                    return FileVisitResult.CONTINUE;
                }

                private void add(Path p) {
                    try {
                        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,isDirectory",
                                LinkOption.NOFOLLOW_LINKS);
                        out.add(new Entry(p, (Boolean) a.get("isDirectory"), (Integer) a.get("mode"), (Integer) a.get("uid"),
                                (Integer) a.get("gid"), (Long) a.get("size"),
                                ((FileTime) a.get("lastModifiedTime")).toMillis()));
                    } catch (IOException e) {
                        problems.add(ctx.display(p) + ": vanished or unreadable during the audit");
                    }
                }
            });
        }
        return out;
    }
}
