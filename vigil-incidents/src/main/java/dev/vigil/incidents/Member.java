package dev.vigil.incidents;

import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Severity;
import java.time.Instant;
import java.util.List;

/**
 * One event of an incident, as the incident shows it: what the event log holds (already masked), kept with
 * the incident so its page and report need nothing else.
 *
 * @param event the event's id in the event log
 */
public record Member(long event, Instant at, String host, String source, EventKind kind, Severity severity, String title,
                     String details, String fingerprint, List<EvidenceLink> evidence) {
    public Member {
        evidence = List.copyOf(evidence);
        details = details == null ? "" : details;
    }
}
