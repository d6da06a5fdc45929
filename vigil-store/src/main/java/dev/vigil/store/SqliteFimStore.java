package dev.vigil.store;

import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FileState;
import dev.vigil.integrity.fim.FimStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Integrity baselines and scans in SQLite. The comparison of a scan with the baseline is two joins in the
 * database (added and changed; removed), so a million files need no more memory than a thousand.
 */
public final class SqliteFimStore implements FimStore {
    private static final String COLUMNS = "path, type, size, mode, uid, gid, mtime, ctime, inode, target, sha256, content";

    private final Database db;
    private final InstantSource clock;

    public SqliteFimStore(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    private static String key(List<String> roots) {
        return String.join("\n", roots);
    }

    @Override
    public Optional<Scan> unfinished(List<String> roots) {
        return db.read(c -> scan(c, "SELECT id, roots, last_path FROM fim_scans WHERE roots = ? AND finished IS NULL ORDER BY id DESC LIMIT 1", roots));
    }

    @Override
    public Optional<Scan> latest(List<String> roots) {
        return db.read(c -> scan(c, "SELECT id, roots, last_path FROM fim_scans WHERE roots = ? AND finished IS NOT NULL ORDER BY id DESC LIMIT 1", roots));
    }

    private static Optional<Scan> scan(Connection c, String sql, List<String> roots) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key(roots));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Scan(r.getLong(1), roots, r.getString(3))) : Optional.empty();
            }
        }
    }

    @Override
    public Scan begin(List<String> roots) {
        long id = db.write(c -> {
            // Older finished scans of these roots are no longer needed once a new one starts.
            try (PreparedStatement d = c.prepareStatement("DELETE FROM fim_staged WHERE scan IN (SELECT id FROM fim_scans WHERE roots = ?)")) {
                d.setString(1, key(roots));
                d.executeUpdate();
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM fim_scans WHERE roots = ?")) {
                d.setString(1, key(roots));
                d.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO fim_scans (roots, started) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, key(roots));
                s.setLong(2, clock.instant().toEpochMilli());
                s.executeUpdate();
                try (ResultSet k = s.getGeneratedKeys()) {
                    k.next();
                    return k.getLong(1);
                }
            }
        });
        return new Scan(id, roots, null);
    }

    @Override
    public void stage(long scan, List<FileState> batch, String lastPath) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(Database.upsert("fim_staged", List.of("scan", "path"),
                    java.util.stream.Stream.concat(java.util.stream.Stream.of("scan"), java.util.Arrays.stream(COLUMNS.split(", "))).toList()))) {
                for (FileState f : batch) {
                    s.setLong(1, scan);
                    bind(s, 2, f);
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE fim_scans SET last_path = ? WHERE id = ?")) {
                u.setString(1, lastPath);
                u.setLong(2, scan);
                u.executeUpdate();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement s, int i, FileState f) throws SQLException {
        s.setString(i, f.path());
        s.setString(i + 1, String.valueOf(f.type()));
        s.setLong(i + 2, f.size());
        s.setInt(i + 3, f.mode());
        s.setInt(i + 4, f.uid());
        s.setInt(i + 5, f.gid());
        s.setLong(i + 6, f.mtime());
        s.setLong(i + 7, f.ctime());
        s.setLong(i + 8, f.inode());
        s.setString(i + 9, f.linkTarget());
        s.setString(i + 10, f.sha256());
        s.setString(i + 11, f.content());
    }

    private static FileState state(ResultSet r, int i) throws SQLException {
        if (r.getString(i) == null) {
            return null;
        }
        return new FileState(r.getString(i), r.getString(i + 1).charAt(0), r.getLong(i + 2), r.getInt(i + 3), r.getInt(i + 4),
                r.getInt(i + 5), r.getLong(i + 6), r.getLong(i + 7), r.getLong(i + 8), r.getString(i + 9), r.getString(i + 10),
                r.getString(i + 11));
    }

    @Override
    public void finish(long scan) {
        db.write(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE fim_scans SET finished = ? WHERE id = ?")) {
                u.setLong(1, clock.instant().toEpochMilli());
                u.setLong(2, scan);
                u.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean staged(long scan, String path) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM fim_staged WHERE scan = ? AND path = ?")) {
                s.setLong(1, scan);
                s.setString(2, path);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    @Override
    public Optional<FileState> baseline(String path) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM fim_baseline WHERE path = ?")) {
                s.setString(1, path);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.ofNullable(state(r, 1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<String, FileState> baselines(Collection<String> paths) {
        return db.read(c -> {
            Map<String, FileState> out = new HashMap<>();
            List<String> all = new ArrayList<>(paths);
            for (int from = 0; from < all.size(); from += 500) {
                List<String> part = all.subList(from, Math.min(all.size(), from + 500));
                String marks = String.join(",", Collections.nCopies(part.size(), "?"));
                try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM fim_baseline WHERE path IN (" + marks + ")")) {
                    for (int i = 0; i < part.size(); i++) {
                        s.setString(i + 1, part.get(i));
                    }
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            FileState f = state(r, 1);
                            out.put(f.path(), f);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** SQL matching a path at or under one of the roots. */
    private static String under(String column, int roots) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < roots; i++) {
            parts.add("(" + column + " = ? OR substr(" + column + ", 1, length(?) + 1) = ? || '/')");
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    private static int bindRoots(PreparedStatement s, int i, List<String> roots) throws SQLException {
        for (String r : roots) {
            String base = r.endsWith("/") && r.length() > 1 ? r.substring(0, r.length() - 1) : r;
            s.setString(i++, base);
            s.setString(i++, base.equals("/") ? "" : base);
            s.setString(i++, base.equals("/") ? "" : base);
        }
        return i;
    }

    @Override
    public boolean hasBaseline(List<String> roots) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM fim_baseline WHERE " + under("path", roots.size()) + " LIMIT 1")) {
                bindRoots(s, 1, roots);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    @Override
    public long baselineCount(List<String> roots) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM fim_baseline WHERE " + under("path", roots.size()))) {
                bindRoots(s, 1, roots);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    @Override
    public List<FileChange> changes(long scan, BiFunction<FileState, FileState, List<FileChange>> compare) {
        List<String> roots = rootsOf(scan);
        return db.read(c -> {
            List<FileChange> out = new ArrayList<>();
            String b = "b." + COLUMNS.replace(", ", ", b.");
            String s = "s." + COLUMNS.replace(", ", ", s.");
            try (PreparedStatement q = c.prepareStatement("SELECT " + b + ", " + s + " FROM fim_staged s LEFT JOIN fim_baseline b ON b.path = s.path"
                    + " WHERE s.scan = ? AND (b.path IS NULL OR b.type != s.type OR b.size != s.size OR b.mode != s.mode OR b.uid != s.uid"
                    + " OR b.gid != s.gid OR b.mtime / 1000 != s.mtime / 1000 OR b.inode != s.inode OR b.target IS DISTINCT FROM s.target"
                    + " OR b.sha256 IS DISTINCT FROM s.sha256) ORDER BY s.path")) {
                q.setLong(1, scan);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.addAll(compare.apply(state(r, 1), state(r, 13)));
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT " + b + " FROM fim_baseline b WHERE " + under("b.path", roots.size())
                    + " AND NOT EXISTS (SELECT 1 FROM fim_staged s WHERE s.scan = ? AND s.path = b.path) ORDER BY b.path")) {
                int i = bindRoots(q, 1, roots);
                q.setLong(i, scan);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.addAll(compare.apply(state(r, 1), null));
                    }
                }
            }
            out.sort(Comparator.comparing(FileChange::path));
            return out;
        });
    }

    private List<String> rootsOf(long scan) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT roots FROM fim_scans WHERE id = ?")) {
                s.setLong(1, scan);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new NoSuchElementException("no such scan");
                    }
                    return List.of(r.getString(1).split("\n"));
                }
            }
        });
    }

    @Override
    public int accept(long scan, String path) {
        List<String> roots = path == null ? rootsOf(scan) : List.of(path);
        return db.write(c -> {
            int n;
            try (PreparedStatement d = c.prepareStatement("DELETE FROM fim_baseline WHERE " + under("path", roots.size()))) {
                bindRoots(d, 1, roots);
                n = d.executeUpdate();
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO fim_baseline (" + COLUMNS + ") SELECT " + COLUMNS
                    + " FROM fim_staged WHERE scan = ? AND " + under("path", roots.size()))) {
                i.setLong(1, scan);
                bindRoots(i, 2, roots);
                n = Math.max(n, i.executeUpdate());
            }
            return n;
        });
    }
}
