package dev.vigil.notify.config;

import dev.vigil.core.event.Event;
import java.time.Duration;
import java.util.List;

/**
 * One node of the routing tree: events matching all {@code matchers} go to {@code receiver} (if any) grouped
 * by {@code groupBy}; child routes refine; {@code continueMatching} lets later sibling routes match too.
 *
 * @param escalations receivers to notify when a firing alert stays unacknowledged for their delay
 */
public record Route(String id, List<Matcher> matchers, String receiver, List<String> groupBy, Duration groupWait,
                    Duration groupInterval, Duration repeatInterval, boolean continueMatching,
                    List<Escalation> escalations, List<Route> routes) {

    /** Notify {@code receiver} when an alert is still firing and unacknowledged {@code after} it started. */
    public record Escalation(Duration after, String receiver) {}

    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        escalations = List.copyOf(escalations);
        routes = List.copyOf(routes);
    }

    public boolean matches(Event e) {
        return matchers.stream().allMatch(m -> m.matches(e));
    }
}
