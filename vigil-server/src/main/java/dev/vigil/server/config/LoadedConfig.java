package dev.vigil.server.config;

import dev.vigil.apm.config.ApmSettings;
import dev.vigil.checks.config.Plan;
import dev.vigil.integrity.config.IntegrityPlan;
import dev.vigil.logs.config.LogsPlan;
import dev.vigil.metrics.config.CollectorsReader;
import dev.vigil.notify.config.NotifyPlan;
import dev.vigil.incidents.correlate.Correlator;
import dev.vigil.threats.config.ThreatPlan;

/**
 * A fully validated configuration: server settings, the monitoring plan, notifications, metrics, logs, integrity,
 * leaks, incidents, what API clients may register, the fleet of agents, the public status pages, who watches Vigil from outside, and application traces.
 */
public record LoadedConfig(ServerSettings server, Plan plan, NotifyPlan notifications, CollectorsReader.MetricsPlan metrics,
                           LogsPlan logs, IntegrityPlan integrity, ThreatPlan threats, Correlator.Windows incidents,
                           ApiSettings api, FleetSettings fleet, StatusPageSettings statusPages, WatchSettings watch,
                           ApmSettings apm, dev.vigil.store.StoreSettings store) {
    public LoadedConfig(ServerSettings server, Plan plan) {
        this(server, plan, NotifyPlan.empty(), CollectorsReader.MetricsPlan.EMPTY, LogsPlan.EMPTY,
                IntegrityPlan.OFF, ThreatPlan.DEFAULT, Correlator.Windows.DEFAULT, ApiSettings.DEFAULT, FleetSettings.DEFAULT, StatusPageSettings.NONE, WatchSettings.NONE,
                ApmSettings.OFF, dev.vigil.store.StoreSettings.EMBEDDED);
    }

    public LoadedConfig withServer(ServerSettings s) {
        return new LoadedConfig(s, plan, notifications, metrics, logs, integrity, threats, incidents, api, fleet, statusPages, watch, apm, store);
    }

    public LoadedConfig withFleet(FleetSettings f) {
        return new LoadedConfig(server, plan, notifications, metrics, logs, integrity, threats, incidents, api, f, statusPages, watch, apm, store);
    }
}
