package dev.vigil.store;

import dev.vigil.testkit.PostgresServer;
import java.nio.file.Path;

/** Every store's contract on a real PostgreSQL server (Debian's), each test on a fresh database of its own. */
class PostgresStoresContractTest extends SqliteStoresContractTest {
    @Override
    Database database(Path dir) {
        return Database.postgres(PostgresServer.shared().freshDatabase(), "vigil", "");
    }
}
