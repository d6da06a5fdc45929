package dev.vigil.checks.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Thresholds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpCheckTest {
    private ServerSocket server;
    private Thread acceptor;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(new byte[64]);
                } catch (IOException e) {
                    // client went away or server closed
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private CheckResult run(String expect) {
        return new TcpCheck(new TcpCheck.Config("127.0.0.1", server.getLocalPort(), null, expect, Thresholds.NONE))
                .run(Duration.ofSeconds(2));
    }

    @Test
    void openPortWithTheExpectedBannerIsOk() {
        CheckResult r = run("SSH-2.0");
        assertThat(r.state()).isEqualTo(ServiceState.OK);
        assertThat(r.output()).startsWith("TCP OK - ").contains("port " + server.getLocalPort());
        assertThat(r.perfdata()).singleElement().satisfies(p -> assertThat(p.label()).isEqualTo("time"));
    }

    @Test
    void unexpectedBannerIsAWarningLikeCheckTcp() {
        CheckResult r = run("220 smtp");
        assertThat(r.state()).isEqualTo(ServiceState.WARNING);
        assertThat(r.output()).contains("Unexpected response").contains("OpenSSH");
    }

    @Test
    void closedPortIsCritical() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CheckResult r = new TcpCheck(new TcpCheck.Config("127.0.0.1", port, null, null, Thresholds.NONE))
                .run(Duration.ofSeconds(2));
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(r.output()).contains("Connection refused");
    }
}
