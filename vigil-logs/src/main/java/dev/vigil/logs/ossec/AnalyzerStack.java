package dev.vigil.logs.ossec;

import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Several rulesets judging the same lines, each with its own analyzer: Vigil's own set first, then each
 * configured third-party set (an installed OSSEC or Wazuh ruleset). Each keeps its own decoders, dialect and
 * correlation state, so a set behaves exactly as it does alone; merging them into one tree would make their
 * decoder names, rule ids and {@code frequency} readings collide.
 *
 * <p>A line gets the verdict of the layer that rates it highest; on a tie the earlier layer's (Vigil's own
 * rules stay on top). A line no layer alerts on keeps the first decoding any layer made, for search.
 */
public final class AnalyzerStack {
    private final List<Analyzer> layers;

    public AnalyzerStack(List<Ruleset> rulesets, InstantSource clock, ZoneId zone, String ownHostname) {
        if (rulesets.isEmpty()) {
            throw new IllegalArgumentException("an analyzer stack needs at least one ruleset");
        }
        List<Analyzer> out = new ArrayList<>();
        for (Ruleset r : rulesets) {
            out.add(new Analyzer(r, clock, zone, ownHostname));
        }
        this.layers = List.copyOf(out);
    }

    /** Analyzes one line read from {@code location} with every layer (see the class comment for which wins). */
    public Verdict analyze(String line, String location) {
        Verdict best = null;
        for (Analyzer a : layers) {
            Verdict v = a.analyze(line, location);
            if (best == null || rank(v) > rank(best) || (rank(v) == rank(best) && best.decoder() == null && v.decoder() != null)) {
                best = v;
            }
        }
        return best;
    }

    /** An alert outranks a silent match of any level; then the level decides. */
    private static int rank(Verdict v) {
        return v.alert() ? 100 + v.level() : v.level();
    }

    /** Lines given up on, over all layers, because their patterns ran past the time budget. */
    public long tooSlow() {
        long n = 0;
        for (Analyzer a : layers) {
            n += a.tooSlow();
        }
        return n;
    }
}
