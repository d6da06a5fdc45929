package dev.vigil.notify.config;

import java.util.List;
import java.util.Map;

/** The validated notification configuration. */
public record NotifyPlan(Map<String, Receiver> receivers, List<Route> routes, List<InhibitRule> inhibitRules,
                         List<ReportSchedule> reports) {
    public NotifyPlan {
        receivers = Map.copyOf(receivers);
        routes = List.copyOf(routes);
        inhibitRules = List.copyOf(inhibitRules);
        reports = reports == null ? List.of() : List.copyOf(reports);
    }

    public static NotifyPlan empty() {
        return new NotifyPlan(Map.of(), List.of(), List.of(InhibitRule.HOST_DOWN), List.of());
    }
}
