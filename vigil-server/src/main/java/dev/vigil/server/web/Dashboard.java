package dev.vigil.server.web;

import dev.vigil.checks.PerfValue;
import dev.vigil.checks.Perfdata;
import dev.vigil.checks.State;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.HostDefinition;
import dev.vigil.checks.config.Plan;
import dev.vigil.checks.config.ServiceDefinition;
import dev.vigil.checks.engine.CheckEngine;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.checks.state.StateType;
import dev.vigil.checks.state.Status;
import dev.vigil.core.config.Durations;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.ProblemLog;
import dev.vigil.core.event.Severity;
import dev.vigil.notify.Silence;
import dev.vigil.notify.config.Matcher;
import dev.vigil.server.Vigil;
import dev.vigil.server.view.NotificationViews;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Builds the page models from the engine's current state and the store's history. */
final class Dashboard {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final List<String> SERVICE_ORDER = List.of("CRITICAL", "WARNING", "UNKNOWN", "OK", "PENDING");
    private static final List<String> HOST_ORDER = List.of("DOWN", "UNREACHABLE", "UP", "PENDING");

    private final Vigil vigil;

    Dashboard(Vigil vigil) {
        this.vigil = vigil;
    }

    private CheckEngine engine() {
        return vigil.engine();
    }

    private Instant now() {
        return vigil.scheduler().clock().instant();
    }

    // --- overview ----------------------------------------------------------------------------------

    Model.Overview overview(Model.Frame frame) {
        Plan plan = engine().plan();
        List<Status> statuses = engine().statuses();
        Map<String, Integer> hostCounts = counts(HOST_ORDER);
        Map<String, Integer> serviceCounts = counts(SERVICE_ORDER);
        List<Ranked> unhandled = new ArrayList<>();
        List<Ranked> acknowledged = new ArrayList<>();
        List<Ranked> downtime = new ArrayList<>();
        Map<String, List<Model.Cell>> cells = new LinkedHashMap<>();
        Map<String, Integer> soft = new HashMap<>();
        for (Status s : statuses) {
            Target t = s.target();
            (t.isHost() ? hostCounts : serviceCounts).merge(s.state().name(), 1, Integer::sum);
            if (!t.isHost() && s.state().isProblem() && s.stateType() == StateType.SOFT) {
                soft.merge(s.state().name(), 1, Integer::sum);
            }
            if (!t.isHost()) {
                cells.computeIfAbsent(t.host(), h -> new ArrayList<>())
                        .add(new Model.Cell(t.service(), s.state().name(), css(s.state()), serviceHref(t)));
            }
            if (!s.isHardProblem()) {
                continue;
            }
            boolean inDowntime = !engine().activeDowntimes(t).isEmpty();
            Ranked p = new Ranked(rank(s.state()), problem(s));
            if (inDowntime) {
                downtime.add(p);
            } else if (s.acknowledgement() != null) {
                acknowledged.add(p);
            } else if (!t.isHost() && hostDown(t.host())) {
                acknowledged.add(new Ranked(p.rank, withNote(p.problem, "host " + t.host() + " is down")));
            } else {
                unhandled.add(p);
            }
        }
        // Log alerts, integrity changes, audit findings, metric alerts: open problems the engine does not hold.
        Map<String, Integer> otherCounts = counts(List.of("CRITICAL", "WARNING"));
        Map<String, Integer> otherByHost = new LinkedHashMap<>();
        for (var open : vigil.events().openProblems(500)) {
            Model.Problem p = problem(open);
            otherCounts.merge(p.state(), 1, Integer::sum);
            if (p.host() != null && !plan.hosts().containsKey(p.host())) {
                otherByHost.merge(p.host(), rank(p.state()), Math::max);
            }
            (open.ack() == null ? unhandled : acknowledged).add(new Ranked(rank(p.state()), p));
        }
        List<Model.Strip> strips = new ArrayList<>();
        // A host known only from what it sent (logs) is a host too.
        otherByHost.forEach((host, rank) -> strips.add(new Model.Strip(host, rank >= 4 ? "CRITICAL" : "WARNING",
                rank >= 4 ? "critical" : "warning", "/events?host=" + enc(host), List.of(), 0)));
        for (HostDefinition h : plan.hosts().values()) {
            Optional<Status> hs = engine().status(Target.host(h.name()));
            String state = hs.map(s -> s.state().name()).orElse("PENDING");
            List<Model.Cell> all = cells.getOrDefault(h.name(), List.of());
            // OK services are counted, not drawn: the strip stays compact and problems stand out.
            List<Model.Cell> c = new ArrayList<>(all.stream().filter(x -> !x.state().equals("OK")).toList());
            c.sort(Comparator.comparing((Model.Cell x) -> SERVICE_ORDER.indexOf(x.state())).thenComparing(Model.Cell::name));
            strips.add(new Model.Strip(h.name(), state, css(state), hostHref(h.name()), c, all.size() - c.size()));
        }
        strips.sort(Comparator.comparing((Model.Strip s) -> -worst(s)).thenComparing(Model.Strip::host));
        List<Model.Count> services = serviceCounts.entrySet().stream().map(e -> new Model.Count(e.getKey(), css(e.getKey()),
                e.getValue(), soft.getOrDefault(e.getKey(), 0))).toList();
        return new Model.Overview(frame, toCounts(hostCounts), services, toCounts(otherCounts), sorted(unhandled),
                sorted(acknowledged), sorted(downtime), events(null, null, null, 15), strips);
    }

