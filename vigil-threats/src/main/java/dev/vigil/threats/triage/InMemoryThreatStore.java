package dev.vigil.threats.triage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A {@link ThreatStore} in memory: for tests and the contract suite's reference. */
public final class InMemoryThreatStore implements ThreatStore {
    private final Map<Long, Finding> findings = new TreeMap<>();
    private final Map<Long, List<Change>> history = new HashMap<>();
    private final Map<String, String> resume = new HashMap<>();
    private final Set<String> allowed = new java.util.HashSet<>();
    private long next = 1;

    @Override
    public synchronized Optional<Finding> byKey(String key) {
        return findings.values().stream().filter(f -> f.key().equals(key)).findFirst();
    }

    @Override
    public synchronized Finding add(Finding draft) {
        if (byKey(draft.key()).isPresent()) {
            throw new IllegalStateException("a finding with this key is stored already");
        }
        Finding f = draft.withId(next++);
        findings.put(f.id(), f);
        return f;
    }

    @Override
    public synchronized void seenAgain(long id, Instant at) {
        Finding f = find(id);
        findings.put(id, new Finding(id, f.key(), f.source(), f.sourceName(), f.url(), f.title(), f.host(), f.service(), f.terms(),
                f.rules(), f.secrets(), f.excerpt(), f.firstSeen(), at.isAfter(f.lastSeen()) ? at : f.lastSeen(), f.contentSha256(), f.severity(), f.state(), f.assignee(),
                f.tags(), f.raised()));
    }

    @Override
    public synchronized void raised(long id) {
        Finding f = find(id);
        findings.put(id, new Finding(id, f.key(), f.source(), f.sourceName(), f.url(), f.title(), f.host(), f.service(), f.terms(),
                f.rules(), f.secrets(), f.excerpt(), f.firstSeen(), f.lastSeen(), f.contentSha256(), f.severity(), f.state(),
                f.assignee(), f.tags(), true));
    }

    @Override
    public synchronized List<Finding> unraised() {
        return findings.values().stream().filter(f -> !f.raised()).toList();
    }

    @Override
    public synchronized Optional<Finding> get(long id) {
        return Optional.ofNullable(findings.get(id));
    }

    @Override
    public synchronized List<Finding> list(Filter filter) {
        return findings.values().stream()
                .filter(f -> filter.state() == null || f.state() == filter.state())
                .filter(f -> filter.source() == null || filter.source().isEmpty() || f.source().equals(filter.source()))
                .filter(f -> filter.atLeast() == null || f.severity().compareTo(filter.atLeast()) >= 0)
                .sorted(Comparator.comparing(Finding::lastSeen).reversed().thenComparing(Comparator.comparingLong(Finding::id).reversed()))
                .limit(filter.limit())
                .toList();
    }

    @Override
    public synchronized Finding update(long id, FindingState state, String assignee, List<String> tags, String comment, String who,
                                       Instant at) {
        Finding f = find(id);
        List<Change> h = history.computeIfAbsent(id, k -> new ArrayList<>());
        FindingState s = f.state();
        if (state != null && state != s) {
            s = state;
            h.add(new Change(at, who, "state", state.id()));
        }
        String a = f.assignee();
        if (assignee != null && !assignee.equals(a)) {
            a = assignee;
            h.add(new Change(at, who, "assignee", assignee));
        }
        List<String> t = f.tags();
        if (tags != null && !tags.equals(t)) {
            t = List.copyOf(tags);
            h.add(new Change(at, who, "tags", String.join(", ", tags)));
        }
        if (comment != null && !comment.isBlank()) {
            h.add(new Change(at, who, "comment", comment));
        }
        Finding updated = new Finding(id, f.key(), f.source(), f.sourceName(), f.url(), f.title(), f.host(), f.service(), f.terms(),
                f.rules(), f.secrets(), f.excerpt(), f.firstSeen(), f.lastSeen(), f.contentSha256(), f.severity(), s, a, t, f.raised());
        findings.put(id, updated);
        return updated;
    }

    private Finding find(long id) {
        Finding f = findings.get(id);
        if (f == null) {
            throw new NoSuchElementException("no finding " + id);
        }
        return f;
    }

    @Override
    public synchronized List<Change> history(long id) {
        return List.copyOf(history.getOrDefault(id, List.of()));
    }

    @Override
    public synchronized Set<String> allowed() {
        return Set.copyOf(allowed);
    }

    @Override
    public synchronized void allow(String sha256, String who, String why, Instant at) {
        allowed.add(sha256);
    }

    @Override
    public synchronized Optional<String> resume(String source) {
        return Optional.ofNullable(resume.get(source));
    }

    @Override
    public synchronized void resume(String source, String state) {
        resume.put(source, state);
    }
}
