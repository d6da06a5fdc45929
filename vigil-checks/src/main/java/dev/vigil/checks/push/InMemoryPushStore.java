package dev.vigil.checks.push;

import dev.vigil.checks.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Push monitors' memory in memory: for tests and tools that keep nothing. */
public final class InMemoryPushStore implements PushStore {
    private final Map<Target, Kept> kept = new ConcurrentHashMap<>();

    @Override
    public Map<Target, Kept> all() {
        return Map.copyOf(kept);
    }

    @Override
    public void save(Kept k) {
        kept.put(k.target(), k);
    }

    @Override
    public void forget(Target target) {
        kept.remove(target);
    }
}
