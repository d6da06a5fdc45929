package dev.vigil.server.report;

import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.state.Status;
import dev.vigil.notify.report.Reports;
import java.util.ArrayList;
import java.util.List;

/** What the routine report counts, from the check engine: its hosts and services, and those down now. */
public final class EngineInventory implements Reports.Inventory {
    private final CheckEngine engine;

    public EngineInventory(CheckEngine engine) {
        this.engine = engine;
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
        return engine.statuses().stream().filter(Status::isHardProblem)
                .map(s -> (s.target().isHost() ? "host " + s.target().host() : s.target().service() + " on " + s.target().host())
                        + " is " + s.state().name() + ": " + s.output())
                .toList();
    }
}
