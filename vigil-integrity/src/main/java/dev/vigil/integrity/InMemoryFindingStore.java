package dev.vigil.integrity;

import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Open findings in memory: for tests and tools that keep nothing. */
public final class InMemoryFindingStore implements FindingStore {
    private final InstantSource clock;
    private final Map<String, Open> open = new HashMap<>();

    public InMemoryFindingStore(InstantSource clock) {
        this(clock, java.util.List.of());
    }

    /** Starts with findings kept elsewhere (the agent keeps its own in a file), their first sight unchanged. */
    public InMemoryFindingStore(InstantSource clock, java.util.Collection<Open> kept) {
        this.clock = clock;
        kept.forEach(o -> open.put(o.fingerprint(), o));
    }

    @Override
    public synchronized Map<String, Open> open(String prefix) {
        Map<String, Open> out = new LinkedHashMap<>();
        open.values().stream().filter(o -> o.kind().startsWith(prefix))
                .sorted(Comparator.comparingLong(Open::firstSeen).thenComparing(Open::path))
                .forEach(o -> out.put(o.fingerprint(), o));
        return out;
    }

    @Override
    public synchronized void opened(Open finding) {
        Open was = open.get(finding.fingerprint());
        long first = was != null ? was.firstSeen() : clock.instant().toEpochMilli();
        // Like the SQLite store: the class, path and fix stay as first seen; severity and why follow.
        Open kept = was == null ? finding : was;
        open.put(finding.fingerprint(), new Open(kept.fingerprint(), kept.kind(), kept.path(), finding.severity(), finding.why(),
                kept.remediation(), first));
    }

    @Override
    public synchronized void closed(String fingerprint) {
        open.remove(fingerprint);
    }
}
