package dev.vigil.agent.wire;

import java.util.List;

/**
 * What the server asks an agent to do: its central configuration. The agent applies a new plan without restarting
 * and reports the version it runs.
 *
 * @param interval seconds between metric samples
 * @param logs files to tail (raw lines are shipped; decoding and rules run on the server)
 * @param checks Nagios plugins to run, whose results are shipped as the host's services
 */
public record Plan(String version, int interval, List<String> logs, List<Check> checks) {
    public Plan {
        logs = logs == null ? List.of() : List.copyOf(logs);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** What an agent runs before the server has sent a plan: metrics only. */
    public static final Plan NONE = new Plan("", 10, List.of(), List.of());

    /** An exec check: the service name, the command as a list (never through a shell), seconds between runs. */
    public record Check(String service, List<String> command, int interval) {
        public Check {
            command = List.copyOf(command);
        }
    }
}
