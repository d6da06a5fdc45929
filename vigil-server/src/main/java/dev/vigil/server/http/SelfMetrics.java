package dev.vigil.server.http;

import dev.vigil.checks.state.Status;
import dev.vigil.logs.input.LogInput;
import dev.vigil.server.Vigil;
import java.util.Locale;

/** {@code /metrics}: Vigil's own health, across its capabilities, in the Prometheus text format. */
final class SelfMetrics {
    private SelfMetrics() {}

    static String of(Vigil vigil) {
        var stats = vigil.engine().stats();
        StringBuilder b = new StringBuilder();
        metric(b, "vigil_checks_run_total", "counter", "Checks run since start.", stats.checksRun());
        metric(b, "vigil_check_lateness_p99_milliseconds", "gauge", "p99 of how late checks started versus their schedule.",
                stats.latenessPercentile(99));
        metric(b, "vigil_hosts", "gauge", "Monitored hosts.", vigil.engine().plan().hosts().size());
        metric(b, "vigil_services", "gauge", "Monitored services.", vigil.engine().plan().services().size());
        metric(b, "vigil_problems", "gauge", "Hosts and services in a confirmed problem state.",
                vigil.engine().statuses().stream().filter(Status::isHardProblem).count());
        metric(b, "vigil_series", "gauge", "Metric series stored.", vigil.metrics().store().series(null).size());
        metric(b, "vigil_log_lines_total", "counter", "Log lines analysed since start.", vigil.logs().pipeline().lines());
        metric(b, "vigil_log_alerts_total", "counter", "Log alerts at or above the alert level since start.", vigil.logs().pipeline().alerts());
        metric(b, "vigil_log_queue", "gauge", "Log lines waiting to be analysed.", vigil.logs().pipeline().waiting());
        var inputs = vigil.logs().pipeline().inputs();
        metric(b, "vigil_log_lines_unparseable_total", "counter", "Syslog messages that could not be parsed (kept whole, marked).",
                inputs.stream().mapToLong(LogInput::unparseable).sum());
        metric(b, "vigil_log_lines_dropped_total", "counter",
                "Log messages dropped under overload, by Vigil or by the kernel (UDP receive buffer full).",
                inputs.stream().mapToLong(LogInput::dropped).sum());
        metric(b, "vigil_log_inputs_failing", "gauge", "Log inputs that are not reading (see /healthz and the Logs page).",
                inputs.stream().filter(i -> i.problem() != null).count());
        return b.toString();
    }

    private static void metric(StringBuilder b, String name, String type, String help, double value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(String.format(Locale.ROOT, "%s", value == Math.rint(value)
                        ? Long.toString((long) value) : Double.toString(value))).append('\n');
    }
}
