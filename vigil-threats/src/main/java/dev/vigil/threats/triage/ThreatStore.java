package dev.vigil.threats.triage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where findings, their history, the allow-list and the sources' resume points are kept (SQLite in Vigil).
 * Every write is durable when it returns: a finding acknowledged is never lost, and a source resumes after
 * what it has handed over.
 */
public interface ThreatStore {

    /** Which findings a list shows; null or empty fields do not filter. */
    record Filter(FindingState state, String source, Level atLeast, int limit) {
        public static final Filter ALL = new Filter(null, null, null, 500);
    }

    /** The finding with this key, if one was stored. */
    Optional<Finding> byKey(String key);

    /** Stores a new finding; answers it with its id. */
    Finding add(Finding draft);

    /** The finding was seen again: moves its last sighting (the content and its state stay). */
    void seenAgain(long id, Instant at);

    /** Its event was appended. */
    void raised(long id);

    /** Findings whose event was not appended yet (stored just before a crash). */
    List<Finding> unraised();

    Optional<Finding> get(long id);

    /** Findings, newest sighting first. */
    List<Finding> list(Filter filter);

    /** Sets what is not null (state, assignee, tags) and keeps each change, and the comment, in the history. */
    Finding update(long id, FindingState state, String assignee, List<String> tags, String comment, String who, Instant at);

    /** The history of a finding, oldest first. */
    List<Change> history(long id);

    /** SHA-256 hashes of secrets that are known not to matter (a test key): they never make a finding again. */
    Set<String> allowed();

    void allow(String sha256, String who, String why, Instant at);

    /** A source's resume point as it saved it (a JSON text), or empty before its first run. */
    Optional<String> resume(String source);

    void resume(String source, String state);
}
