package dev.vigil.notify;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One message to one receiver: a group of alerts (firing ones and those resolved since the last message).
 *
 * @param dedupKey the same for every message about the same group, so channels that deduplicate (PagerDuty,
 *     ntfy, webhooks) can drop a copy sent again after a crash or a retry
 * @param ackLinks per firing alert fingerprint, a signed link that acknowledges it (empty if not configured)
 * @param document for a routine report, what the message says instead of the alert listing; null otherwise
 */
public record Notification(String receiver, String groupKey, Alert.Status status, List<Alert> alerts, String dedupKey,
                           Instant created, Map<String, String> ackLinks, boolean test, Document document, int events) {
    public Notification {
        alerts = List.copyOf(alerts);
        ackLinks = ackLinks == null ? Map.of() : Map.copyOf(ackLinks);
        events = events > 0 ? events : Math.max(1, alerts.size()); // messages stored before the count existed
    }

    /** A message about alerts. */
    public Notification(String receiver, String groupKey, Alert.Status status, List<Alert> alerts, String dedupKey,
                        Instant created, Map<String, String> ackLinks, boolean test) {
        this(receiver, groupKey, status, alerts, dedupKey, created, ackLinks, test, null, 0);
    }

    /** A message about alerts, or a document. */
    public Notification(String receiver, String groupKey, Alert.Status status, List<Alert> alerts, String dedupKey,
                        Instant created, Map<String, String> ackLinks, boolean test, Document document) {
        this(receiver, groupKey, status, alerts, dedupKey, created, ackLinks, test, document, 0);
    }

    /** The incident the message is about (its alerts' {@code incident} label), or null. */
    public Long incident() {
        return alerts.stream().map(a -> a.labels().get("incident")).filter(v -> v != null && v.matches("[0-9]+")).map(Long::valueOf)
                .findFirst().orElse(null);
    }

    /** A document sent as a message of its own (the routine report): its subject and its plain and HTML bodies. */
    public record Document(String subject, String text, String html) {}

    /** The alert a one-line channel leads with: the worst firing one, else the first. */
    public Alert lead() {
        return alerts.stream().filter(a -> a.status() == Alert.Status.FIRING)
                .max(Comparator.comparingInt(a -> rank(a.severity())))
                .orElse(alerts.get(0));
    }

    public long firing() {
        return alerts.stream().filter(a -> a.status() == Alert.Status.FIRING).count();
    }

    static int rank(String severity) {
        return switch (severity) {
            case "CRITICAL" -> 4;
            case "UNKNOWN" -> 3;
            case "WARNING" -> 2;
            case "INFO" -> 1;
            default -> 0;
        };
    }
}
