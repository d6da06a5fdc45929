package dev.vigil.core.event;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A pointer from an event to something that explains it: a check result, a graph, a log search. The
 * dashboard's addresses are built here and nowhere else, so a page that moves is changed in one place.
 */
public record EvidenceLink(String label, String href) {
    public EvidenceLink {
        if (label == null || label.isBlank() || href == null || href.isBlank()) {
            throw new IllegalArgumentException("evidence link needs a label and an href");
        }
    }

    /** The log lines matching {@code query} between two moments. */
    public static EvidenceLink logs(String label, String query, Instant from, Instant to) {
        return new EvidenceLink(label, "/logs?q=" + enc(query) + "&from=" + from.getEpochSecond() + "&to=" + to.getEpochSecond());
    }

    /** A host's series (graph) between two moments. */
    public static EvidenceLink series(String label, String host, String series, Instant from, Instant to) {
        return new EvidenceLink(label, "/series?host=" + enc(host) + "&name=" + enc(series) + "&from=" + from.getEpochSecond()
                + "&to=" + to.getEpochSecond());
    }

    /** The results of a host's check (service null) or of one of its services. */
    public static EvidenceLink checkResults(String host, String service) {
        return new EvidenceLink("check results", "/api/v1/results?host=" + enc(host)
                + (service == null ? "" : "&service=" + enc(service)));
    }

    /** The integrity page: pending changes with their diffs, and the audit's findings. */
    public static EvidenceLink integrity(String label) {
        return new EvidenceLink(label, "/integrity");
    }

    /** A leak finding on the threats page, with its masked excerpt and history. */
    public static EvidenceLink threat(long finding) {
        return new EvidenceLink("finding #" + finding, "/threats/" + finding);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
