package dev.vigil.server.report;

import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.state.Status;
import dev.vigil.notify.report.Reports;
import dev.vigil.threats.Threats;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.FindingState;
import dev.vigil.threats.triage.ThreatStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What the routine report counts, from the check engine (its hosts and services, and those down now), plus the
 * leak findings still waiting for triage.
 */
public final class EngineInventory implements Reports.Inventory {
    private final CheckEngine engine;
    private final Threats threats;

    public EngineInventory(CheckEngine engine, Threats threats) {
        this.engine = engine;
        this.threats = threats;
    }

    @Override
    public List<String> objects() {
        List<String> objects = new ArrayList<>(engine.plan().hosts().keySet());
        for (ServiceDefinition d : engine.plan().services().values()) {
            objects.add(d.host() + "/" + d.name());
        }
        return objects;
    }

    @Override
    public List<String> stillOpen() {
        List<String> open = new ArrayList<>(engine.statuses().stream().filter(Status::isHardProblem)
                .map(s -> (s.target().isHost() ? "host " + s.target().host() : s.target().service() + " on " + s.target().host())
                        + " is " + s.state().name() + ": " + s.output())
                .toList());
        for (FindingState state : List.of(FindingState.NEW, FindingState.INVESTIGATING, FindingState.CONFIRMED)) {
            for (Finding f : threats.findings(new ThreatStore.Filter(state, null, threats.plan().alertAt(), 50))) {
                open.add("leak finding #" + f.id() + " (" + f.severity().id() + ", " + state.id() + "): " + f.title());
            }
        }
        return open;
    }
}
