package dev.vigil.notify.pipeline;

import dev.vigil.core.event.Event;
import java.util.Optional;

/**
 * Which incident an event belongs to (the incidents capability answers; the server wires it in), so that
 * notifications go per incident: the first message opens it, later events update it, the recovery closes it.
 */
@FunctionalInterface
public interface IncidentOf {
    IncidentOf NONE = (id, event) -> Optional.empty();

    /** The incident of the event at {@code id} in the event log, once it has been grouped. */
    Optional<Long> incident(long id, Event event);
}
