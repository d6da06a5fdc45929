package dev.vigil.server.http;

import dev.vigil.testkit.PostgresServer;

/**
 * The API's tests with {@code store: {type: postgres}} on a real PostgreSQL server: checks, results, events,
 * acknowledgements, downtimes, deploys and tokens behave as on the embedded store.
 */
class PostgresApiTest extends ApiTest {
    @Override
    String extraYaml() {
        return "store: {type: postgres, url: \"" + PostgresServer.shared().freshDatabase() + "\", user: vigil}\n";
    }
}
