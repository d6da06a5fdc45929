package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.nrpe.NrpeCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent answering a Nagios through NRPE, asked by Vigil's own nrpe check (which is tested against Debian's nrpe). */
class NrpeResponderTest {
    private static final String DUMMY = "/usr/lib/nagios/plugins/check_dummy";

    @TempDir
    Path dir;

    private NrpeResponder start(boolean tls, String... extra) throws Exception {
        Path cfg = dir.resolve("nrpe.cfg");
        Files.writeString(cfg, String.join("\n", List.of("# as in nrpe.cfg", "allowed_hosts=127.0.0.1,::1",
                "command[check_warn]=" + DUMMY + " 1 \"disk almost full\"", "command[check_echo]=" + DUMMY + " 0 $ARG1$")) + "\n"
                + String.join("\n", extra) + "\n");
        return new NrpeResponder(NrpeResponder.Config.read(cfg), "127.0.0.1", 0, tls);
    }

    private static CheckResult ask(NrpeResponder r, String command, List<String> args, NrpeCheck.Tls tls, int packet) {
        return new NrpeCheck(new NrpeCheck.Config("127.0.0.1", r.port(), command, args, tls, null, null, null, packet))
                .run(Duration.ofSeconds(10));
    }

    @Test
    void answersAsNrpeDoesWithTlsAndWithoutInBothPacketVersions() throws Exception {
        try (NrpeResponder r = start(true)) {
            for (int packet : new int[] {4, 2}) {
                CheckResult warn = ask(r, "check_warn", List.of(), NrpeCheck.Tls.ANONYMOUS, packet);
                assertThat(warn.state()).isEqualTo(ServiceState.WARNING);
                assertThat(warn.output()).contains("disk almost full");
            }
            assertThat(ask(r, "nope", List.of(), NrpeCheck.Tls.ANONYMOUS, 4).output()).contains("Command 'nope' not defined");
            assertThat(ask(r, "check_echo", List.of("hi"), NrpeCheck.Tls.ANONYMOUS, 4).output()).contains("arguments are disabled");
        }
        try (NrpeResponder r = start(false)) {
            assertThat(ask(r, "check_warn", List.of(), NrpeCheck.Tls.NONE, 4).state()).isEqualTo(ServiceState.WARNING);
        }
    }

    /** Runs a command (a list, no shell) and returns its exit code and output. */
    private static String[] exec(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new String[] {String.valueOf(p.waitFor()), out};
    }

    /** A CA and a certificate of it for {@code name} (127.0.0.1 as its address), made with openssl as an admin would. */
    private void certificate(String name) throws Exception {
        Path d = dir;
        exec(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", d.resolve(name + ".key").toString(), "-out",
                d.resolve(name + ".csr").toString(), "-subj", "/CN=" + name));
        Files.writeString(d.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1\n");
        String[] r = exec(List.of("openssl", "x509", "-req", "-in", d.resolve(name + ".csr").toString(), "-CA", d.resolve("ca.crt").toString(),
                "-CAkey", d.resolve("ca.key").toString(), "-CAcreateserial", "-out", d.resolve(name + ".crt").toString(), "-days", "2",
                "-extfile", d.resolve(name + ".ext").toString()));
        assertThat(r[0]).as(r[1]).isEqualTo("0");
    }

    @Test
    void answersDebiansCheckNrpeWithItsCertificateAndRequiresTheClientsWhenTheConfigSaysSo() throws Exception {
        exec(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("ca.key").toString(), "-out",
                dir.resolve("ca.crt").toString(), "-days", "2", "-subj", "/CN=test NRPE CA"));
        certificate("server");
        certificate("client");
        String tls = "ssl_cert_file=" + dir.resolve("server.crt") + "\nssl_privatekey_file=" + dir.resolve("server.key")
                + "\nssl_cacert_file=" + dir.resolve("ca.crt");
        String checkNrpe = "/usr/lib/nagios/plugins/check_nrpe";
        try (NrpeResponder r = start(true, tls, "ssl_client_certs=2")) {
            List<String> base = List.of(checkNrpe, "-H", "127.0.0.1", "-p", String.valueOf(r.port()), "-c", "check_warn", "-A",
                    dir.resolve("ca.crt").toString());
            List<String> withCert = new java.util.ArrayList<>(base);
            withCert.addAll(List.of("-C", dir.resolve("client.crt").toString(), "-K", dir.resolve("client.key").toString()));
            String[] answered = exec(withCert);
            assertThat(answered[1]).contains("disk almost full");
            assertThat(answered[0]).isEqualTo("1");
            String[] refused = exec(base); // no client certificate: no answer
            assertThat(refused[0]).isNotEqualTo("1");
            assertThat(refused[1]).doesNotContain("disk almost full");
            // Vigil's own nrpe check with certificates asks it the same way.
            CheckResult viaVigil = new NrpeCheck(new NrpeCheck.Config("127.0.0.1", r.port(), "check_warn", List.of(), NrpeCheck.Tls.CERTIFICATE,
                    dir.resolve("ca.crt"), dir.resolve("client.crt"), dir.resolve("client.key"), 4)).run(Duration.ofSeconds(10));
            assertThat(viaVigil.state()).isEqualTo(ServiceState.WARNING);
        }
        try (NrpeResponder r = start(true, tls)) { // ssl_client_certs=0: any client, as NRPE's default
            String[] answered = exec(List.of(checkNrpe, "-H", "127.0.0.1", "-p", String.valueOf(r.port()), "-c", "check_warn"));
            assertThat(answered[1]).contains("disk almost full");
        }
    }

    @Test
    void argumentsOnlyWithDontBlameNrpeAndNeverAShellsMetacharacters() throws Exception {
        try (NrpeResponder r = start(true, "dont_blame_nrpe=1")) {
            CheckResult echo = ask(r, "check_echo", List.of("fine"), NrpeCheck.Tls.ANONYMOUS, 4);
            assertThat(echo.state()).isEqualTo(ServiceState.OK);
            assertThat(echo.output()).contains("fine");
            assertThat(ask(r, "check_echo", List.of("$(reboot)"), NrpeCheck.Tls.ANONYMOUS, 4).output()).contains("illegal metachars");
        }
    }

    @Test
    void aHostNotInAllowedHostsGetsNoAnswer() throws Exception {
        Path cfg = dir.resolve("nrpe.cfg");
        Files.writeString(cfg, "allowed_hosts=192.0.2.1\ncommand[check_warn]=" + DUMMY + " 1 x\n");
        try (NrpeResponder r = new NrpeResponder(NrpeResponder.Config.read(cfg), "127.0.0.1", 0, true)) {
            CheckResult refused = ask(r, "check_warn", List.of(), NrpeCheck.Tls.ANONYMOUS, 4);
            assertThat(refused.state()).isEqualTo(ServiceState.CRITICAL);
        }
    }
}
