package dev.vigil.core.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link EventLog} in memory: for tests, {@code vigil demo} and tools that keep nothing. */
public final class InMemoryEventLog implements EventLog {
    private final List<Logged> events = new ArrayList<>();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void append(List<Event> newEvents) {
        synchronized (this) {
            for (Event e : newEvents) {
                events.add(new Logged(events.size() + 1, e));
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

    @Override
    public void subscribe(Runnable wake) {
        subscribers.add(wake);
    }
}
