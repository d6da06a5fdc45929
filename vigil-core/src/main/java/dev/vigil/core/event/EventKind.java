package dev.vigil.core.event;

/**
 * What an event says happened. The id is what is stored, shown and matched in routes ({@code kind: problem});
 * the set is closed: a new kind is a decision for the pipeline, the dashboard and the digests together.
 */
public enum EventKind {
    /** Something is wrong: opens (or refreshes) a problem with this fingerprint. */
    PROBLEM("problem"),
    /** The problem with this fingerprint is over. */
    RECOVERY("recovery"),
    /** Someone took the problem with this fingerprint: escalation stops. */
    ACKNOWLEDGED("acknowledged"),
    /** A check started flapping; its notifications pause. */
    FLAPPING_START("flapping.start"),
    /** A check stopped flapping. */
    FLAPPING_STOP("flapping.stop"),
    /** A package manager operation, with the files it changed (information). */
    PACKAGE("package"),
    /** A recurring pattern in a series, reported once (information). */
    PATTERN("pattern"),
    /**
     * A new version of a service went out (information): posted by a deploy pipeline or seen in its traces'
     * {@code service.version}; drawn as a marker on the service's graphs.
     */
    DEPLOY("deploy");

    private final String id;

    EventKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The kind with this id; an unknown id is an error (stored events only ever hold these). */
    public static EventKind of(String id) {
        for (EventKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown event kind '" + id + "'");
    }

    @Override
    public String toString() {
        return id;
    }
}
