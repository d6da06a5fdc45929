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
 * The embedded SQLite database under the data directory, in WAL mode so readers (API, pages) never wait for
 * the writer (check results). Schema changes are Flyway migrations under {@code db/migration}.
 *
 * <p>One connection writes and one reads, each behind its own lock: SQLite allows a single writer anyway,
 * and two long-lived connections avoid the cost of opening one per request.
 */
public final class Database implements AutoCloseable {
    private final Connection writer;
    private final Connection reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();

    private Database(Connection writer, Connection reader) {
        this.writer = writer;
        this.reader = reader;
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
            return new Database(writer, reader);
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
                return work.run(writer); // written from inside another write: part of its transaction
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
        try {
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
            batch.forEach(p -> p.done = true);
        }
    }

    private static RuntimeException failure(Exception e) {
        return e instanceof RuntimeException r ? r : new StoreException("database write failed: " + e.getMessage(), e);
    }

    public <T> T read(Work<T> work) {
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
