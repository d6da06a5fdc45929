package dev.vigil.integrity.fim;

import java.util.List;
import java.util.Set;

/**
 * One watched tree and how to watch it.
 *
 * @param depth how many directory levels below the root are scanned (0: the root only; -1: all)
 * @param include globs a path (relative to the root) must match to be watched; empty: everything
 * @param exclude globs that leave paths out (a log that rotates inside /etc, a cache)
 * @param attributes what is compared: any of size, mode, owner, group, mtime, ctime, inode, target, sha256
 * @param reportChanges keep small text files' content so a change comes with a diff (secrets masked)
 */
public record FimPath(String root, int depth, List<String> include, List<String> exclude, Set<String> attributes,
                      boolean reportChanges) {

    public static final Set<String> ALL = Set.of("size", "mode", "owner", "group", "mtime", "ctime", "inode", "target", "sha256");

    public static FimPath of(String root) {
        return new FimPath(root, -1, List.of(), List.of(), ALL, false);
    }

    /** A web root: every file with its content kept for diffs, but not its logs and caches (they change all day). */
    public static FimPath webRoot(String root) {
        return new FimPath(root, -1, List.of(), List.of("*.log", "**/*.log", "cache/**", "**/cache/**"), ALL, true);
    }
}
