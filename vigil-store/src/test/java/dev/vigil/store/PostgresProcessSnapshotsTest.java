package dev.vigil.store;

import dev.vigil.testkit.PostgresServer;

/** {@link ProcessSnapshotsTest} on a real PostgreSQL server, a fresh database per test. */
class PostgresProcessSnapshotsTest extends ProcessSnapshotsTest {
    private String url;

    @Override
    Database open() {
        url = url == null ? PostgresServer.shared().freshDatabase() : url;
        return Database.postgres(url, "vigil", "");
    }
}
