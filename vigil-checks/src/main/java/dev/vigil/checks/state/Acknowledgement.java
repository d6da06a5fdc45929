package dev.vigil.checks.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone has seen the problem and is on it. A sticky acknowledgement lasts until the object recovers; a
 * non-sticky one ends at the next state change (e.g. WARNING to CRITICAL), as in Nagios.
 */
public record Acknowledgement(String author, String comment, boolean sticky, Instant when) {
    public Acknowledgement {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(when, "when");
        comment = comment == null ? "" : comment;
    }
}
