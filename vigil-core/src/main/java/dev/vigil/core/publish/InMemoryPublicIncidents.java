package dev.vigil.core.publish;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Public incidents in memory: for tests and tools that keep nothing. */
public final class InMemoryPublicIncidents implements PublicIncidents {
    private final Map<String, Incident> incidents = new ConcurrentHashMap<>();

    @Override
    public synchronized Incident open(String page, String name, String impact, List<String> components, Update first) {
        Incident i = new Incident(UUID.randomUUID().toString().substring(0, 12), page, name, impact, List.copyOf(components), first.at(),
                List.of(first));
        incidents.put(i.id(), i);
        return i;
    }

    @Override
    public synchronized Optional<Incident> update(String id, Update update) {
        Incident i = incidents.get(id);
        if (i == null) {
            return Optional.empty();
        }
        List<Update> updates = new ArrayList<>();
        updates.add(update);
        updates.addAll(i.updates());
        Incident next = new Incident(i.id(), i.page(), i.name(), i.impact(), i.components(), i.created(), List.copyOf(updates));
        incidents.put(id, next);
        return Optional.of(next);
    }

    @Override
    public List<Incident> incidents(String page, Instant since) {
        return incidents.values().stream().filter(i -> i.page().equals(page) && !i.created().isBefore(since))
                .sorted(Comparator.comparing(Incident::created).reversed()).toList();
    }

    @Override
    public Optional<Incident> incident(String id) {
        return Optional.ofNullable(incidents.get(id));
    }
}
