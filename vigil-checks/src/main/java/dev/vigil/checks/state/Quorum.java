package dev.vigil.checks.state;

import dev.vigil.checks.ServiceState;
import dev.vigil.checks.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A service's state from several places: each location runs Nagios' SOFT/HARD logic on its own results first; the
 * service is then as bad as at least {@code quorum} locations' HARD states agree it is. Locations that lost contact
 * do not count either way (their silence is their own problem), and the quorum shrinks to the locations still in
 * contact, so losing probes never hides a problem the rest all see.
 */
public final class Quorum {
    private Quorum() {}

    /** The service's state as the locations decide it, and why, in words fit for the plugin output. */
    public record Verdict(ServiceState state, String output, String longOutput) {}

    private static final List<ServiceState> PROBLEMS = List.of(ServiceState.CRITICAL, ServiceState.UNKNOWN, ServiceState.WARNING);

    /**
     * The verdict, or empty while too few locations have a HARD state to decide (just after start, or while a
     * location waits for its first result): the service then keeps the state it had.
     *
     * @param locations the service's locations, in the order it lists them
     * @param quorum how many of them must agree
     * @param places each location's own status (missing: not checked yet)
     * @param lost the locations that lost contact with this server
     */
    public static Optional<Verdict> of(List<String> locations, int quorum, Map<String, Status> places, Set<String> lost) {
        List<String> live = locations.stream().filter(n -> !lost.contains(n)).toList();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        int need = Math.min(quorum, live.size());
        List<String> known = new ArrayList<>();
        StringBuilder details = new StringBuilder();
        for (String name : locations) {
            Status st = places.get(name);
            if (lost.contains(name)) {
                details.append(name).append(": no contact with this location's probe\n");
            } else if (st == null || hard(st) == ServiceState.PENDING) {
                details.append(name).append(": waiting for the first result\n");
            } else {
                known.add(name);
                details.append(name).append(": ").append(st.state().name()).append(" (").append(st.stateType().name()).append(' ')
                        .append(st.attempt()).append('/').append(st.maxAttempts()).append(") ").append(st.output()).append('\n');
            }
        }
        String tail = " of " + live.size() + " location" + (live.size() == 1 ? "" : "s") + " in contact (quorum " + need + ")";
        for (ServiceState s : PROBLEMS) {
            List<String> agree = known.stream().filter(n -> atLeast(hard(places.get(n)), s)).toList();
            if (agree.size() >= need) {
                String first = agree.getFirst();
                return Optional.of(new Verdict(s, s.name() + " from " + agree.size() + tail + ": " + String.join(", ", agree)
                        + " - " + places.get(first).output(), details.toString().strip()));
            }
        }
        if (known.size() < need) {
            return Optional.empty();
        }
        List<String> dissent = known.stream().filter(n -> hard(places.get(n)).isProblem()).toList();
        String output = "OK from " + (known.size() - dissent.size()) + tail
                + (dissent.isEmpty() ? "" : "; " + String.join(", ", dissent.stream().map(n -> n + " sees " + hard(places.get(n)).name()).toList())
                + " (below the quorum)");
        return Optional.of(new Verdict(ServiceState.OK, output, details.toString().strip()));
    }

    /** Whether {@code state} is as bad as {@code than} or worse, in Nagios' order. */
    private static boolean atLeast(ServiceState state, ServiceState than) {
        return ServiceState.worst(state, than) == state;
    }

    /** A location's confirmed state: a SOFT problem is not yet a vote. */
    static ServiceState hard(Status st) {
        State s = st.stateType() == StateType.HARD ? st.state() : st.lastHardState();
        return s instanceof ServiceState ss ? ss : ServiceState.UNKNOWN;
    }
}
