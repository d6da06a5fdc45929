package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real Vigil process (SIGKILL, no clean stop) while a notification is pending, restarts it, and
 * checks the notification is delivered exactly once.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    private com.sun.net.httpserver.HttpServer target;
    private com.sun.net.httpserver.HttpServer hook;
    private Process vigil;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean hookUp;

    @AfterEach
    void stop() {
        if (vigil != null) {
            vigil.destroyForcibly();
        }
        if (target != null) {
            target.stop(0);
        }
        if (hook != null) {
            hook.stop(0);
        }
    }

    private Process startVigil() throws Exception {
        return dev.vigil.server.VigilProcess.start(dir.resolve("vigil.yml"));
    }

    @Test
    void aPendingNotificationSurvivesAKilledProcessAndIsDeliveredExactlyOnce() throws Exception {
        target = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", ex -> {
            ex.sendResponseHeaders(502, -1);
            ex.close();
        });
        target.start();
        hook = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            if (hookUp) {
                accepted.incrementAndGet();
                ex.sendResponseHeaders(200, -1);
            } else {
                refused.incrementAndGet();
                ex.sendResponseHeaders(500, -1);
            }
            ex.close();
        });
        hook.start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("vigil.yml"), """
                server:
                  listen: 127.0.0.1:%d
                  data: %s
                hosts:
                  - name: shop
                    address: 127.0.0.1
                services:
                  - {name: web, host: shop, type: http, url: "http://127.0.0.1:%d/", interval: 1s, retry_interval: 1s, max_attempts: 2}
                receivers:
                  - name: ops-hook
                    webhook: {url: "http://127.0.0.1:%d/hook"}
                routes:
                  - receiver: ops-hook
                    group_wait: 0s
                """.formatted(port, dir.resolve("data"), target.getAddress().getPort(), hook.getAddress().getPort()));

        vigil = startVigil();
        await().atMost(Duration.ofSeconds(60)).until(() -> refused.get() >= 1);
        vigil.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        assertThat(accepted.get()).isZero();

        hookUp = true;
        vigil = startVigil();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() == 1);
        // Long enough for a duplicate retry or re-notification to show up.
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10)).until(() -> accepted.get() == 1);
    }
}
