package dev.vigil.server.config;

import dev.vigil.checks.config.Plan;
import dev.vigil.notify.config.NotifyPlan;

/** A fully validated configuration: server settings, the monitoring plan and the notification plan. */
public record LoadedConfig(ServerSettings server, Plan plan, NotifyPlan notifications) {
    public LoadedConfig(ServerSettings server, Plan plan) {
        this(server, plan, NotifyPlan.empty());
    }
}
