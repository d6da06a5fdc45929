package dev.vigil.notify;

import dev.vigil.core.event.EventLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the notification pipeline keeps durable: how far it has read the {@link EventLog}
 * (the cursor is the position of the last event handled), the outbox, silences and
 * its signing secret. {@link #enqueue} is one transaction: notifications and the new cursor together.
 */
public interface NotifyStore {

    /** A notification waiting in the outbox for one channel of a receiver. */
    record Outgoing(long id, String receiver, int channel, Notification notification, int attempts, Instant nextAttempt,
                    String state, String lastError, Instant sent) {}

    /** A notification to add to the outbox. */
    record Queued(String receiver, int channel, Notification notification, Instant notBefore) {}

    long cursor();

    void saveCursor(long eventId);

    /** Adds notifications and moves the cursor in one transaction; returns them as outbox rows. */
    List<Outgoing> enqueue(List<Queued> notifications, long cursor);

    List<Outgoing> due(Instant now, int limit);

    void markSent(long id, Instant at);

    void markFailed(long id, String error, Instant nextAttempt);

    /** A delivery refused for good: kept with its reason as "failed", never due again. */
    void markGivenUp(long id, String error);

    /** The status ("firing"/"resolved") last queued for a dedup key, to send a recovery after a restart. */
    Optional<String> lastStatus(String dedupKey);

    /** Outbox entries about an alert fingerprint (or all when null), newest first. */
    List<Outgoing> history(String fingerprint, int limit);

    /** A server secret by name, created (random) on first use and kept. */
    String secret(String name);

    /** Records a one-time acknowledgement link as used; false if it was used before. */
    boolean useAckLink(String nonce, Instant at);

    List<Silence> silences();

    void saveSilence(Silence silence);

    boolean deleteSilence(String id);
}
