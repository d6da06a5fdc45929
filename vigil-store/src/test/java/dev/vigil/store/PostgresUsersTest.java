package dev.vigil.store;

import dev.vigil.testkit.PostgresServer;

/** {@link SqliteUsersTest} on a real PostgreSQL server, a fresh database per test. */
class PostgresUsersTest extends SqliteUsersTest {
    private String url;

    @Override
    Database open() {
        url = url == null ? PostgresServer.shared().freshDatabase() : url;
        return Database.postgres(url, "vigil", "");
    }
}
