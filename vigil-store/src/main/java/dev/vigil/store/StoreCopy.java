package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves an installation from the embedded store to PostgreSQL without losing history: every table, row for row, in
 * the order of their references, then each identity column set past the highest id copied (so new rows do not
 * collide). Both ends are migrated to the same version first (opening them does); the target must be empty.
 */
public final class StoreCopy {
    /** Tables referred to come before those that refer to them. */
    private static final List<String> FIRST = List.of("fim_scans", "threat_findings", "incidents", "public_incidents");
    private static final int BATCH = 1000;

    private StoreCopy() {}

    /** @return rows copied per table, in the order copied */
    public static Map<String, Long> copy(Database from, Database to) {
        if (from.dialect() != Database.Dialect.SQLITE || to.dialect() != Database.Dialect.POSTGRES) {
            throw new IllegalArgumentException("copies from SQLite to PostgreSQL");
        }
        Map<String, Boolean> rowids = new LinkedHashMap<>();
        from.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'flyway_%' ORDER BY name")) {
                while (rs.next()) {
                    rowids.put(rs.getString(1), !rs.getString(2).contains("WITHOUT ROWID"));
                }
            }
            return null;
        });
        List<String> tables = List.copyOf(rowids.keySet());
        List<String> ordered = new ArrayList<>(FIRST.stream().filter(tables::contains).toList());
        tables.stream().filter(t -> !ordered.contains(t)).forEach(ordered::add);
        for (String table : ordered) {
            long rows = to.read(c -> count(c, table));
            // Tables the schema seeds with their one row (cursors, counters) are overwritten; any other row means
            // the target is in use, and copying into it would mix two installations.
            if (rows > 0 && !List.of("incident_cursor", "users_added").contains(table)) {
                throw new IllegalStateException("the target already holds data (" + rows + " rows in " + table + "): copy into an empty database");
            }
        }
        Map<String, Long> copied = new LinkedHashMap<>();
        for (String table : ordered) {
            copied.put(table, copyTable(from, to, table, rowids.get(table)));
        }
        return copied;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long copyTable(Database from, Database to, String table, boolean rowid) {
        // rowid: SQLite's implicit insertion order is the order copied in, which the PostgreSQL column then keeps.
        return from.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + (rowid ? " ORDER BY rowid" : ""))) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnName(i));
                }
                String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
                long n = 0;
                List<Object[]> batch = new ArrayList<>();
                to.write(t -> {
                    try (Statement d = t.createStatement()) {
                        d.executeUpdate("DELETE FROM " + table); // only the seeded rows can be here
                    }
                    return null;
                });
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    batch.add(row);
                    n++;
                    if (batch.size() == BATCH) {
                        insert(to, insert, batch);
                        batch.clear();
                    }
                }
                insert(to, insert, batch);
                if (columns.contains("id")) {
                    to.write(t -> {
                        try (Statement u = t.createStatement(); ResultSet r = u.executeQuery("SELECT pg_get_serial_sequence('" + table + "', 'id')")) {
                            if (r.next() && r.getString(1) != null) {
                                try (Statement v = t.createStatement()) {
                                    v.execute("SELECT setval('" + r.getString(1) + "', COALESCE((SELECT MAX(id) FROM " + table + "), 0) + 1, false)");
                                }
                            }
                        }
                        return null;
                    });
                }
                return n;
            }
        });
    }

    private static void insert(Database to, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        to.write(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        p.setObject(i + 1, row[i]);
                    }
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }
}
