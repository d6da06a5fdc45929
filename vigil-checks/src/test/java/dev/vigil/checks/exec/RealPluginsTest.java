package dev.vigil.checks.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs Debian's real monitoring-plugins through the exec check (CI installs the package). */
class RealPluginsTest {
    private static final Path PLUGINS = Path.of("/usr/lib/nagios/plugins");

    @TempDir
    Path tmp;

    private HttpServer http;

    @BeforeEach
    void plugins() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            byte[] body = "<html>vigil test page</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/missing") ? 404 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
    }

    private static CheckResult run(String... command) throws InterruptedException {
        return new ExecCheck(new ExecCheck.Config(List.of(command))).run(Duration.ofSeconds(20));
    }

    @Test
    void checkLoadReportsOkWithThreeLoadValues() throws Exception {
        CheckResult r = run(PLUGINS + "/check_load", "-w", "500,400,300", "-c", "1000,800,600");
        assertThat(r.state()).isEqualTo(ServiceState.OK);
        assertThat(r.output()).startsWith("LOAD OK");
        assertThat(r.perfdata()).extracting(PerfValue::label).containsExactly("load1", "load5", "load15");
        assertThat(r.perfdata().get(0).warn()).isEqualTo("500.000");
    }

    @Test
    void checkHttpAgainstALocalServerGivesTimeAndSizePerfdata() throws Exception {
        int port = http.getAddress().getPort();
        CheckResult ok = run(PLUGINS + "/check_http", "-H", "127.0.0.1", "-p", String.valueOf(port), "-s", "vigil test");
        assertThat(ok.state()).isEqualTo(ServiceState.OK);
        assertThat(ok.output()).startsWith("HTTP OK");
        assertThat(ok.perfdata()).extracting(PerfValue::label).contains("time", "size");
        assertThat(ok.perfdata()).filteredOn(p -> p.label().equals("time")).singleElement()
                .satisfies(p -> assertThat(p.unit()).isEqualTo("s"));

        CheckResult missing = run(PLUGINS + "/check_http", "-H", "127.0.0.1", "-p", String.valueOf(port), "-u", "/missing");
        assertThat(missing.state()).isEqualTo(ServiceState.WARNING);
    }

    @Test
    void checkTcpSeesAnOpenAndAClosedPort() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CheckResult open = run(PLUGINS + "/check_tcp", "-H", "127.0.0.1", "-p", String.valueOf(http.getAddress().getPort()));
        assertThat(open.state()).isEqualTo(ServiceState.OK);
        assertThat(open.perfdata()).extracting(PerfValue::label).containsExactly("time");
        CheckResult refused = run(PLUGINS + "/check_tcp", "-H", "127.0.0.1", "-p", String.valueOf(closed));
        assertThat(refused.state()).isEqualTo(ServiceState.CRITICAL);
    }

    @Test
    void checkDiskReportsPercentagePerfdataForRoot() throws Exception {
        CheckResult r = run(PLUGINS + "/check_disk", "-w", "1%", "-c", "0%", "-p", "/");
        assertThat(r.state()).isIn(ServiceState.OK, ServiceState.WARNING);
        assertThat(r.output()).startsWith("DISK");
        assertThat(r.perfdata()).singleElement().satisfies(p -> {
            assertThat(p.label()).isEqualTo("/");
            assertThat(p.unit()).isIn("MB", "B", "%");
            assertThat(p.max()).isPositive();
        });
    }

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void garbageOutputIsSanitisedAndMalformedPerfdataReported() throws Exception {
        Path p = script("check_garbage", "printf '\\033[31mOK\\001 weird | x=1 =bad y=zz\\n'; exit 0");
        CheckResult r = run(p.toString());
        assertThat(r.state()).isEqualTo(ServiceState.OK);
        assertThat(r.output()).doesNotContain("\u001b").contains("weird");
        assertThat(r.perfdata()).extracting(PerfValue::label).containsExactly("x");
        assertThat(r.longOutput()).contains("ignored");
    }

    @Test
    void aHangingPluginIsKilledAtTheTimeoutAndReportedUnknown() throws Exception {
        Path p = script("check_hang", "sleep 60");
        long start = System.nanoTime();
        CheckResult r = new ExecCheck(new ExecCheck.Config(List.of(p.toString()))).run(Duration.ofMillis(500));
        assertThat(r.state()).isEqualTo(ServiceState.UNKNOWN);
        assertThat(r.output()).contains("timed out after 500ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void exitCode127AndOutOfRangeCodesAreUnknownWithTheReason() throws Exception {
        CheckResult r127 = run(script("check_127", "echo 'missing helper'; exit 127").toString());
        assertThat(r127.state()).isEqualTo(ServiceState.UNKNOWN);
        assertThat(r127.output()).contains("not found").contains("exit code 127");
        CheckResult r9 = run(script("check_9", "echo hi; exit 9").toString());
        assertThat(r9.state()).isEqualTo(ServiceState.UNKNOWN);
    }

    @Test
    void aMissingPluginIsUnknownWithoutItsFullPath() throws Exception {
        CheckResult r = run(tmp.resolve("secret-dir/check_none").toString());
        assertThat(r.state()).isEqualTo(ServiceState.UNKNOWN);
        assertThat(r.output()).contains("check_none").doesNotContain("secret-dir");
    }

    @Test
    void argumentsAreNeverInterpretedByAShell() throws Exception {
        Path marker = tmp.resolve("pwned");
        CheckResult r = run("/bin/echo", "OK; touch " + marker, "$(touch " + marker + ")");
        assertThat(r.output()).contains("touch");
        assertThat(marker).doesNotExist();
    }
}
