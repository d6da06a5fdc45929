package dev.vigil.threats.config;

import dev.vigil.threats.source.SourcePlan;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.watch.WatchList;
import java.nio.file.Path;
import java.util.List;

/**
 * What the {@code threats:} section says.
 *
 * @param rules a gitleaks TOML file that replaces the built-in detectors, or null
 * @param alertAt the least severity of a finding that raises an event
 * @param checkBodies whether every http check's response body is scanned
 */
public record ThreatPlan(WatchList watch, Path rules, Level alertAt, boolean checkBodies, List<SourcePlan> sources) {
    /** Without a {@code threats:} section: the http checks' bodies are still scanned for secrets. */
    public static final ThreatPlan DEFAULT = new ThreatPlan(WatchList.EMPTY, null, Level.MEDIUM, true, List.of());

    public ThreatPlan {
        sources = List.copyOf(sources);
    }
}
