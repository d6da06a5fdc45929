package dev.vigil.server;

import dev.vigil.core.access.Tokens;
import dev.vigil.core.access.Users;
import dev.vigil.integrity.audit.AuditContext;
import dev.vigil.integrity.fim.FimStore;
import dev.vigil.store.Database;
import dev.vigil.core.fleet.Fleet;
import dev.vigil.store.SqliteAuditSeen;
import dev.vigil.store.SqliteFleet;
import dev.vigil.store.SqliteFimStore;
import dev.vigil.store.SqliteTokens;
import dev.vigil.store.SqliteUsers;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The stores a command opens on the data directory, with or without a server running (tokens, users,
 * integrity baselines, the audit's memory): the command line's composition root, as {@link Vigil} is the
 * server's. SQLite in WAL mode lets both work on the same files at once (and PostgreSQL is made for it).
 */
public final class OfflineStores implements AutoCloseable {
    private final Database db;

    private OfflineStores(Database db) {
        this.db = db;
    }

    public static OfflineStores open(Path data) {
        return new OfflineStores(Database.open(data));
    }

    /** The stores where the configuration keeps them: the data directory, or the PostgreSQL server of {@code store:}. */
    public static OfflineStores open(Path data, dev.vigil.store.StoreSettings store) {
        return new OfflineStores(store.open(data));
    }

    /**
     * Copies the embedded store in {@code data} into the empty PostgreSQL database at {@code url}
     * ({@code vigil store copy}); rows per table.
     */
    public static java.util.Map<String, Long> copy(Path data, String url, String user, String password) {
        try (Database source = Database.open(data); Database target = Database.postgres(url, user, password)) {
            return dev.vigil.store.StoreCopy.copy(source, target);
        }
    }

    public Tokens tokens() {
        return new SqliteTokens(db, InstantSource.system());
    }

    public Users users() {
        return new SqliteUsers(db, InstantSource.system());
    }

    /** Agents and their join tokens. */
    public Fleet fleet() {
        return new SqliteFleet(db, InstantSource.system());
    }

    public FimStore fim() {
        return new SqliteFimStore(db, InstantSource.system());
    }

    /** What the last audit saw (users, SUID files, listening ports), to report what is new. */
    public AuditContext.Seen auditSeen() {
        return new SqliteAuditSeen(db);
    }

    @Override
    public void close() {
        db.close();
    }
}
