package dev.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.access.Tokens;
import dev.vigil.server.Main;
import dev.vigil.server.RunningVigil;
import dev.vigil.testkit.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installation on the embedded store moves to PostgreSQL with {@code vigil store copy} and goes on there: its
 * users, tokens, results and events are found by the server started with {@code store: {type: postgres}}, and
 * the command line's tokens land where the server reads them.
 */
class StoreCommandTest {
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(String base, String token, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEmbeddedInstallationMovesToPostgresWithItsHistory() throws Exception {
        String url = PostgresServer.shared().freshDatabase();
        String token;
        Path data;
        try (RunningVigil v = new RunningVigil(Files.createDirectories(dir.resolve("before")))) {
            v.withUsers();
            token = v.vigil.tokens().create("ops", Tokens.Scope.READ, null).secret();
            v.targetStatus = 502;
            await().atMost(Duration.ofSeconds(15)).until(() -> get(v.base, token, "/api/v1/events?host=shop").body().contains("CRITICAL"));
            data = dir.resolve("before/data");
        }
        assertThat(Main.run("store", "copy", "--from", "sqlite:" + data, "--to", "postgres:" + url, "--user", "vigil")).isZero();
        // Into a database that holds an installation already: refused.
        assertThat(Main.run("store", "copy", "--from", "sqlite:" + data, "--to", "postgres:" + url, "--user", "vigil")).isEqualTo(1);

        Path after = Files.createDirectories(dir.resolve("after"));
        try (RunningVigil v = new RunningVigil(after, "store: {type: postgres, url: \"" + url + "\", user: vigil}\n")) {
            assertThat(v.vigil.sharedStore()).hasValueSatisfying(s -> assertThat(s).startsWith("PostgreSQL at 127.0.0.1:"));
            HttpResponse<String> events = get(v.base, token, "/api/v1/events?host=shop");
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(events.body()).contains("web on shop is CRITICAL");
            assertThat(get(v.base, token, "/api/v1/results?host=shop&service=web&limit=5").body()).contains("HTTP CRITICAL");
            assertThat(v.vigil.users().find("alice")).isPresent();
            // A token made on the command line with this config is one the server takes.
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.PrintStream was = System.out;
            System.setOut(new java.io.PrintStream(out, true));
            try {
                assertThat(Main.run("token", "create", "--name", "cli", "--config", after.resolve("vigil.yml").toString())).isZero();
            } finally {
                System.setOut(was);
            }
            String[] lines = out.toString().trim().split("\n");
            assertThat(get(v.base, lines[lines.length - 1].trim(), "/api/v1/services").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBadStoreSectionSaysWhatIsWrong() throws Exception {
        Path file = dir.resolve("vigil.yml");
        Files.writeString(file, "store: {type: oracle}\n");
        var errors = org.assertj.core.api.Assertions.catchThrowable(() -> new dev.vigil.server.config.ConfigFiles(file, "vigil.yml")
                .load(java.time.InstantSource.system(), java.util.List.of(), java.util.List.of()));
        assertThat(errors).hasMessageContaining("vigil.yml:1").hasMessageContaining("'type' is sqlite (the default, in the data directory) or postgres");
        Files.writeString(file, "store: {type: postgres, url: \"mysql://x\", password: \"env:VIGIL_NO_SUCH_VARIABLE\"}\n");
        errors = org.assertj.core.api.Assertions.catchThrowable(() -> new dev.vigil.server.config.ConfigFiles(file, "vigil.yml")
                .load(java.time.InstantSource.system(), java.util.List.of(), java.util.List.of()));
        assertThat(errors).hasMessageContaining("'url' must be a PostgreSQL JDBC URL")
                .hasMessageContaining("environment variable VIGIL_NO_SUCH_VARIABLE is not set");
    }
}
