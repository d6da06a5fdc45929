package dev.vigil.server.config;

import dev.vigil.checks.config.Plan;
import dev.vigil.metrics.config.CollectorsReader;
import dev.vigil.notify.config.NotifyPlan;

/** A fully validated configuration: server settings, the monitoring plan, notifications and metrics. */
public record LoadedConfig(ServerSettings server, Plan plan, NotifyPlan notifications, CollectorsReader.MetricsPlan metrics) {
    public LoadedConfig(ServerSettings server, Plan plan) {
        this(server, plan, NotifyPlan.empty(), CollectorsReader.MetricsPlan.EMPTY);
    }
}
