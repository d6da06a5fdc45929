package dev.vigil.notify.pipeline;

import dev.vigil.core.event.Event;
import dev.vigil.notify.config.InhibitRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether a firing alert is inhibited by another firing alert (e.g. its host is down). Firing
 * alerts that can inhibit are indexed per rule by their {@code equal} label values, so a check is a few map
 * lookups however many alerts fire (thousands do during an outage, which is exactly when this runs most).
 */
final class Inhibitor {
    private final List<InhibitRule> rules;
    /** Per rule: equal-label values of firing source alerts, to their fingerprints. */
    private final List<Map<List<String>, Set<String>>> index = new ArrayList<>();

    Inhibitor(List<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
        rules.forEach(r -> index.add(new HashMap<>()));
    }

    void firing(String fingerprint, Map<String, String> labels) {
        for (int i = 0; i < rules.size(); i++) {
            InhibitRule rule = rules.get(i);
            if (rule.source().stream().allMatch(m -> m.matches(labels))) {
                index.get(i).computeIfAbsent(values(rule, labels::get), k -> new HashSet<>()).add(fingerprint);
            }
        }
    }

    void resolved(String fingerprint, Map<String, String> labels) {
        for (int i = 0; i < rules.size(); i++) {
            List<String> key = values(rules.get(i), labels::get);
            Set<String> set = index.get(i).get(key);
            if (set != null) {
                set.remove(fingerprint);
                if (set.isEmpty()) {
                    index.get(i).remove(key);
                }
            }
        }
    }

    boolean inhibited(Event e) {
        for (int i = 0; i < rules.size(); i++) {
            InhibitRule rule = rules.get(i);
            if (!rule.target().stream().allMatch(m -> m.matches(e))) {
                continue;
            }
            Set<String> sources = index.get(i).get(values(rule, e::label));
            if (sources != null && (sources.size() > 1 || !sources.contains(e.fingerprint()))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> values(InhibitRule rule, Function<String, String> label) {
        List<String> out = new ArrayList<>(rule.equal().size());
        for (String l : rule.equal()) {
            out.add(Objects.requireNonNullElse(label.apply(l), ""));
        }
        return out;
    }
}
