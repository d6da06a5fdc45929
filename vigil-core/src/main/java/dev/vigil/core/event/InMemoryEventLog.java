package dev.vigil.core.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link EventLog} in memory: for tests, {@code vigil demo} and tools that keep nothing. */
public final class InMemoryEventLog implements ProblemLog {
    private final List<Logged> events = new ArrayList<>();
    /** Per fingerprint of a problem not from checks: its newest event and since when it is open. */
    private final Map<String, OpenProblem> open = new HashMap<>();
    private final Map<String, ProblemAck> acks = new HashMap<>();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void append(List<Event> newEvents) {
        synchronized (this) {
            for (Event e : newEvents) {
                Logged logged = new Logged(events.size() + 1, e);
                events.add(logged);
                track(logged);
            }
        }
        subscribers.forEach(Runnable::run);
    }

    @Override
    public synchronized List<Logged> after(long id, int limit) {
        int from = (int) Math.max(0, Math.min(id, events.size()));
        return List.copyOf(events.subList(from, Math.min(events.size(), from + Math.max(0, limit))));
    }

    @Override
    public synchronized List<Logged> newest(String host, Instant since, int limit) {
        List<Logged> out = new ArrayList<>();
        for (Logged l : events) {
            if (!l.event().when().isBefore(since) && (host == null || host.equals(l.event().host()))) {
                out.add(l);
            }
        }
        out.sort((a, b) -> {
            int byTime = b.event().when().compareTo(a.event().when());
            return byTime != 0 ? byTime : Long.compare(b.id(), a.id());
        });
        return List.copyOf(out.subList(0, Math.min(out.size(), Math.max(0, limit))));
    }

    /** As the SQLite log: a problem (not OK) opens or refreshes, a recovery or an OK problem closes. */
    private void track(Logged logged) {
        Event e = logged.event();
        if (e.source().equals("check")) {
            return;
        }
        boolean opens = e.kind() == EventKind.PROBLEM && e.severity() != Severity.OK;
        if (opens) {
            OpenProblem was = open.get(e.fingerprint());
            Instant since = was == null || e.when().isBefore(was.since()) ? e.when() : was.since();
            open.put(e.fingerprint(), new OpenProblem(logged, since, null));
        } else if (e.kind() == EventKind.RECOVERY || e.kind() == EventKind.PROBLEM) {
            open.remove(e.fingerprint());
        }
    }

    @Override
    public synchronized List<OpenProblem> openProblems(int limit) {
        return open.values().stream()
                .sorted(Comparator.comparing((OpenProblem p) -> p.latest().event().when()).reversed())
                .limit(Math.max(0, limit))
                .map(p -> {
                    ProblemAck ack = acks.get(p.latest().event().fingerprint());
                    return new OpenProblem(p.latest(), p.since(), ack == null || ack.at().isBefore(p.since()) ? null : ack);
                })
                .toList();
    }

    @Override
    public boolean acknowledgeProblem(String fingerprint, String author, String comment, Instant at) {
        Event problem;
        synchronized (this) {
            OpenProblem p = open.get(fingerprint);
            if (p == null) {
                return false;
            }
            problem = p.latest().event();
            acks.put(fingerprint, new ProblemAck(author, comment, at));
        }
        append(List.of(new Event(at, problem.host(), problem.source(), EventKind.ACKNOWLEDGED, Severity.INFO,
                problem.title() + " acknowledged by " + author, comment, fingerprint, problem.evidence(), "acknowledgement",
                problem.tags())));
        return true;
    }

    @Override
    public synchronized List<String> eventValues(String field) {
        if (!field.equals("host") && !field.equals("source")) {
            throw new IllegalArgumentException("events are filtered by host or source");
        }
        return events.stream().map(l -> field.equals("host") ? l.event().host() : l.event().source())
                .filter(Objects::nonNull).distinct().sorted().limit(1000).toList();
    }

    @Override
    public void subscribe(Runnable wake) {
        subscribers.add(wake);
    }
}
