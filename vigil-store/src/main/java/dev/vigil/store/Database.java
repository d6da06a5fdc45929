package dev.vigil.store;

import dev.vigil.core.PrivateFiles;
import dev.vigil.core.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Where Vigil's state lives: by default the embedded SQLite database under the data directory, in WAL mode so
 * readers (API, pages) never wait for the writer (check results); or a PostgreSQL server that several Vigil
 * servers share. Schema changes are Flyway migrations, one folder per engine ({@code db/migration} for SQLite,
 * {@code db/postgres}) with the same version numbers; the stores' SQL is the same on both but for the few
 * spellings {@link #greatest()}, {@link #least()} and {@link #noLimit()} give.
 *
 * <p>SQLite: one connection writes and one reads, each behind its own lock (SQLite allows a single writer anyway,
 * and two long-lived connections avoid the cost of opening one per request). PostgreSQL: a pool (HikariCP), a
 * connection per read and per group of writes, so a restarted server is reconnected to.
 */
public final class Database implements AutoCloseable {
    /** The engine behind the stores. */
    public enum Dialect { SQLITE, POSTGRES }

    private final Dialect dialect;
    private final Connection writer;
    private final Connection reader;
    private final com.zaxxer.hikari.HikariDataSource pool;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    /** The connection of the write under way (the writer's lock held), for writes made from inside it. */
    private Connection writing;

    private Database(Dialect dialect, Connection writer, Connection reader, com.zaxxer.hikari.HikariDataSource pool) {
        this.dialect = dialect;
        this.writer = writer;
        this.reader = reader;
        this.pool = pool;
    }

    /**
     * Connects to PostgreSQL at {@code url} ({@code jdbc:postgresql://HOST:PORT/DB}) and applies pending migrations.
     * The error, if any, names the server and the database, never the password.
     */
    public static Database postgres(String url, String user, String password) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("vigil-store");
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        config.addDataSourceProperty("ApplicationName", "vigil");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A statement waits at most this long for a paused or overloaded server; the caller then degrades with a reason.
        config.addDataSourceProperty("socketTimeout", "60");
        com.zaxxer.hikari.HikariDataSource pool;
        try {
            pool = new com.zaxxer.hikari.HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + where(url) + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/postgres").loggers("slf4j").load().migrate();
        } catch (org.flywaydb.core.api.FlywayException e) {
            pool.close();
            throw new StoreException("cannot prepare the PostgreSQL database " + where(url) + ": " + rootMessage(e), e);
        }
        return new Database(Dialect.POSTGRES, null, null, pool);
    }

    /** The server and database of a JDBC URL, without its parameters (which may hold a password). */
    static String where(String url) {
        String rest = url.replaceFirst("^jdbc:postgresql:(//)?", "");
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /**
     * An insert that replaces the row with the same key (SQLite's {@code INSERT OR REPLACE}, spelled so both engines
     * take it): {@code INSERT INTO table (columns) VALUES (?, …) ON CONFLICT (key) DO UPDATE SET …}.
     *
     * @param key the primary key's columns, the first of {@code columns}
     */
    public static String upsert(String table, List<String> key, List<String> columns) {
        List<String> rest = columns.stream().filter(c -> !key.contains(c)).map(c -> c + " = excluded." + c).toList();
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ",
                java.util.Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT (" + String.join(", ", key) + ") DO "
                + (rest.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", rest));
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The larger of two values, as a function name: SQLite's two-argument {@code max}, PostgreSQL's {@code GREATEST}. */
    public String greatest() {
        return dialect == Dialect.SQLITE ? "max" : "GREATEST";
    }

    /** The smaller of two values, as a function name. */
    public String least() {
        return dialect == Dialect.SQLITE ? "min" : "LEAST";
    }

    /** A LIMIT clause that does not limit, before an OFFSET. */
    public String noLimit() {
        return dialect == Dialect.SQLITE ? "LIMIT -1" : "LIMIT ALL";
    }

    /**
     * Opens (creating if needed) {@code dir/vigil.db} and applies pending migrations. The directory is made
     * private to this user (0700) and the database 0600; looser ones are tightened with a warning.
     */
    public static Database open(Path dir) {
        try {
            Path file = dir.resolve("vigil.db");
            boolean loose = PrivateFiles.directory(dir);
            loose |= PrivateFiles.file(file); // before SQLite opens it: its -wal and -shm copy its mode
            for (String extra : new String[] {"vigil.db-wal", "vigil.db-shm", "vigil.db-journal", "logs"}) {
                loose |= PrivateFiles.ifExists(dir.resolve(extra));
            }
            if (loose) {
                LoggerFactory.getLogger(Database.class).warn(
                        "the data directory or database was readable by other users; made it private (0700/0600)");
            }
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
                    .loggers("slf4j").load().migrate();
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // NORMAL in WAL mode: a commit survives a killed process; only an OS crash can lose the last commits.
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(10_000);
            config.enforceForeignKeys(true);
            Connection writer = config.createConnection(url);
            Connection reader = config.createConnection(url);
            return new Database(Dialect.SQLITE, writer, reader, null);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dir.getFileName() + ": " + e.getMessage(), e);
        } catch (SQLException | org.flywaydb.core.api.FlywayException e) {
            throw new StoreException("cannot open database in " + dir.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Work that reads or writes inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction on the writer; committed (durable) when this returns.
     *
     * <p>Group commit: writers that queue while another one commits are committed together by the next one to
     * get the writer, each inside its own savepoint (a failing one is rolled back alone and its caller gets the
     * error). Under load (thousands of pings or results a second) one commit then serves many callers, and none
     * returns before its work is committed.
     */
    public <T> T write(Work<T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            try {
                return work.run(writing); // written from inside another write: part of its transaction
            } catch (SQLException e) {
                throw new StoreException("database write failed: " + e.getMessage(), e);
            }
        }
        Pending<T> mine = new Pending<>(work);
        queued.add(mine);
        writeLock.lock();
        try {
            if (!mine.done) {
                List<Pending<?>> batch = new ArrayList<>();
                for (Pending<?> p; batch.size() < MAX_BATCH && (p = queued.poll()) != null; ) {
                    batch.add(p);
                }
                if (!batch.contains(mine)) {
                    batch.add(mine); // past a full batch: its own work still goes in this one
                    queued.remove(mine);
                }
                commit(batch);
            }
        } finally {
            writeLock.unlock();
        }
        return mine.outcome();
    }

    private static final int MAX_BATCH = 256;

    /** How many writers wait to be committed (for tests that build a group). */
    int waiting() {
        return queued.size();
    }

    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    /** How many transactions were committed (for tests). */
    long commits() {
        return commits.get();
    }
    private final ConcurrentLinkedQueue<Pending<?>> queued = new ConcurrentLinkedQueue<>();

    /** A caller's work and, once its batch is committed, what came of it. */
    private static final class Pending<T> {
        final Work<T> work;
        volatile boolean done;
        T result;
        RuntimeException failure;

        Pending(Work<T> work) {
            this.work = work;
        }

        void run(Connection c) throws SQLException {
            result = work.run(c);
        }

        T outcome() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    private void commit(List<Pending<?>> batch) {
        Connection writer = null;
        try {
            writer = pool == null ? this.writer : pool.getConnection();
            writing = writer;
            writer.setAutoCommit(false);
            try {
                if (batch.size() == 1) {
                    batch.get(0).run(writer);
                } else {
                    for (Pending<?> p : batch) {
                        Savepoint sp = writer.setSavepoint();
                        try {
                            p.run(writer);
                            writer.releaseSavepoint(sp);
                        } catch (SQLException | RuntimeException e) {
                            writer.rollback(sp);
                            writer.releaseSavepoint(sp);
                            p.failure = failure(e);
                        }
                    }
                }
                writer.commit();
                commits.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                RuntimeException failure = failure(e);
                batch.forEach(p -> p.failure = p.failure != null ? p.failure : failure);
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            RuntimeException failure = failure(e);
            batch.forEach(p -> p.failure = p.failure != null ? p.failure : failure);
        } finally {
            writing = null;
            if (pool != null && writer != null) {
                try {
                    writer.close(); // back to the pool
                } catch (SQLException e) {
                    // the pool drops a broken connection itself
                }
            }
            batch.forEach(p -> p.done = true);
        }
    }

    private static RuntimeException failure(Exception e) {
        return e instanceof RuntimeException r ? r : new StoreException("database write failed: " + e.getMessage(), e);
    }

    public <T> T read(Work<T> work) {
        if (pool != null) {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                throw new StoreException("database read failed: " + e.getMessage(), e);
            }
        }
        readLock.lock();
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + e.getMessage(), e);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            writeLock.lock();
            try {
                pool.close();
            } finally {
                writeLock.unlock();
            }
            return;
        }
        writeLock.lock();
        readLock.lock();
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA optimize");
        } catch (SQLException e) {
            // Closing anyway.
        } finally {
            try {
                writer.close();
                reader.close();
            } catch (SQLException e) {
                // Nothing more to do at shutdown.
            }
            readLock.unlock();
            writeLock.unlock();
        }
    }
}
