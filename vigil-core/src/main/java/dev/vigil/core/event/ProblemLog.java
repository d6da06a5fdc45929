package dev.vigil.core.event;

import java.time.Instant;
import java.util.List;

/**
 * The event log with what the dashboard and the API ask of it beyond reading in order: the problems that
 * sources other than checks (logs, integrity, audit, metrics) raised and have not recovered, their
 * acknowledgements, and the values the event filters offer.
 */
public interface ProblemLog extends EventLog {

    /** Who acknowledged an open problem that is not a check, and when. */
    record ProblemAck(String author, String comment, Instant at) {}

    /** An open problem from a source other than checks: its latest event, since when, its acknowledgement if any. */
    record OpenProblem(Logged latest, Instant since, ProblemAck ack) {}

    /**
     * Per fingerprint, the newest event when it is a problem, newest first. Checks are left out: the engine's
     * state is theirs. An acknowledgement counts until the problem next recovers.
     */
    List<OpenProblem> openProblems(int limit);

    /**
     * Acknowledges the open problem with {@code fingerprint}; false when there is none. The acknowledgement is
     * also an event ({@code acknowledged}, same fingerprint), so the pipeline stops escalating the problem.
     */
    boolean acknowledgeProblem(String fingerprint, String author, String comment, Instant at);

    /** The distinct values of an event field that filters offer: {@code host} or {@code source}. */
    List<String> eventValues(String field);
}
