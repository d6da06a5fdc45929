package dev.vigil.checks.exec;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PluginOutput;
import dev.vigil.checks.ServiceState;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs any Nagios plugin and reads its answer per the plugin development guidelines: exit code 0–3 is the
 * state, the first line is the output, further lines the long output, text after {@code |} perfdata.
 */
public final class ExecCheck implements Check {

    public record Config(List<String> command) {
        public Config {
            if (command == null || command.isEmpty() || command.get(0).isBlank()) {
                throw new IllegalArgumentException("missing command");
            }
            command = List.copyOf(command);
        }

        public static Config read(Section s) {
            List<String> command = new ArrayList<>();
            if (s.node("command").orElse(null) instanceof ConfigNode.Scalar) {
                command.addAll(Words.split(s.string("command", "")));
            } else {
                command.addAll(s.strings("command"));
            }
            if (command.isEmpty()) {
                s.errors().add(s.location(), "missing 'command': expected the plugin and its arguments, "
                        + "e.g. [/usr/lib/nagios/plugins/check_load, -w, '5,4,3', -c, '10,8,6']");
                return null;
            }
            return new Config(command);
        }
    }

    private final Config config;

    public ExecCheck(Config config) {
        this.config = config;
    }

    @Override
    public CheckResult run(Duration timeout) throws InterruptedException {
        return switch (Processes.run(config.command(), timeout)) {
            case Processes.Outcome.Failed f -> CheckResult.unknown(f.reason());
            case Processes.Outcome.TimedOut t -> CheckResult.unknown("plugin timed out after "
                    + Durations.format(timeout) + " and was killed");
            case Processes.Outcome.Exited e -> judge(e.exitCode(), e.stdout(), e.stderr());
        };
    }

    /** Turns what a plugin printed and its exit code into a result; public for tests on recorded output. */
    public static CheckResult judge(int exitCode, String stdout, String stderr) {
        String text = stdout.isBlank() ? stderr : stdout;
        PluginOutput parsed = PluginOutput.parse(text);
        ServiceState state = ServiceState.ofExitCode(exitCode);
        String output = parsed.output();
        String longOutput = parsed.longOutput();
        if (exitCode < 0 || exitCode > 3) {
            String why = switch (exitCode) {
                case 126 -> "plugin is not executable";
                case 127 -> "plugin or one of its programs was not found";
                default -> exitCode > 128 ? "plugin was killed by signal " + (exitCode - 128) : "invalid plugin exit code";
            };
            output = "(" + why + ": exit code " + exitCode + ") " + output;
        }
        if (!parsed.problems().isEmpty()) {
            longOutput = (longOutput.isEmpty() ? "" : longOutput + "\n") + String.join("\n", parsed.problems());
        }
        return new CheckResult(state, output, longOutput, parsed.perfdata());
    }
}
