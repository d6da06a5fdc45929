package dev.vigil.integrity.fim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is recorded of one path: its type and the attributes integrity checking compares (AIDE's p, u, g,
 * s, m, c, i, l and sha256). {@code sha256} is null for what is not a regular file or was not readable;
 * {@code content} is the text of a small file watched with {@code report_changes}, secrets already masked.
 */
public record FileState(String path, char type, long size, int mode, int uid, int gid, long mtime, long ctime, long inode,
                        String linkTarget, String sha256, String content) {

    /** 'f' file, 'd' directory, 'l' symbolic link, 'o' anything else. */
    public boolean isFile() {
        return type == 'f';
    }

    /** The attributes as a JSON-friendly map (mode in octal, times in epoch seconds), for change reports. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", switch (type) {
            case 'f' -> "file";
            case 'd' -> "directory";
            case 'l' -> "symlink";
            default -> "other";
        });
        m.put("size", size);
        m.put("mode", String.format("%04o", mode & 07777));
        m.put("uid", uid);
        m.put("gid", gid);
        m.put("mtime", mtime / 1000);
        m.put("inode", inode);
        if (linkTarget != null) {
            m.put("target", linkTarget);
        }
        if (sha256 != null) {
            m.put("sha256", sha256);
        }
        return m;
    }
}
