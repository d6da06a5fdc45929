package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contracts other tools rely on. */
class CommandLineTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static synchronized Run vigil(String... args) {
        return vigilWithInput("", args);
    }

    private static synchronized Run vigilWithInput(String stdin, String... args) {
        java.io.InputStream oldIn = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return capture(args);
        } finally {
            System.setIn(oldIn);
        }
    }

    private static Run capture(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void checkTcpPrintsOneNagiosLineAndExitsWithTheState() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Run ok = vigil("check", "tcp", "--host", "127.0.0.1", "--port", String.valueOf(s.getLocalPort()));
            assertThat(ok.exit()).isZero();
            assertThat(ok.lines()).singleElement().asString().startsWith("TCP OK - ").contains(" | time=");
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run refused = vigil("check", "tcp", "--host", "127.0.0.1", "--port", String.valueOf(closed));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.out()).startsWith("TCP CRITICAL - ");
    }

    @Test
    void checkExecRunsANagiosPluginGivenAfterTheDoubleDash() {
        Run r = vigil("check", "exec", "--", "/usr/lib/nagios/plugins/check_load", "-w", "5000,4000,3000", "-c", "10000,8000,6000");
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).singleElement().asString().startsWith("LOAD OK - ").contains("load1=");
    }

    @Test
    void checkHttpAgainstAClosedPortIsCritical() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = vigil("check", "http", "--url", "http://127.0.0.1:" + closed + "/");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).startsWith("HTTP CRITICAL - ");
    }

    @Test
    void badCheckInvocationsAreUnknownWithTheReason() {
        Run type = vigil("check", "smtp", "--host", "x");
        assertThat(type.exit()).isEqualTo(3);
        assertThat(type.out()).startsWith("UNKNOWN - unknown check type 'smtp'");
        Run option = vigil("check", "tcp", "--host", "127.0.0.1", "--port", "22", "--colour", "red");
        assertThat(option.exit()).isEqualTo(3);
        assertThat(option.out()).contains("unknown option '--colour'");
    }

    @Test
    void configValidatePrintsFileAndLineForEachErrorAndFails() throws Exception {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, """
                hosts:
                  - name: web1
                services:
                  - name: home
                    host: web1
                    type: http
                    url: http://127.0.0.1/
                    interval: often
                  - name: ssh
                    host: web2
                    type: tcp
                    port: 22
                """);
        Run r = vigil("config", "validate", file.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.lines()).contains(
                file + ":8: 'interval': invalid duration 'often'; expected a number with a unit (ms, s, m, h, d, w), e.g. 30s, 5m or 1h30m",
                file + ":10: service 'ssh' refers to unknown host 'web2'");
    }

    @Test
    void configValidateAcceptsAGoodFileWithConfD() throws Exception {
        Path file = dir.resolve("vigil.yml");
        Files.writeString(file, "hosts:\n  - name: web1\n");
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/web.yml"), "services:\n  - {name: ssh, host: web1, type: tcp, port: 22}\n");
        Run r = vigil("config", "validate", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("OK (1 hosts, 1 services");
        Files.writeString(dir.resolve("conf.d/bad.yml"), "services:\n  - {name: x, host: web1, type: tcp}\n");
        Run bad = vigil("config", "validate", file.toString());
        assertThat(bad.out()).contains(dir.resolve("conf.d/bad.yml") + ":2: missing 'port'");
    }

    @Test
    void malformedYamlIsOneClearError() throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "hosts:\n  - name: [unclosed\n");
        Run r = vigil("config", "validate", file.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).startsWith(file + ":").contains("YAML syntax error");
    }

    @Test
    void tokenCreatePrintsTheTokenOnTheLastLineAndListNeverShowsIt() {
        Path data = dir.resolve("data");
        Run created = vigil("token", "create", "--data", data.toString(), "--name", "ci");
        assertThat(created.exit()).isZero();
        String token = created.lines().getLast();
        assertThat(token).startsWith("vigil_").hasSizeGreaterThan(40);
        Run list = vigil("token", "list", "--data", data.toString());
        assertThat(list.out()).contains("ci").doesNotContain(token);
        assertThat(vigil("token", "revoke", "--data", data.toString(), "ci").exit()).isZero();
        assertThat(vigil("token", "revoke", "--data", data.toString(), "ci").exit()).isEqualTo(1);
    }

    @Test
    void userAddReadsThePasswordFromStandardInputAndTheUserCanSignIn() {
        Path data = dir.resolve("data");
        Run added = vigilWithInput("a long password\n", "user", "add", "alice", "--role", "admin", "--data", data.toString());
        assertThat(added.exit()).isZero();
        assertThat(added.out()).contains("added user alice (admin)").doesNotContain("a long password");
        assertThat(vigilWithInput("short\n", "user", "add", "bob", "--role", "viewer", "--data", data.toString()).exit()).isEqualTo(1);
        assertThat(vigilWithInput("x\n", "user", "add", "carol", "--role", "root", "--data", data.toString()).exit()).isEqualTo(1);
        assertThat(vigilWithInput("another long one\n", "user", "passwd", "alice", "--data", data.toString()).exit()).isZero();
        try (var db = dev.vigil.store.Database.open(data)) {
            var users = new dev.vigil.store.SqliteUsers(db, java.time.InstantSource.system());
            assertThat(users.authenticate("alice", "another long one".toCharArray())).isPresent();
        }
        assertThat(vigil("user", "list", "--data", data.toString()).out()).contains("alice").contains("admin");
        assertThat(vigil("user", "remove", "alice", "--data", data.toString()).exit()).isZero();
        assertThat(vigil("user", "remove", "alice", "--data", data.toString()).exit()).isEqualTo(1);
    }

    @Test
    void optionsWithoutASubcommandAreTheServers() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path work = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(work.resolve("vigil.yml"), "server:\n  data: " + work.resolve("data") + "\nhosts:\n  - name: shop\n");
        Process p = dev.vigil.server.VigilProcess.command(work.resolve("vigil.log"), List.of(), "--listen", "127.0.0.1:" + port,
                "--config", work.resolve("vigil.yml").toString());
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions().until(() -> client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(work.resolve("vigil.log"))).doesNotContain("Unknown option");
        assertThat(vigil("--version").out()).contains("vigil");
    }

    @Test
    void checkTypeHelpListsThatTypesOwnOptions() {
        Run http = vigil("check", "http", "--help");
        assertThat(http.exit()).isZero();
        assertThat(http.out()).contains("Usage: vigil check http").contains("--url").contains("--contains")
                .contains("--warning-time").contains("--timeout").doesNotContain("UNKNOWN");
        assertThat(vigil("check", "ping", "--help").out()).contains("--packets").contains("iputils-ping");
        assertThat(vigil("check", "exec", "--help").out()).contains("-- COMMAND ARGS");
        assertThat(vigil("check", "nope", "--help").exit()).isEqualTo(3);
    }
}
