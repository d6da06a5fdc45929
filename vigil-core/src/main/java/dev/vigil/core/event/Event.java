package dev.vigil.core.event;

import dev.vigil.core.text.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Anything that can need a human. Every capability (checks, logs, integrity, metrics, threats, status
 * feeds) produces events of this one shape so the notifier and the incident view treat them alike.
 *
 * @param fingerprint identifies the ongoing problem, not the single occurrence: a WARNING that becomes
 *     CRITICAL and the later recovery share it, so they land in one incident and the recovery closes it
 * @param suppression why this event must not alert anyone (downtime, acknowledged, flapping, host down),
 *     or {@code null} when it should
 * @param tags further labels for routing and silencing, e.g. {@code service}, {@code groups}, {@code check}
 */
public record Event(
        Instant when,
        String host,
        String source,
        EventKind kind,
        Severity severity,
        String title,
        String details,
        String fingerprint,
        List<EvidenceLink> evidence,
        String suppression,
        Map<String, String> tags) {

    public Event {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(fingerprint, "fingerprint");
        // Events travel (store, API, dashboard, e-mail, webhooks): whatever a source put in them, secrets do not.
        title = Secrets.mask(title);
        details = details == null ? "" : Secrets.mask(details);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public Event(Instant when, String host, String source, EventKind kind, Severity severity, String title, String details,
                 String fingerprint, List<EvidenceLink> evidence, String suppression) {
        this(when, host, source, kind, severity, title, details, fingerprint, evidence, suppression, Map.of());
    }

    /**
     * A new event with what every event has; details, evidence, tags and a suppression are added with the
     * {@code with...} methods, so no producer passes eleven arguments in the right order.
     */
    public static Event of(EventKind kind, Instant when, String host, String source, Severity severity, String title,
                           String fingerprint) {
        return new Event(when, host, source, kind, severity, title, "", fingerprint, List.of(), null, java.util.Map.of());
    }

    /** The same event with longer text below the title (multi-line: a diff, the lines before a log alert). */
    public Event withDetails(String text) {
        return new Event(when, host, source, kind, severity, title, text, fingerprint, evidence, suppression, tags);
    }

    /** The same event with links to what explains it. */
    public Event withEvidence(List<EvidenceLink> links) {
        return new Event(when, host, source, kind, severity, title, details, fingerprint, links, suppression, tags);
    }

    /** The same event with routing labels (service, path, rule, ...). */
    public Event withTags(java.util.Map<String, String> labels) {
        return new Event(when, host, source, kind, severity, title, details, fingerprint, evidence, suppression, labels);
    }

    /** The same event, recorded but not notified, and why (a downtime, an acknowledgement, flapping). */
    public Event suppressedBy(String reason) {
        return new Event(when, host, source, kind, severity, title, details, fingerprint, evidence, reason, tags);
    }

    /** A label for routing: the fixed fields by name, then the tags. */
    public String label(String name) {
        return switch (name) {
            case "host" -> host;
            case "source" -> source;
            case "kind" -> kind.id();
            case "severity" -> severity.name();
            case "fingerprint" -> fingerprint;
            case "title" -> title;
            default -> tags.get(name);
        };
    }

    /** A stable fingerprint from the parts that identify a problem; same parts, same fingerprint, forever. */
    public static String fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public boolean alerts() {
        return suppression == null;
    }
}
