package dev.vigil.metrics.collect.prometheus;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * Debian's real prometheus-node-exporter, started on a free loopback port for a test and stopped after it.
 * Shared with vigil-server's tests through this module's test jar.
 */
public final class NodeExporterProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    public NodeExporterProcess() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder("/usr/bin/prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
