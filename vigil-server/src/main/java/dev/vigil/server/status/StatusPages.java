package dev.vigil.server.status;

import dev.vigil.checks.HostState;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.State;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Downtime;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.checks.state.Status;
import dev.vigil.core.publish.PublicIncidents;
import dev.vigil.server.config.StatusPageSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a public status page shows, computed from the engine's states, its downtimes and the stored results, and
 * kept for {@link #FRESH} so a burst of visitors costs one computation: each component's status in Statuspage's
 * words, the page's indicator, 90 days of uptime per component (days in the page's time zone, so a day of 23 or 25
 * hours is one bar), and the maintenance windows that cover a component.
 */
public final class StatusPages {
    /** How long a computed page is served as is. */
    public static final Duration FRESH = Duration.ofSeconds(15);
    static final int DAYS = 90;

    /** One day's bar: its date, how it looked ("ok", "minor", "major", "none" without data) and the words on hover. */
    public record Day(LocalDate date, String css, String title) {}

    /**
     * @param status operational, degraded_performance, partial_outage, major_outage or under_maintenance
     * @param uptime the OK share of its results over the 90 days, null without any
     * @param output the check's output when the page shows it, else ""
     */
    public record Component(String id, String name, String description, int position, String status, Double uptime, List<Day> days,
                            String output, Instant updated) {}

    /** A maintenance window that covers components: from the downtimes, scheduled or in progress. */
    public record Maintenance(String id, String name, String status, Instant from, Instant until, List<String> components) {}

    /** A page as computed at {@code at}, with its incidents of the last 30 days (newest first). */
    public record Snapshot(StatusPageSettings.Page page, Instant at, String indicator, String description, List<Component> components,
                           List<Maintenance> maintenances, List<PublicIncidents.Incident> incidents) {
        public List<PublicIncidents.Incident> unresolved() {
            return incidents.stream().filter(i -> !i.resolved()).toList();
        }
    }

    private final Supplier<StatusPageSettings> settings;
    private final Supplier<Map<String, HostDefinition>> hosts;
    private final CheckEngine engine;
    private final ResultHistory results;
    private final PublicIncidents incidents;
    private final InstantSource clock;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final java.util.Set<String> refreshing = ConcurrentHashMap.newKeySet();

    public StatusPages(Supplier<StatusPageSettings> settings, Supplier<Map<String, HostDefinition>> hosts, CheckEngine engine,
                       ResultHistory results, PublicIncidents incidents, InstantSource clock) {
        this.incidents = incidents;
        this.settings = settings;
        this.hosts = hosts;
        this.engine = engine;
        this.results = results;
        this.clock = clock;
    }

    /** The page of that name (the first page for null), as of at most {@link #FRESH} ago; empty if there is none. */
    public Optional<Snapshot> page(String name) {
        List<StatusPageSettings.Page> pages = settings.get().pages();
        Optional<StatusPageSettings.Page> page = name == null ? pages.stream().findFirst()
                : pages.stream().filter(p -> p.name().equals(name)).findFirst();
        if (page.isEmpty()) {
            return Optional.empty();
        }
        String key = page.get().name();
        Snapshot s = cache.get(key);
        if (s != null && s.page().equals(page.get()) && !s.at().isBefore(clock.instant().minus(FRESH))) {
            return Optional.of(s);
        }
        if (s != null && s.page().equals(page.get())) {
            // Stale: visitors keep getting it while one refresh runs (a burst must not start a computation per request).
            if (refreshing.add(key)) {
                Thread.ofVirtual().start(() -> {
                    try {
                        refresh(key, page.get());
                    } finally {
                        refreshing.remove(key);
                    }
                });
            }
            return Optional.of(s);
        }
        return Optional.of(refresh(key, page.get()));
    }

