package dev.vigil.core.event;

/** A pointer from an event to something that explains it: a check result, a graph, a log search. */
public record EvidenceLink(String label, String href) {
    public EvidenceLink {
        if (label == null || label.isBlank() || href == null || href.isBlank()) {
            throw new IllegalArgumentException("evidence link needs a label and an href");
        }
    }
}
