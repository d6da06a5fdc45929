package dev.vigil.store;

import dev.vigil.core.PrivateFiles;
import dev.vigil.core.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** Runs {@code work} in a transaction on the writer; committed (durable) when this returns. */
    public <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            writer.setAutoCommit(false);
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
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
