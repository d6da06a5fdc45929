package dev.vigil.checks.push;

import dev.vigil.checks.Target;
import java.time.Instant;
import java.util.Map;

/**
 * What push monitors keep across restarts: each one's ping URL secret, when it appeared (a job that never pinged is
 * late from then), its last ping and its last start signal.
 */
public interface PushStore {

    /** One monitor's memory; {@code lastPing} and {@code lastStart} are null until they happen. */
    record Kept(Target target, String uuid, Instant created, Instant lastPing, Instant lastStart) {
        public Kept withPing(Instant at) {
            return new Kept(target, uuid, created, at, lastStart);
        }

        public Kept withStart(Instant at) {
            return new Kept(target, uuid, created, lastPing, at);
        }

        public Kept withUuid(String secret) {
            return new Kept(target, secret, created, lastPing, lastStart);
        }
    }

    Map<Target, Kept> all();

    /** Durable when it returns. */
    void save(Kept kept);

    void forget(Target target);
}
