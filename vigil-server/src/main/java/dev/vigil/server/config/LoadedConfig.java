package dev.vigil.server.config;

import dev.vigil.checks.config.Plan;
import dev.vigil.metrics.config.CollectorsReader;
import dev.vigil.notify.config.NotifyPlan;
import java.util.List;

/** A fully validated configuration: server settings, the monitoring plan, notifications and metric collectors. */
public record LoadedConfig(ServerSettings server, Plan plan, NotifyPlan notifications,
                           List<CollectorsReader.Configured> collectors) {
    public LoadedConfig(ServerSettings server, Plan plan) {
        this(server, plan, NotifyPlan.empty(), List.of());
    }

    public LoadedConfig(ServerSettings server, Plan plan, NotifyPlan notifications) {
        this(server, plan, notifications, List.of());
    }
}
