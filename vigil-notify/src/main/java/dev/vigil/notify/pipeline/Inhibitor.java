package dev.vigil.notify.pipeline;

import dev.vigil.core.event.Event;
import dev.vigil.notify.config.InhibitRule;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Decides whether a firing alert is inhibited by another firing alert (e.g. its host is down). */
final class Inhibitor {
    private Inhibitor() {}

    /** The firing alert (its labels) that inhibits {@code e}, if any. */
    static boolean inhibited(Event e, List<InhibitRule> rules, Collection<Map<String, String>> firing) {
        for (InhibitRule rule : rules) {
            if (!rule.target().stream().allMatch(m -> m.matches(e))) {
                continue;
            }
            for (Map<String, String> source : firing) {
                if (source.get("fingerprint").equals(e.fingerprint())) {
                    continue;
                }
                if (rule.source().stream().allMatch(m -> m.matches(source))
                        && rule.equal().stream().allMatch(l -> Objects.equals(source.get(l), e.label(l)))) {
                    return true;
                }
            }
        }
        return false;
    }
}
