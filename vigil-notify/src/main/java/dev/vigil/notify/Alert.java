package dev.vigil.notify;

import dev.vigil.core.event.Event;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One problem as notifications show it: firing until its recovery, then resolved. Keyed by the event
 * fingerprint, so the problem, its escalation to CRITICAL and its recovery are one alert.
 */
public record Alert(String fingerprint, Status status, String host, String service, String title, String severity,
                    String details, String source, Instant startsAt, Instant endsAt, Map<String, String> labels) {

    public enum Status {
        FIRING, RESOLVED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Alert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static Alert of(Event e, Status status, Instant startsAt) {
        return new Alert(e.fingerprint(), status, e.host(), e.tags().get("service"), e.title(), e.severity().name(),
                e.details(), e.source(), startsAt, status == Status.RESOLVED ? e.when() : null, e.tags());
    }
}
