package dev.vigil.notify.pipeline;

import dev.vigil.core.event.Event;
import dev.vigil.notify.config.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the routing tree like Alertmanager: at each level the first matching route wins unless it says
 * {@code continue}; within a matching route, a matching child is more specific and wins over its parent.
 */
final class Router {
    private Router() {}

    static List<Route> match(List<Route> routes, Event e) {
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            if (!r.matches(e)) {
                continue;
            }
            List<Route> deeper = match(r.routes(), e);
            if (!deeper.isEmpty()) {
                out.addAll(deeper);
            } else if (r.receiver() != null) {
                out.add(r);
            }
            if (!r.continueMatching()) {
                break;
            }
        }
        return out;
    }
}
