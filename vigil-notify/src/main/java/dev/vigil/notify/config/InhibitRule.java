package dev.vigil.notify.config;

import java.util.List;

/**
 * While an alert matching {@code source} fires, alerts matching {@code target} with the same values of the
 * {@code equal} labels are not notified (Alertmanager's inhibition): e.g. a DOWN host inhibits its services.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {
    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    /** Built in: a host problem (an alert without a service) inhibits the alerts of that host's services. */
    public static final InhibitRule HOST_DOWN = new InhibitRule(
            List.of(new Matcher("kind", Matcher.Op.EQUAL, "problem"), new Matcher("service", Matcher.Op.EQUAL, ""),
                    new Matcher("severity", Matcher.Op.EQUAL, "CRITICAL")),
            List.of(new Matcher("service", Matcher.Op.NOT_EQUAL, "")),
            List.of("host"));
}
