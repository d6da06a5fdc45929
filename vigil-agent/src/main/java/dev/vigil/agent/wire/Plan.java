package dev.vigil.agent.wire;

import java.util.List;
import java.util.Map;

/**
 * What the server asks an agent to do: its central configuration. The agent applies a new plan without restarting
 * and reports the version it runs.
 *
 * @param interval seconds between metric samples
 * @param logs files to tail (raw lines are shipped; decoding and rules run on the server)
 * @param checks Nagios plugins to run, whose results are shipped as the host's services
 * @param integrity file integrity and the audit, run locally (changes and findings are shipped), or null: off
 * @param probes for a probe ({@code vigil probe}): the services it checks from its location (an agent's plan has none)
 */
public record Plan(String version, int interval, List<String> logs, List<Check> checks, Integrity integrity, List<Probe> probes) {
    public Plan {
        logs = logs == null ? List.of() : List.copyOf(logs);
        checks = checks == null ? List.of() : List.copyOf(checks);
        probes = probes == null ? List.of() : List.copyOf(probes);
    }

    public Plan(String version, int interval, List<String> logs, List<Check> checks, Integrity integrity) {
        this(version, interval, logs, checks, integrity, List.of());
    }

    public Plan(String version, int interval, List<String> logs, List<Check> checks) {
        this(version, interval, logs, checks, null);
    }

    /** What an agent runs before the server has sent a plan: metrics only. */
    public static final Plan NONE = new Plan("", 10, List.of(), List.of());

    /**
     * The trees watched for changes (scanned every {@code scanInterval} seconds, watched in real time between scans), the
     * web roots the audit looks at for open directories (also watched), seconds between audits (0: no audit), and when an
     * admin last accepted the host's files as they are (epoch ms, 0: never): a newer one than the agent acted on makes
     * its current files the baseline.
     */
    public record Integrity(List<String> paths, List<String> webRoots, int scanInterval, int auditInterval, long accepted) {
        public Integrity {
            paths = paths == null ? List.of() : List.copyOf(paths);
            webRoots = webRoots == null ? List.of() : List.copyOf(webRoots);
        }

        public Integrity withAccepted(long at) {
            return new Integrity(paths, webRoots, scanInterval, auditInterval, at);
        }
    }

    /**
     * A service a probe checks from its location: the check's type and options as the server's configuration gives
     * them (the host's address filled in), and seconds between runs, between retries while a problem is not yet
     * confirmed, and before a run times out.
     */
    public record Probe(String host, String service, String type, Map<String, Object> options, int interval, int retry, int timeout) {
        public Probe {
            options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }
    }

    /** An exec check: the service name, the command as a list (never through a shell), seconds between runs. */
    public record Check(String service, List<String> command, int interval) {
        public Check {
            command = List.copyOf(command);
        }
    }
}
