package dev.vigil.checks.nrpe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import java.io.IOException;
import java.net.Socket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against Debian's nagios-nrpe-server (CI installs it), started on a free port with the package's own nrpe.cfg and
 * its stock commands: as installed (TLS with anonymous Diffie-Hellman), without TLS, and with certificates.
 */
class NrpeServerTest {
    private static final Path NRPE = Path.of("/usr/sbin/nrpe");
    private static final Path STOCK = Path.of("/etc/nagios/nrpe.cfg");

    @TempDir
    Path dir;

    private Process nrpe;

    @AfterEach
    void stop() {
        if (nrpe != null) {
            nrpe.destroyForcibly();
        }
    }

    /** The package's config with only the port and pid file changed (and the extra lines given), on loopback. */
    private int start(List<String> extra, String... flags) throws Exception {
        assertThat(NRPE).as("Debian's nagios-nrpe-server (scripts/setup.sh installs it)").exists();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cfg = new ArrayList<>();
        for (String line : Files.readAllLines(STOCK)) {
            if (line.startsWith("server_port=") || line.startsWith("pid_file=") || line.startsWith("include")) {
                continue;
            }
            cfg.add(line);
        }
        cfg.add("server_port=" + port);
        cfg.add("server_address=127.0.0.1");
        cfg.add("pid_file=" + dir.resolve("nrpe.pid"));
        cfg.addAll(extra);
        Path file = dir.resolve("nrpe.cfg");
        Files.write(file, cfg);
        List<String> cmd = new ArrayList<>(List.of(NRPE.toString(), "-c", file.toString(), "-f"));
        cmd.addAll(List.of(flags));
        nrpe = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("nrpe.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nrpe did not start: " + Files.readString(dir.resolve("nrpe.out")));
    }

    private static CheckResult run(int port, String command, NrpeCheck.Tls tls, int packet, Path ca) {
        return new NrpeCheck(new NrpeCheck.Config("127.0.0.1", port, command, List.of(), tls, ca, null, null, packet))
                .run(Duration.ofSeconds(10));
    }

    /** The state a load line says, so the check's exit code can be compared with the plugin's own words. */
    private static void assertLoadLine(CheckResult r) {
        assertThat(r.output()).matches("(?s)LOAD (OK|WARNING|CRITICAL) - .*");
        String said = r.output().substring(5, r.output().indexOf(' ', 5));
        assertThat(r.state().name()).isEqualTo(said);
        assertThat(r.perfdata()).isNotEmpty();
    }

    @Test
    void asInstalledTlsWithAnonymousDiffieHellmanRunsAStockCommandInBothPacketVersions() throws Exception {
        int port = start(List.of());
        assertLoadLine(run(port, "check_load", NrpeCheck.Tls.ANONYMOUS, 4, null));
        assertLoadLine(run(port, "check_load", NrpeCheck.Tls.ANONYMOUS, 2, null));
        CheckResult unknown = run(port, "check_nonexistent", NrpeCheck.Tls.ANONYMOUS, 4, null);
        assertThat(unknown.state()).isEqualTo(ServiceState.UNKNOWN);
        assertThat(unknown.output()).contains("check_nonexistent");
        // Without TLS against a TLS server: a clear failure, not a hang.
        CheckResult plain = run(port, "check_load", NrpeCheck.Tls.NONE, 4, null);
        assertThat(plain.state()).isEqualTo(ServiceState.CRITICAL);
    }

    @Test
    void withoutTlsAsNrpeDashN() throws Exception {
        int port = start(List.of(), "-n");
        assertLoadLine(run(port, "check_load", NrpeCheck.Tls.NONE, 4, null));
        assertLoadLine(run(port, "check_load", NrpeCheck.Tls.NONE, 2, null));
    }

    @Test
    void withCertificatesTheServersCertificateIsCheckedAgainstTheCa() throws Exception {
        Path ca = dir.resolve("ca.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("ca.key").toString(), "-out", ca.toString(),
                "-days", "2", "-subj", "/CN=test NRPE CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("server.key").toString(), "-out",
                dir.resolve("server.csr").toString(), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        openssl("x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", ca.toString(), "-CAkey", dir.resolve("ca.key").toString(),
                "-CAcreateserial", "-out", dir.resolve("server.pem").toString(), "-days", "2", "-copy_extensions", "copy");
        int port = start(List.of("ssl_cert_file=" + dir.resolve("server.pem"), "ssl_privatekey_file=" + dir.resolve("server.key"),
                "ssl_use_adh=0"));
        assertLoadLine(run(port, "check_load", NrpeCheck.Tls.CERTIFICATE, 4, ca));
        // A CA the server's certificate does not come from: refused.
        Path other = dir.resolve("other.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("other.key").toString(), "-out", other.toString(),
                "-days", "2", "-subj", "/CN=another CA");
        CheckResult wrong = run(port, "check_load", NrpeCheck.Tls.CERTIFICATE, 4, other);
        assertThat(wrong.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(wrong.output()).contains("TLS");
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.out").toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("openssl.out"))).isZero();
    }
}
