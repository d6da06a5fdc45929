package dev.vigil.notify;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The pipeline's state in memory: for tests, benchmarks and {@code vigil demo}. It outlives a pipeline, so a
 * test can "restart" one on the same state.
 */
public final class InMemoryNotifyStore implements NotifyStore {
    private final List<Outgoing> outbox = new ArrayList<>();
    private final List<Silence> silences = new ArrayList<>();
    private final Map<String, String> secrets = new HashMap<>();
    private final Set<String> usedLinks = new HashSet<>();
    private long cursor;

    @Override
    public synchronized long cursor() {
        return cursor;
    }

    @Override
    public synchronized void saveCursor(long eventId) {
        cursor = eventId;
    }

    @Override
    public synchronized List<Outgoing> enqueue(List<Queued> notifications, long cursor) {
        List<Outgoing> added = new ArrayList<>();
        for (Queued q : notifications) {
            Outgoing o = new Outgoing(outbox.size() + 1, q.receiver(), q.channel(), q.notification(), 0, q.notBefore(),
                    "pending", null, null);
            outbox.add(o);
            added.add(o);
        }
        this.cursor = cursor;
        return added;
    }

    @Override
    public synchronized List<Outgoing> due(Instant now, int limit) {
        return outbox.stream().filter(o -> o.state().equals("pending") && !o.nextAttempt().isAfter(now)).limit(limit).toList();
    }

    private void replace(long id, UnaryOperator<Outgoing> change) {
        int i = (int) id - 1;
        outbox.set(i, change.apply(outbox.get(i)));
    }

    @Override
    public synchronized void markSent(long id, Instant at) {
        replace(id, o -> new Outgoing(o.id(), o.receiver(), o.channel(), o.notification(), o.attempts() + 1, o.nextAttempt(),
                "sent", null, at));
    }

    @Override
    public synchronized void markFailed(long id, String error, Instant nextAttempt) {
        replace(id, o -> new Outgoing(o.id(), o.receiver(), o.channel(), o.notification(), o.attempts() + 1, nextAttempt,
                "pending", error, null));
    }

    @Override
    public synchronized void markGivenUp(long id, String error) {
        replace(id, o -> new Outgoing(o.id(), o.receiver(), o.channel(), o.notification(), o.attempts() + 1, o.nextAttempt(),
                "failed", error, null));
    }

    @Override
    public synchronized Optional<String> lastStatus(String dedupKey) {
        for (int i = outbox.size() - 1; i >= 0; i--) {
            if (outbox.get(i).notification().dedupKey().equals(dedupKey)) {
                return Optional.of(outbox.get(i).notification().status().id());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<Outgoing> history(String fingerprint, int limit) {
        return outbox.reversed().stream().filter(o -> fingerprint == null || o.notification().alerts().stream()
                .anyMatch(a -> a.fingerprint().equals(fingerprint))).limit(limit).toList();
    }

    @Override
    public synchronized String secret(String name) {
        return secrets.computeIfAbsent(name, n -> HexFormat.of().formatHex(random32()));
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public synchronized boolean useAckLink(String nonce, Instant at) {
        return usedLinks.add(nonce);
    }

    @Override
    public synchronized List<Silence> silences() {
        return List.copyOf(silences);
    }

    @Override
    public synchronized void saveSilence(Silence silence) {
        silences.add(silence);
    }

    @Override
    public synchronized boolean deleteSilence(String id) {
        return silences.removeIf(s -> s.id().equals(id));
    }
}
