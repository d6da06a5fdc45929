package dev.vigil.server.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.server.RunningVigil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Vigils watching each other: each pings the other's push URL and keeps a push monitor for the other's pings. */
class PeersTest {
    private static final String A_PINGS_HERE = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String B_PINGS_HERE = "9b2c3b1e-5a52-4c1a-9d4e-1f0b6f3b8a11";

    @TempDir
    Path dir;

    @Test
    void eachPingsTheOtherAndWatchesForTheOthersPings() throws Exception {
        // B first: A's address is not known yet, so B's pings fail (and B says so) while it waits for A's.
        try (RunningVigil b = new RunningVigil(Files.createDirectories(dir.resolve("b")), """
                peers:
                  - {name: vigil-a, url: "http://127.0.0.1:1/ping/%s", uuid: %s, grace: 3m}
                """.formatted(B_PINGS_HERE, A_PINGS_HERE));
             RunningVigil a = new RunningVigil(Files.createDirectories(dir.resolve("a")), """
                     peers:
                       - {name: vigil-b, url: "%s/ping/%s", uuid: %s}
                     """.formatted(b.base, A_PINGS_HERE, B_PINGS_HERE))) {
            // A pings B at once: B's monitor of A is OK.
            await().atMost(Duration.ofSeconds(20)).until(() -> b.vigil.engine().status(Target.service("vigil-a", "heartbeat"))
                    .map(s -> s.state() == ServiceState.OK).orElse(false));
            // A watches B the same way, under B's public name; B has not reached A, so it is still waiting.
            assertThat(a.vigil.push().monitor(Target.service("vigil-b", "heartbeat"))).get()
                    .satisfies(m -> assertThat(m.uuid()).isEqualTo(B_PINGS_HERE));
            assertThat(a.vigil.engine().status(Target.service("vigil-b", "heartbeat")).orElseThrow().state()).isEqualTo(ServiceState.PENDING);
            await().atMost(Duration.ofSeconds(20)).until(() -> b.vigil.heartbeats().failing().containsKey("heartbeat to peer vigil-a"));
            assertThat(a.vigil.heartbeats().failing()).isEmpty();
        }
    }

    @Test
    void badHeartbeatsAndPeersAreClearErrors() throws Exception {
        var errors = new dev.vigil.core.config.ConfigErrors();
        var root = (dev.vigil.core.config.ConfigNode.Mapping) dev.vigil.core.config.YamlFiles.parse("""
                heartbeat: {url: "ftp://deadman.example.com/x", interval: 10s}
                peers:
                  - {name: vigil-b, url: "http://vigil-b.example.com/ping/x", uuid: not-a-uuid}
                """, "vigil.yml");
        var s = new dev.vigil.core.config.Section(root, errors);
        dev.vigil.server.config.WatchSettings.read(List.of(s.node("heartbeat").orElseThrow()), s.list("peers"), errors);
        assertThat(errors.list()).extracting(Object::toString).anySatisfy(e -> assertThat(e).contains("'url' must be an http(s) URL"))
                .anySatisfy(e -> assertThat(e).contains("'interval' must be at least 1m"))
                .anySatisfy(e -> assertThat(e).contains("'uuid' must be a UUID"));
    }
}
