package dev.vigil.store;

import dev.vigil.testkit.PostgresServer;

/** {@link FileIntegrityTest} on a real PostgreSQL server, a fresh database per test. */
class PostgresFileIntegrityTest extends FileIntegrityTest {
    private String url;

    @Override
    Database database() {
        url = url == null ? PostgresServer.shared().freshDatabase() : url;
        return Database.postgres(url, "vigil", "");
    }
}