    private record Ranked(int rank, Model.Problem problem) {}

    private static List<Model.Problem> sorted(List<Ranked> list) {
        return list.stream().sorted(Comparator.comparingInt((Ranked r) -> -r.rank)
                .thenComparing(r -> r.problem.host()).thenComparing(r -> String.valueOf(r.problem.service())))
                .map(Ranked::problem).toList();
    }

    private static int worst(Model.Strip s) {
        int w = rank(s.state());
        for (Model.Cell c : s.cells()) {
            w = Math.max(w, rank(c.state()));
        }
        return w;
    }

    /** Urgency for sorting: CRITICAL/DOWN first, then UNKNOWN/UNREACHABLE, then WARNING. */
    static int rank(State state) {
        return rank(state.name());
    }

    static int rank(String state) {
        return switch (state) {
            case "CRITICAL", "DOWN" -> 4;
            case "UNKNOWN", "UNREACHABLE" -> 3;
            case "WARNING" -> 2;
            default -> 0;
        };
    }

    private boolean hostDown(String host) {
        return engine().status(Target.host(host)).map(s -> s.state().isProblem()).orElse(false);
    }

    private Model.Problem problem(Status s) {
        Target t = s.target();
        String note = null;
        if (s.acknowledgement() != null) {
            note = "acknowledged by " + s.acknowledgement().author()
                    + (s.acknowledgement().comment().isEmpty() ? "" : ": " + s.acknowledgement().comment());
        }
        var downtimes = engine().activeDowntimes(t);
        if (!downtimes.isEmpty()) {
            note = "in downtime" + (downtimes.get(0).comment().isEmpty() ? "" : ": " + downtimes.get(0).comment());
        }
        String silenced = silenced(Event.of(EventKind.PROBLEM, now(), t.host(), "check",
                s.state().isProblem() && rank(s.state()) >= 4 ? Severity.CRITICAL : Severity.WARNING,
                t.toString(),
                "probe")
                .withTags(t.isHost() ? Map.of() : Map.of("service", t.service())));
        if (silenced != null) {
            note = note == null ? silenced : note + "; " + silenced;
        }
        return new Model.Problem(t.host(), t.service(), s.state().name(), css(s.state()), s.stateType().name(),
                s.attempt() + "/" + s.maxAttempts(), since(s.lastStateChange()), s.output(), note,
                t.isHost() ? hostHref(t.host()) : serviceHref(t));
    }