    /** Computes the page unless another thread just did: one computation at a time per page. */
    private Snapshot refresh(String key, StatusPageSettings.Page page) {
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Snapshot s = cache.get(key);
            Instant now = clock.instant();
            if (s == null || !s.page().equals(page) || s.at().isBefore(now.minus(FRESH))) {
                s = compute(page, now);
                cache.put(key, s);
            }
            return s;
        }
    }

    private Snapshot compute(StatusPageSettings.Page page, Instant now) {
        ZoneId zone = page.zone();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant since = today.minusDays(DAYS - 1).atStartOfDay(zone).toInstant();
        List<Component> out = new ArrayList<>();
        List<Maintenance> maintenances = new ArrayList<>();
        Map<String, List<String>> maintained = new LinkedHashMap<>();
        int position = 0;
        for (StatusPageSettings.Component c : page.components()) {
            position++;
            List<Target> targets = targets(c);
            List<ResultHistory.Availability> hours = new ArrayList<>();
            for (Target t : targets) { // a host's own results (its services are components of their own when chosen)
                hours.addAll(results.availability(t, since, Duration.ofHours(1)));
            }
            String status = status(targets);
            Instant updated = targets.stream().map(engine::status).flatMap(Optional::stream).map(Status::lastStateChange)
                    .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(now);
            for (Target t : targets) {
                for (Downtime d : engine.activeDowntimes(t)) {
                    maintained.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(c.name());
                }
            }
            String output = page.showOutput() && c.kind() != StatusPageSettings.Kind.GROUP
                    ? engine.status(targets.get(0)).map(Status::output).orElse("") : "";
            long ok = hours.stream().mapToLong(ResultHistory.Availability::ok).sum();
            long total = hours.stream().mapToLong(ResultHistory.Availability::total).sum();
            out.add(new Component(id(page.name() + "/" + c.name()), c.name(), c.description(), position, status,
                    total == 0 ? null : 100.0 * ok / total, days(hours, zone, today), output, updated));
        }
        for (var e : maintained.entrySet()) {
            engine.downtimes().stream().filter(d -> d.id().equals(e.getKey())).findFirst().ifPresent(d -> {
                Instant[] w = d.window(now).orElse(new Instant[] {now, now});
                maintenances.add(new Maintenance(id("maintenance/" + d.id()), d.comment().isBlank() ? "Scheduled maintenance" : d.comment(),
                        "in_progress", w[0], w[1], List.copyOf(e.getValue())));
            });
        }
        List<PublicIncidents.Incident> told = incidents.incidents(page.name(), now.minus(Duration.ofDays(30)));
        String indicator = indicator(out, !maintenances.isEmpty());
        // An open incident says at least what its impact says, whatever the checks see.
        for (PublicIncidents.Incident i : told) {
            if (!i.resolved() && rank(i.impact()) > rank(indicator)) {
                indicator = i.impact();
            }
        }
        return new Snapshot(page, now, indicator, description(indicator), List.copyOf(out), List.copyOf(maintenances), told);
    }

    private static int rank(String indicator) {
        return List.of("none", "maintenance", "minor", "major", "critical").indexOf(indicator);
    }

    /** Forgets computed pages: an incident was posted, so visitors see it at once. */
    public void changed() {
        cache.clear();
    }

    /** The checks behind a component: its service, its host, or every host of its group. */
    private List<Target> targets(StatusPageSettings.Component c) {
        return switch (c.kind()) {
            case SERVICE -> {
                int slash = c.target().indexOf('/');
                yield List.of(Target.service(c.target().substring(0, slash), c.target().substring(slash + 1)));
            }
            case HOST -> List.of(Target.host(c.target()));
            case GROUP -> hosts.get().values().stream().filter(h -> h.groups().contains(c.target())).map(h -> Target.host(h.name())).toList();
        };
    }

    /**
     * Statuspage's words for the confirmed (HARD) states: a WARNING or UNKNOWN is degraded, a CRITICAL or a DOWN host
     * an outage (of a group, partial unless every host is out), a downtime maintenance; a target not found is said
     * to be degraded rather than pretended operational.
     */
    private String status(List<Target> targets) {
        if (targets.isEmpty()) {
            return "degraded_performance";
        }
        int out = 0;
        int degraded = 0;
        int maintenance = 0;
        for (Target t : targets) {
            Optional<Status> st = engine.status(t);
            if (st.isEmpty()) {
                degraded++;
                continue;
            }
            if (!engine.activeDowntimes(t).isEmpty()) {
                maintenance++;
                continue;
            }
            State hard = st.get().lastHardState() != null ? st.get().lastHardState() : st.get().state();
            if (hard == ServiceState.CRITICAL || hard == HostState.DOWN || hard == HostState.UNREACHABLE) {
                out++;
            } else if (hard == ServiceState.WARNING || hard == ServiceState.UNKNOWN) {
                degraded++;
            }
        }
        if (out > 0) {
            return out == targets.size() ? "major_outage" : "partial_outage";
        }
        if (degraded > 0) {
            return "degraded_performance";
        }
        return maintenance > 0 ? "under_maintenance" : "operational";
    }

    static String indicator(List<Component> components, boolean maintenance) {
        long major = components.stream().filter(c -> c.status().equals("major_outage")).count();
        boolean partial = components.stream().anyMatch(c -> c.status().equals("partial_outage"));
        boolean degraded = components.stream().anyMatch(c -> c.status().equals("degraded_performance"));
        if (major > 0) {
            return major == components.size() ? "critical" : "major";
        }
        if (partial || degraded) {
            return partial ? "major" : "minor";
        }
        return maintenance ? "maintenance" : "none";
    }

    static String description(String indicator) {
        return switch (indicator) {
            case "none" -> "All Systems Operational";
            case "minor" -> "Minor Service Outage";
            case "major" -> "Partial System Outage";
            case "critical" -> "Major System Outage";
            default -> "Service Under Maintenance";
        };
    }

    /** 90 bars, oldest first: each local day's hours summed (a DST day has 23 or 25 of them). */
    static List<Day> days(List<ResultHistory.Availability> hours, ZoneId zone, LocalDate today) {
        Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
        for (ResultHistory.Availability a : hours) {
            long[] d = byDay.computeIfAbsent(LocalDate.ofInstant(a.from(), zone), k -> new long[2]);
            d[0] += a.ok();
            d[1] += a.total();
        }
        List<Day> out = new ArrayList<>(DAYS);
        for (int i = DAYS - 1; i >= 0; i--) {
            LocalDate date = today.minusDays(i);
            long[] d = byDay.get(date);
            if (d == null || d[1] == 0) {
                out.add(new Day(date, "none", date + ": no data"));
                continue;
            }
            double pct = 100.0 * d[0] / d[1];
            String css = pct >= 99.9 ? "ok" : pct >= 99 ? "minor" : "major";
            out.add(new Day(date, css, String.format(Locale.ROOT, "%s: %.2f %% up", date, pct)));
        }
        return out;
    }

    /** A stable public id (Statuspage's ids are short opaque strings): nothing internal shows through. */
    static String id(String what) {
        return dev.vigil.core.event.Event.fingerprint("status", what).substring(0, 12);
    }
}
