package dev.vigil.threats.triage;

import java.util.Locale;

/**
 * Where a finding is in triage (Scumblr's workflow): new → investigating → confirmed or false positive →
 * resolved. Any move is allowed (a false positive can turn out real) and each one is kept in the history.
 */
public enum FindingState {
    NEW, INVESTIGATING, CONFIRMED, FALSE_POSITIVE, RESOLVED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state with this id ("false_positive"), or an error naming the known ones. */
    public static FindingState of(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown state '" + id
                    + "'; expected new, investigating, confirmed, false_positive or resolved");
        }
    }

    /** Whether the finding needs nobody any more: its event's problem is closed. */
    public boolean closed() {
        return this == FALSE_POSITIVE || this == RESOLVED;
    }
}
