package dev.vigil.core.publish;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The incidents an admin tells the public about on a status page, each with its updates (investigating, identified,
 * monitoring, resolved), as Statuspage keeps them. What is written here is public: no check output goes in by itself.
 */
public interface PublicIncidents {

    /** The statuses of an incident's updates, in Statuspage's words. */
    List<String> STATUSES = List.of("investigating", "identified", "monitoring", "resolved");

    /** The impacts an incident can have, in Statuspage's words. */
    List<String> IMPACTS = List.of("none", "minor", "major", "critical");

    record Update(String status, String body, Instant at) {}

    /** @param updates newest first; the incident's status is its newest update's */
    record Incident(String id, String page, String name, String impact, List<String> components, Instant created, List<Update> updates) {
        public String status() {
            return updates.isEmpty() ? "investigating" : updates.get(0).status();
        }

        public Instant updated() {
            return updates.isEmpty() ? created : updates.get(0).at();
        }

        public boolean resolved() {
            return status().equals("resolved");
        }
    }

    /** Opens an incident with its first update; durable when it returns. */
    Incident open(String page, String name, String impact, List<String> components, Update first);

    /** Adds an update; empty when there is no such incident. */
    Optional<Incident> update(String id, Update update);

    /** A page's incidents created since {@code since}, newest first. */
    List<Incident> incidents(String page, Instant since);

    Optional<Incident> incident(String id);
}
