package dev.vigil.incidents;

import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link IncidentStore} in memory: for tests and the contract suite's reference. */
public final class InMemoryIncidentStore implements IncidentStore {
    private final Map<Long, Incident> incidents = new TreeMap<>();
    private final Map<Long, List<Member>> members = new HashMap<>();
    private final Map<Long, Long> byEvent = new HashMap<>();
    private long next = 1;
    private long cursor;

    @Override
    public synchronized Incident open(Incident draft) {
        Incident i = draft.withId(next++);
        incidents.put(i.id(), i);
        return i;
    }

    @Override
    public synchronized void update(Incident incident) {
        if (!incidents.containsKey(incident.id())) {
            throw new NoSuchElementException("no incident " + incident.id());
        }
        incidents.put(incident.id(), incident);
    }

    @Override
    public synchronized void attach(long incident, Member member) {
        if (byEvent.putIfAbsent(member.event(), incident) == null) {
            members.computeIfAbsent(incident, k -> new ArrayList<>()).add(member);
        }
        cursor = Math.max(cursor, member.event());
    }

    @Override
    public synchronized void skip(long event) {
        cursor = Math.max(cursor, event);
    }

    @Override
    public synchronized long cursor() {
        return cursor;
    }

    @Override
    public synchronized Optional<Incident> get(long id) {
        return Optional.ofNullable(incidents.get(id));
    }

    @Override
    public synchronized List<Incident> list(IncidentState state, int limit) {
        return incidents.values().stream().filter(i -> state == null || i.state() == state)
                .sorted(Comparator.comparing(Incident::opened).reversed().thenComparing(Comparator.comparingLong(Incident::id).reversed()))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<Incident> active() {
        return incidents.values().stream().filter(i -> i.state().active()).toList();
    }

    @Override
    public synchronized List<Member> members(long incident) {
        return members.getOrDefault(incident, List.of()).stream()
                .sorted(Comparator.comparing(Member::at).thenComparingLong(Member::event)).toList();
    }

    @Override
    public synchronized Optional<Long> incidentOf(long event) {
        return Optional.ofNullable(byEvent.get(event));
    }

    @Override
    public synchronized Optional<Long> incidentAt(String source, String host, Instant at) {
        for (var e : members.entrySet()) {
            for (Member m : e.getValue()) {
                if (m.source().equals(source) && Objects.equals(m.host(), host) && m.at().toEpochMilli() == at.toEpochMilli()) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<Attached> problemsSince(Instant since, int limit) {
        List<Attached> out = new ArrayList<>();
        members.forEach((incident, list) -> list.stream().filter(m -> !m.at().isBefore(since) && m.kind() == EventKind.PROBLEM
                && m.severity().compareTo(Severity.WARNING) >= 0).forEach(m -> out.add(new Attached(incident, m))));
        List<Attached> sorted = out.stream().sorted(Comparator.comparing((Attached a) -> a.member().at())).toList();
        return sorted.subList(Math.max(0, sorted.size() - limit), sorted.size());
    }
}