    /** A problem from the event log: its source is shown where a check's service name would be. */
    private Model.Problem problem(ProblemLog.OpenProblem open) {
        Event e = open.latest().event();
        String state = e.severity() == Severity.CRITICAL ? "CRITICAL" : "WARNING";
        String note = open.ack() == null ? null : "acknowledged by " + open.ack().author()
                + (open.ack().comment().isEmpty() ? "" : ": " + open.ack().comment());
        String silenced = silenced(e);
        if (silenced != null) {
            note = note == null ? silenced : note + "; " + silenced;
        }
        String href = e.evidence().isEmpty()
                ? "/events?source=" + enc(e.source()) + (e.host() == null ? "" : "&host=" + enc(e.host()))
                : e.evidence().get(0).href();
        return new Model.Problem(e.host() == null ? "(this server)" : e.host(), e.source(), state, css(state), "",
                "", since(open.since()), e.title(), note, href, e.fingerprint());
    }

    /** "silenced until 06:13 UTC by alice" when an active silence mutes {@code probe}, else null. */
    private String silenced(Event probe) {
        Instant at = now();
        return vigil.notifications().silences().stream().filter(x -> x.mutes(probe, at))
                .max(Comparator.comparing(Silence::endsAt))
                .map(x -> "silenced until " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC)
                        .format(x.endsAt()) + " by " + x.author()).orElse(null);
    }

    /**
     * A series with no sample for this long is hidden from the host's graphs (a removed service's, a renamed
     * disk's) and offered for removal; the metrics runtime deletes it once its year of archives is empty.
     */
    static final Duration STALE_AFTER = Duration.ofDays(2);
    static final List<String> GRAPH_RANGES = List.of("1h", "6h", "day", "week", "month", "year");
    private static final List<String> GRAPH_KINDS = List.of("Load", "CPU", "Memory", "Disk", "Network", "Services", "System");

    /** Which panel group a series belongs to, from its name (Munin's categories, roughly). */
    static String kind(String series, String source) {
        // A check's own numbers (response time, sizes) are grouped under Services; what it measures of the
        // machine (source "check" or "local") goes with the collector's series of that kind.
        if ("perfdata".equals(source)) {
            return "Services";
        }
        String s = series.toLowerCase(Locale.ROOT);
        if (s.startsWith("load")) {
            return "Load";
        }
        if (s.startsWith("cpu")) {
            return "CPU";
        }
        if (s.startsWith("memory") || s.startsWith("mem") || s.startsWith("swap")) {
            return "Memory";
        }
        if (s.startsWith("disk") || s.startsWith("fs") || s.startsWith("inode")) {
            return "Disk";
        }
        if (s.startsWith("net")) {
            return "Network";
        }
        return "System";
    }

    /** A value for a link's query string (the pages build their links with this one). */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Model.Problem withNote(Model.Problem p, String note) {
        return new Model.Problem(p.host(), p.service(), p.state(), p.css(), p.stateType(), p.attempt(), p.since(),
                p.output(), note, p.href(), p.fingerprint());
    }

    private static Map<String, Integer> counts(List<String> order) {
        Map<String, Integer> m = new LinkedHashMap<>();
        order.forEach(s -> m.put(s, 0));
        return m;
    }

    private static List<Model.Count> toCounts(Map<String, Integer> m) {
        return m.entrySet().stream().map(e -> new Model.Count(e.getKey(), css(e.getKey()), e.getValue())).toList();
    }

    // --- hosts ---------------------------------------------------------------------------------------

    /** The start of the 24-hour strip: the hour a day ago, so the strip has 25 bars, the last one this hour. */
    private static Instant dayAgo(Instant now) {
        return now.minus(Duration.ofHours(24)).truncatedTo(ChronoUnit.HOURS);
    }

    /** One bar per hour since {@code dayAgo}, coloured by the OK share of the results in it. */
    private static List<Model.UptimeBar> hourBars(Instant dayAgo, List<ResultHistory.Availability> availability) {
        Map<Instant, ResultHistory.Availability> hours = new HashMap<>();
        availability.forEach(a -> hours.put(a.from(), a));
        List<Model.UptimeBar> bars = new ArrayList<>();
        for (int h = 0; h <= 24; h++) {
            Instant from = dayAgo.plus(Duration.ofHours(h));
            var a = hours.get(from);
            double share = a == null || a.total() == 0 ? Double.NaN : (double) a.ok() / a.total();
            String css = Double.isNaN(share) ? "none" : share >= 0.999 ? "ok" : share >= 0.9 ? "warning" : "critical";
            bars.add(new Model.UptimeBar(css, DateTimeFormatter.ofPattern("HH:00").withZone(ZoneOffset.UTC).format(from) + " UTC: "
                    + (a == null ? "no results" : a.ok() + " of " + a.total() + " OK")));
        }
        return bars;
    }

    /** The hosts' strips, computed at most once a minute: the page refreshes every 5 s, a bar changes hourly. */
    private record HostStrips(Instant at, Map<String, List<Model.UptimeBar>> byHost) {}

    private volatile HostStrips hostStrips;

    private Map<String, List<Model.UptimeBar>> hostStrips() {
        Instant now = now();
        HostStrips cached = hostStrips;
        if (cached == null || !now.isBefore(cached.at().plusSeconds(60)) || now.isBefore(cached.at())) {
            Instant dayAgo = dayAgo(now);
            Map<String, List<Model.UptimeBar>> byHost = new HashMap<>();
            vigil.results().availabilityByHost(dayAgo, Duration.ofHours(1)).forEach((h, a) -> byHost.put(h, hourBars(dayAgo, a)));
            cached = new HostStrips(now, byHost);
            hostStrips = cached;
        }
        return cached.byHost();
    }

    Model.Hosts hosts(Model.Frame frame) {
        // Service counts for every host in one pass over the services (not one pass per host).
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (ServiceDefinition d : engine().plan().services().values()) {
            engine().status(d.target()).ifPresent(ss -> counts.computeIfAbsent(d.host(), h -> counts(SERVICE_ORDER))
                    .merge(ss.state().name(), 1, Integer::sum));
        }
        List<Model.HostRow> rows = new ArrayList<>();
        Map<String, List<Model.UptimeBar>> strips = hostStrips();
        for (HostDefinition h : engine().plan().hosts().values()) {
            hostRow(h, counts.getOrDefault(h.name(), counts(SERVICE_ORDER)))
                    .map(r -> r.withUptime(strips.getOrDefault(h.name(), hourBars(dayAgo(now()), List.of())))).ifPresent(rows::add);
        }
        rows.sort(Comparator.comparing((Model.HostRow r) -> -Math.max(rank(r.state()),
                r.services().stream().filter(c -> c.count() > 0).mapToInt(c -> rank(c.state())).max().orElse(0)))
                .thenComparing(Model.HostRow::name));
        return new Model.Hosts(frame, rows);
    }

    private Optional<Model.HostRow> hostRow(HostDefinition h) {
        Map<String, Integer> counts = counts(SERVICE_ORDER);
        for (ServiceDefinition d : engine().plan().services().values()) {
            if (d.host().equals(h.name())) {
                engine().status(d.target()).ifPresent(ss -> counts.merge(ss.state().name(), 1, Integer::sum));
            }
        }
        return hostRow(h, counts);
    }

    private Optional<Model.HostRow> hostRow(HostDefinition h, Map<String, Integer> counts) {
        return engine().status(Target.host(h.name())).map(s -> {
            // A host in downtime says so wherever it is listed, not a plain UP.
            var downtimes = engine().activeDowntimes(Target.host(h.name()));
            String output = downtimes.isEmpty() ? s.output() : "In downtime until " + downtimes.stream()
                    .map(d -> d.end() == null ? "its window ends" : TIME.format(d.end())).findFirst().orElse("") + ". " + s.output();
            return new Model.HostRow(h.name(), h.address(), s.state().name(), css(s.state()),
                    since(s.lastStateChange()), output, toCounts(counts), hostHref(h.name()), List.of());
        });
    }

    Optional<Model.HostDetail> host(Model.Frame frame, String name) {
        return host(frame, name, "day");
    }

    Optional<Model.HostDetail> host(Model.Frame frame, String name, String range) {
        HostDefinition h = engine().plan().hosts().get(name);
        if (h == null) {
            return Optional.empty();
        }
        List<Model.ServiceRow> services = new ArrayList<>();
        for (ServiceDefinition d : engine().plan().services().values()) {
            if (d.host().equals(name)) {
                engine().status(d.target()).ifPresent(s -> services.add(serviceRow(s)));
            }
        }
        services.sort(Comparator.comparing((Model.ServiceRow r) -> -rank(r.state())).thenComparing(Model.ServiceRow::name));
        String r = GRAPH_RANGES.contains(range) ? range : "day";
        // Every series of the host, grouped by kind like Munin's categories, drawn interactively in the browser
        // (capped so a huge host stays a page).
        Map<String, List<Model.Graph>> byKind = new LinkedHashMap<>();
        GRAPH_KINDS.forEach(k -> byKind.put(k, new ArrayList<>()));
        List<Model.StaleSeries> stale = new ArrayList<>();
        Instant staleBefore = now().minus(STALE_AFTER);
        vigil.metrics().store().series(name).stream().filter(i -> {
            Optional<Instant> last = vigil.metrics().store().lastSample(i.key());
            if (last.isPresent() && last.get().isBefore(staleBefore)) {
                stale.add(new Model.StaleSeries(i.key().name(), TIME.format(last.get())));
                return false;
            }
            return true;
        }).limit(80).forEach(i -> {
            String q = "host=" + enc(name) + "&name=" + enc(i.key().name());
            byKind.get(kind(i.key().name(), i.source())).add(new Model.Graph(i.key().name(), "/series-data?" + q + "&range=" + r,
                    "/series?" + q + "&range=" + (List.of("1h", "6h").contains(r) ? "day" : r)));
        });
        List<Model.GraphGroup> graphs = byKind.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> new Model.GraphGroup(e.getKey(), e.getValue())).toList();
        List<Model.DowntimeRow> downtimes = new ArrayList<>();
        Instant now = now();
        for (var d : engine().downtimes()) {
            if (!d.host().equals(name) || (d.end() != null && !d.end().isAfter(now))) {
                continue;
            }
            String when = d.cron() != null ? "every " + d.cron() + " for " + Durations.format(d.duration())
                    : TIME.format(d.start()) + " to " + TIME.format(d.end());
            downtimes.add(new Model.DowntimeRow(d.id(), d.service() == null ? "host and its services" : d.service(), when,
                    d.comment(), d.author(), d.isActive(now), !d.id().startsWith("config-")));
        }
        return hostRow(h).map(row -> new Model.HostDetail(frame, row, services,
                vigil.liveConfig().isRegistered(Target.host(name)), String.join(", ", h.parents()), String.join(", ", h.groups()), r, graphs,
                downtimes, stale));
    }

    /** Every statuspage and feed service, worst first, then by name. */
    Model.Upstream upstream(Model.Frame frame) {
        var services = engine().plan().services();
        List<Status> providers = engine().statuses().stream().filter(s -> !s.target().isHost())
                .filter(s -> services.containsKey(s.target()) && UPSTREAM.contains(services.get(s.target()).type()))
                .sorted(Comparator.comparingInt((Status s) -> -s.state().severity().ordinal())
                        .thenComparing(s -> s.target().service()).thenComparing(s -> s.target().host()))
                .toList();
        long problems = providers.stream().filter(s -> s.state().isProblem()).count();
        List<String> pages = vigil.config().statusPages().pages().stream().map(p -> p.name()).toList();
        List<Model.PublicIncidentRow> told = new ArrayList<>();
        for (String page : pages) {
            vigil.publicIncidents().incidents(page, vigil.scheduler().clock().instant().minus(Duration.ofDays(30))).forEach(i ->
                    told.add(new Model.PublicIncidentRow(i.id(), page, i.name(), i.status(), i.impact(), TIME.format(i.updated()))));
        }
        return new Model.Upstream(frame, providers.stream().map(this::serviceRow).toList(),
                providers.isEmpty() ? "" : problems == 0 ? "all providers operational" : problems + " of " + providers.size() + " providers with a problem",
                pages, told);
    }

    private static final Set<String> UPSTREAM = Set.of("statuspage", "feed");

    private Model.ServiceRow serviceRow(Status s) {
        Target t = s.target();
        String ack = s.acknowledgement() == null ? null : s.acknowledgement().author()
                + (s.acknowledgement().comment().isEmpty() ? "" : ": " + s.acknowledgement().comment());
        var downtimes = engine().activeDowntimes(t);
        String downtime = downtimes.isEmpty() ? null : downtimes.get(0).comment().isEmpty() ? "scheduled" : downtimes.get(0).comment();
        return new Model.ServiceRow(t.host(), t.service(), s.state().name(), css(s.state()), s.stateType().name(),
                s.attempt() + "/" + s.maxAttempts(), s.lastCheck() == null ? "never" : since(s.lastCheck()) + " ago",
                since(s.lastStateChange()), s.output(), perf(s.perfdata()), serviceHref(t), ack, downtime, s.flapping());
    }

    private static String perf(List<PerfValue> values) {
        List<String> parts = new ArrayList<>();
        for (PerfValue v : values) {
            parts.add(v.label() + " = " + (v.value() == null ? "?" : Perfdata.format(List.of(v))
                    .replaceAll("^.*?=([^;]*).*$", "$1")));
        }
        return String.join(", ", parts);
    }

    // --- service ---------------------------------------------------------------------------------------

    Optional<Model.ServiceDetail> service(Model.Frame frame, String host, String name) {
        Target t = Target.service(host, name);
        ServiceDefinition d = engine().plan().services().get(t);
        Optional<Status> s = engine().status(t);
        if (d == null || s.isEmpty()) {
            return Optional.empty();
        }
        String fingerprint = Event.fingerprint("check", host, name);
        String flapFingerprint = Event.fingerprint("check-flapping", host, name);
        List<Model.Change> timeline = new ArrayList<>();
        for (var e : vigil.events().newest(host, Instant.EPOCH, 500)) {
            Event ev = e.event();
            if (ev.fingerprint().equals(fingerprint) || ev.fingerprint().equals(flapFingerprint)) {
                timeline.add(new Model.Change(TIME.format(ev.when()), ev.title(), css(ev.severity()),
                        ev.suppression() == null ? ev.details() : ev.details() + " (not alerted: " + ev.suppression() + ")"));
            }
        }
        List<Model.ResultRow> results = new ArrayList<>();
        for (ResultHistory.StoredResult r : vigil.results().results(t, Instant.EPOCH, 30)) {
            results.add(new Model.ResultRow(TIME.format(r.at()), r.state(), css(r.state()), r.stateType(),
                    String.valueOf(r.attempt()), r.output(), perf(r.perfdata()),
                    !d.locations().spread() ? "" : r.location() == null ? "decided" : r.location()));
        }
        // A service checked from several places: each location's own state beside the decided one.
        List<Model.LocationRow> locations = new ArrayList<>();
        if (d.locations().spread()) {
            var places = engine().places(t);
            var lost = engine().lostLocations();
            for (String n : d.locations().names()) {
                Status p = places.get(n);
                locations.add(p == null ? new Model.LocationRow(n, "PENDING", css("PENDING"), "—", "—", "waiting for the first result", !lost.contains(n))
                        : new Model.LocationRow(n, p.state().name(), css(p.state()), p.attempt() + "/" + p.maxAttempts() + " " + p.stateType().name(),
                        p.lastCheck() == null ? "—" : TIME.format(p.lastCheck()), p.output(), !lost.contains(n)));
            }
        }
        Status st = s.get();
        // Uptime as Uptime Kuma shows it: the OK share over 24 h, 7, 30 and 90 days (as far as results are kept),
        // and a strip of the last 24 hours.
        Instant now = now();
        List<Model.Uptime> uptime = new ArrayList<>();
        for (int days : new int[] {1, 7, 30, 90}) {
            long ok = 0;
            long total = 0;
            for (var a : vigil.results().availability(t, now.minus(Duration.ofDays(days)), Duration.ofDays(days))) {
                ok += a.ok();
                total += a.total();
            }
            uptime.add(new Model.Uptime(days == 1 ? "24 h" : days + " days",
                    total == 0 ? "—" : String.format(Locale.ROOT, "%.2f %%", 100.0 * ok / total)));
        }
        Instant dayAgo = dayAgo(now);
        List<Model.UptimeBar> bars = hourBars(dayAgo, vigil.results().availability(t, dayAgo, Duration.ofHours(1)));
        // The service's own numbers (response time, size, ...) as panels, with its thresholds.
        Set<String> measured = new HashSet<>();
        if (d.check() != null) {
            st.perfdata().forEach(p -> Optional.ofNullable(d.check().measures(p.label())).ifPresent(measured::add));
        }
        List<Model.Graph> graphs = vigil.metrics().store().series(host).stream()
                .filter(i -> i.key().name().startsWith(name + ".") || measured.contains(i.key().name()))
                .map(i -> {
                    String q = "host=" + enc(host) + "&name=" + enc(i.key().name());
                    return new Model.Graph(i.key().name(), "/series-data?" + q + "&range=day", "/series?" + q + "&range=day");
                }).toList();
        // A push monitor waits for its job's ping; its secret URL is for admins only.
        var monitor = vigil.push().monitor(t);
        String next = monitor.map(m -> m.due().equals(Instant.MAX) ? "—" : "its ping, by " + TIME.format(m.due()))
                .orElseGet(() -> engine().nextCheck(t).map(TIME::format).orElse("—"));
        String pingPath = frame.admin() ? monitor.map(m -> "/ping/" + m.uuid()).orElse("") : "";
        return Optional.of(new Model.ServiceDetail(frame, serviceRow(st), hostHref(host), d.type(), st.longOutput(),
                String.format(Locale.ROOT, "%.1f%%", st.flapPercent()), timeline.subList(0, Math.min(50, timeline.size())),
                results, !d.isActive(), next, vigil.liveConfig().isRegistered(t), st.state().isProblem(), deliveries(fingerprint, 20),
                uptime, bars, graphs, pingPath, locations,
                d.locations().spread() ? d.locations().quorum() + " of " + d.locations().names().size() : ""));
    }

    // --- notifications -------------------------------------------------------------------------------

    List<Model.DeliveryRow> deliveries(String fingerprint, int limit) {
        return NotificationViews.history(vigil.notifications(), fingerprint, limit).stream()
                .map(d -> new Model.DeliveryRow(TIME.format(d.created()), d.receiver(), d.channel(), d.status(), d.title(),
                        d.state(), d.state().equals("sent") ? "ok" : d.lastError() == null ? "pending" : "warning",
                        d.attempts(), d.sent() == null ? "—" : TIME.format(d.sent()), d.lastError(), d.events(),
                        d.incident() == null ? "" : String.valueOf(d.incident())))
                .toList();
    }

    Model.Notifications notifications(Model.Frame frame) {
        return new Model.Notifications(frame, deliveries(null, 200),
                NotificationViews.receivers(vigil.notifications()).stream()
                        .map(r -> new Model.ReceiverRow(r.name(), String.join(", ", r.channels()), r.period())).toList());
    }

    Model.Silences silences(Model.Frame frame) {
        Instant now = now();
        return new Model.Silences(frame, vigil.notifications().silences().stream()
                .sorted(Comparator.comparing(Silence::endsAt).reversed())
                .map(s -> new Model.SilenceRow(s.id(), String.join(", ", s.matchers().stream()
                        .map(m -> m.label() + (m.op() == Matcher.Op.EQUAL ? " = " : " ~ ") + m.value())
                        .toList()), TIME.format(s.startsAt()), TIME.format(s.endsAt()), s.author(), s.comment(), s.isActive(now)))
                .toList());
    }

    // --- events ----------------------------------------------------------------------------------------

    List<Model.EventRow> events(String host, String source, String severity, int limit) {
        return events(host, source, severity, Instant.EPOCH, limit);
    }

    List<Model.EventRow> events(String host, String source, String severity, Instant since, int limit) {
        List<Model.EventRow> rows = new ArrayList<>();
        int scan = source == null && severity == null ? limit : Math.max(limit * 10, 1000);
        for (var e : vigil.events().newest(host == null || host.isBlank() ? null : host, since, scan)) {
            Event ev = e.event();
            if (source != null && !source.isBlank() && !ev.source().equals(source)) {
                continue;
            }
            if (severity != null && !severity.isBlank() && !ev.severity().name().equalsIgnoreCase(severity)) {
                continue;
            }
            rows.add(new Model.EventRow(TIME.format(ev.when()), since(ev.when()) + " ago", ev.host(), ev.source(),
                    ev.kind().id(), ev.severity().name(), css(ev.severity()), ev.title(), ev.details(), ev.suppression(),
                    vigil.incidents().incidentOf(e.id()).orElse(0L)));
            if (rows.size() >= limit) {
                break;
            }
        }
        return rows;
    }

    /** Time windows offered by the events filter, as durations back from now. */
    static final List<String> WINDOWS = List.of("1h", "24h", "7d", "30d");

    Model.Events eventsPage(Model.Frame frame, String host, String source, String severity, String since) {
        Instant from = Instant.EPOCH;
        if (since != null && WINDOWS.contains(since)) {
            from = now().minus(Durations.parse(since));
        }
        // Every host and source that has events, not only the configured hosts and the checks.
        TreeSet<String> hosts = new TreeSet<>(engine().plan().hosts().keySet());
        hosts.addAll(vigil.events().eventValues("host"));
        TreeSet<String> sources = new TreeSet<>(List.of("check"));
        sources.addAll(vigil.events().eventValues("source"));
        return new Model.Events(frame, events(host, source, severity, from, 200), host, source, severity,
                since == null ? "" : since, new ArrayList<>(hosts), new ArrayList<>(sources));
    }

    // --- formatting -------------------------------------------------------------------------------------

    String since(Instant then) {
        if (then == null) {
            return "—";
        }
        Duration d = Duration.between(then, now());
        if (d.isNegative() || d.toSeconds() < 1) {
            return "0s";
        }
        long s = d.toSeconds();
        // Two units at most: "3d4h", "5m12s" read at a glance.
        String full = Durations.format(Duration.ofSeconds(s));
        return full.replaceAll("^(\\d+[a-z]+\\d+[a-z]+).*$", "$1");
    }

    static String css(State state) {
        return css(state.name());
    }

    static String css(Severity severity) {
        return switch (severity) {
            case OK -> "ok";
            case INFO -> "info";
            case WARNING -> "warning";
            case UNKNOWN -> "unknown";
            case CRITICAL -> "critical";
        };
    }

    static String css(String state) {
        return state.toLowerCase(Locale.ROOT);
    }

    static String hostHref(String host) {
        return "/host?name=" + URLEncoder.encode(host, StandardCharsets.UTF_8);
    }

    static String serviceHref(Target t) {
        return "/service?host=" + URLEncoder.encode(t.host(), StandardCharsets.UTF_8)
                + "&name=" + URLEncoder.encode(t.service(), StandardCharsets.UTF_8);
    }
}
