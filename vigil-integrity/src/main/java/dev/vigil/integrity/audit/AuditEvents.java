package dev.vigil.integrity.audit;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import dev.vigil.integrity.FindingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An audit's findings, judged against the open ones: a finding seen for the first time is one event (high
 * and critical are CRITICAL, medium a WARNING, low INFO) and stays open in the {@link FindingStore}; an open
 * finding the audit no longer sees is closed with a recovery. A finding still there raises nothing again.
 */
public final class AuditEvents {
    private static final String PREFIX = "audit:";

    private final FindingStore open;

    public AuditEvents(FindingStore open) {
        this.open = open;
    }

    public List<Event> judge(List<Finding> findings, String host, Instant at) {
        Map<String, Finding> now = new HashMap<>();
        for (Finding f : findings) {
            now.put(Event.fingerprint("audit", host, f.kind(), f.path()), f);
        }
        Map<String, FindingStore.Open> was = open.open(PREFIX);
        List<Event> out = new ArrayList<>();
        for (var e : now.entrySet()) {
            Finding f = e.getValue();
            if (!was.containsKey(e.getKey())) {
                open.opened(new FindingStore.Open(e.getKey(), PREFIX + f.kind(), f.path(), f.severity(), f.why(), f.remediation(), 0));
                out.add(Event.of(EventKind.PROBLEM, at, host, "audit", severity(f), f.kind() + ": " + f.path() + " on " + host, e.getKey())
                        .withDetails(f.why() + "\n\nFix: " + f.remediation())
                        .withEvidence(List.of(EvidenceLink.integrity("audit findings")))
                        .withTags(Map.of("service", "audit", "class", f.kind(), "path", f.path())));
            }
        }
        for (var e : was.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                open.closed(e.getKey());
                String kind = e.getValue().kind().substring(PREFIX.length());
                out.add(Event.of(EventKind.RECOVERY, at, host, "audit", Severity.OK,
                                kind + ": " + e.getValue().path() + " on " + host + " is fixed", e.getKey())
                        .withTags(Map.of("service", "audit")));
            }
        }
        return out;
    }

    private static Severity severity(Finding f) {
        return switch (f.severity()) {
            case "critical", "high" -> Severity.CRITICAL;
            case "medium" -> Severity.WARNING;
            default -> Severity.INFO;
        };
    }
}
