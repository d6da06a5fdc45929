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
