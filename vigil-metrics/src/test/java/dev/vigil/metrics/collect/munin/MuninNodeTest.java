package dev.vigil.metrics.collect.munin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.metrics.Collector;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polls Debian's real munin-node (its stock plugins), started by the test on a loopback port. */
class MuninNodeTest {
    @TempDir
    Path dir;

    private Process node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void readsTheStockPluginsWithTheirTypesAndThresholds() throws Exception {
        int port = freePort();
        Path conf = dir.resolve("munin-node.conf");
        Files.writeString(conf, """
                log_level 4
                log_file %s
                pid_file %s
                background 0
                setsid 0
                user root
                group root
                allow ^127\\.0\\.0\\.1$
                host 127.0.0.1
                port %d
                """.formatted(dir.resolve("node.log"), dir.resolve("node.pid"), port));
        node = new ProcessBuilder("/usr/sbin/munin-node", "--config", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        MuninCollector c = new MuninCollector("db1", "127.0.0.1", port, Duration.ofSeconds(20));
        List<Collector.Reading> first = c.collect(Instant.now());
        assertThat(first).anySatisfy(r -> assertThat(r.info().key().name()).isEqualTo("munin.load.load"));
        Thread.sleep(1100);
        List<Collector.Reading> second = c.collect(Instant.now());
        // cpu's fields are DERIVE: a rate appears only from the second poll on.
        assertThat(second).anySatisfy(r -> assertThat(r.info().key().name()).isEqualTo("munin.cpu.user"));
        assertThat(first).noneSatisfy(r -> assertThat(r.info().key().name()).isEqualTo("munin.cpu.user"));
        assertThat(second).anySatisfy(r -> {
            assertThat(r.info().key().name()).startsWith("munin.df.");
            assertThat(r.info().warning()).isEqualTo(92);
        });
    }

    @Test
    void aNodeThatStallsOrTalksGarbageFailsThePollWithAReason() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = garbage.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (IOException e) {
                    // closed
                }
            });
            assertThatThrownBy(() -> new MuninCollector("x", "127.0.0.1", garbage.getLocalPort(), Duration.ofSeconds(2))
                    .collect(Instant.now())).hasMessageContaining("not a munin-node");
        }
        try (ServerSocket stall = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = stall.accept()) {
                    s.getOutputStream().write("# munin node at x\n".getBytes());
                    Thread.sleep(5000);
                } catch (IOException | InterruptedException e) {
                    // closed
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> new MuninCollector("x", "127.0.0.1", stall.getLocalPort(), Duration.ofMillis(500))
                    .collect(Instant.now())).isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }
}
