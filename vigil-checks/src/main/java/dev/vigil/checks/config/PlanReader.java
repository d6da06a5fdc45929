package dev.vigil.checks.config;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Target;
import dev.vigil.checks.state.FlapDetection;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Location;
import dev.vigil.core.config.Section;
import dev.vigil.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the monitoring part of the configuration ({@code defaults}, {@code templates}, {@code hosts},
 * {@code services}, {@code downtimes}) from any number of files plus objects registered through the API,
 * resolves templates and host groups, checks every reference, and builds a {@link Plan}. Every problem is
 * reported with its file and line; nothing is half-applied.
 */
public final class PlanReader {
    public static final List<String> TOP_LEVEL_KEYS = List.of("defaults", "templates", "hosts", "services", "downtimes");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.:@/ +-]{1,200}");
    private static final List<String> TIMING_KEYS = List.of("interval", "retry_interval", "max_attempts", "timeout",
            "flap_low", "flap_high");

    private final ConfigErrors errors;
    private final InstantSource clock;
    private final Map<String, ConfigNode.Mapping> templates = new LinkedHashMap<>();
    private final List<ConfigNode> hostNodes = new ArrayList<>();
    private final List<ConfigNode> serviceNodes = new ArrayList<>();
    private final List<ConfigNode> downtimeNodes = new ArrayList<>();
    private ConfigNode.Mapping defaults;

    public PlanReader(ConfigErrors errors, InstantSource clock) {
        this.errors = errors;
        this.clock = clock;
    }

    /** Takes the monitoring keys of one file's top-level mapping; marks them known on {@code root}. */
    public void addFile(Section root) {
        root.node("defaults").ifPresent(n -> {
            if (defaults != null) {
                errors.add(n, "'defaults' is already set at " + defaults.location());
            } else if (n instanceof ConfigNode.Mapping m) {
                defaults = m;
            } else {
                errors.add(n, "'defaults' must be a mapping, found " + n.describe());
            }
        });
        root.node("templates").ifPresent(n -> {
            if (!(n instanceof ConfigNode.Mapping m)) {
                errors.add(n, "'templates' must be a mapping of template name to settings, found " + n.describe());
                return;
            }
            m.entries().forEach((name, t) -> {
                if (templates.containsKey(name)) {
                    errors.add(t, "template '" + name + "' is already defined at " + templates.get(name).location());
                } else if (t instanceof ConfigNode.Mapping tm) {
                    templates.put(name, tm);
                } else {
                    errors.add(t, "template '" + name + "' must be a mapping, found " + t.describe());
                }
            });
        });
        hostNodes.addAll(root.list("hosts"));
        serviceNodes.addAll(root.list("services"));
        downtimeNodes.addAll(root.list("downtimes"));
    }

    /** Adds a host registered at runtime (through the API). */
    public void addHost(ConfigNode host) {
        hostNodes.add(host);
    }

    public void addService(ConfigNode service) {
        serviceNodes.add(service);
    }

    public Plan build() {
        Timing base = defaults == null ? Timing.DEFAULT : timing(Section.of(defaults, "defaults", errors), Timing.DEFAULT, true);
        checkTemplateCycles();

        Map<String, HostDefinition> hosts = new LinkedHashMap<>();
        for (ConfigNode node : hostNodes) {
            host(node, base).ifPresent(h -> {
                HostDefinition old = hosts.putIfAbsent(h.name(), h);
                if (old != null) {
                    errors.add(h.location(), "host '" + h.name() + "' is already defined at " + old.location());
                }
            });
        }
        for (HostDefinition h : hosts.values()) {
            for (String parent : h.parents()) {
                if (!hosts.containsKey(parent)) {
                    errors.add(h.location(), "host '" + h.name() + "' has unknown parent '" + parent + "'");
                }
            }
        }
        checkParentCycles(hosts);

        Map<Target, ServiceDefinition> services = new LinkedHashMap<>();
        for (ConfigNode node : serviceNodes) {
            for (ServiceDefinition s : services(node, base, hosts)) {
                ServiceDefinition old = services.putIfAbsent(s.target(), s);
                if (old != null) {
                    errors.add(s.location(), "service '" + s.name() + "' on host '" + s.host()
                            + "' is already defined at " + old.location());
                }
            }
        }

        List<Downtime> downtimes = new ArrayList<>();
        for (ConfigNode node : downtimeNodes) {
            downtime(node, hosts, services).ifPresent(downtimes::add);
        }
        return new Plan(hosts, services, downtimes);
    }

    // --- templates ---------------------------------------------------------------------------------

    /** The object's own mapping merged over its templates' (a template may itself {@code use:} others). */
    private ConfigNode.Mapping expand(ConfigNode.Mapping own, Set<String> seen) {
        ConfigNode use = own.entries().get("use");
        if (use == null) {
            return own;
        }
        List<String> names = new ArrayList<>();
        if (use instanceof ConfigNode.Scalar s && s.value() != null) {
            names.add(s.value());
        } else if (use instanceof ConfigNode.Sequence seq) {
            seq.items().forEach(i -> names.add(i instanceof ConfigNode.Scalar s ? s.value() : null));
        }
        Map<String, ConfigNode> merged = new LinkedHashMap<>();
        for (String name : names) {
            ConfigNode.Mapping template = name == null ? null : templates.get(name);
            if (template == null) {
                errors.add(use, "unknown template '" + name + "'; defined templates: "
                        + (templates.isEmpty() ? "(none)" : String.join(", ", templates.keySet())));
                continue;
            }
            if (!seen.add(name)) {
                continue; // cycle, reported once by checkTemplateCycles
            }
            merged.putAll(expand(template, seen).entries());
        }
        merged.putAll(own.entries());
        merged.remove("use");
        return new ConfigNode.Mapping(merged, own.location());
    }

    private void checkTemplateCycles() {
        for (String start : templates.keySet()) {
            List<String> path = new ArrayList<>();
            String cur = start;
            while (cur != null && templates.containsKey(cur)) {
                if (path.contains(cur)) {
                    if (cur.equals(start)) {
                        errors.add(templates.get(start), "template '" + start + "' uses itself: "
                                + String.join(" -> ", path) + " -> " + cur);
                    }
                    break;
                }
                path.add(cur);
                ConfigNode use = templates.get(cur).entries().get("use");
                cur = use instanceof ConfigNode.Scalar s ? s.value() : null;
            }
        }
    }

    // --- hosts ---------------------------------------------------------------------------------------

    /** A host or service entry with its templates applied, or empty (and an error) if it is not a mapping. */
    private Optional<Section> entry(ConfigNode node, String expected) {
        if (!(node instanceof ConfigNode.Mapping raw)) {
            errors.add(node, expected + ", found " + node.describe());
            return Optional.empty();
        }
        Section s = new Section(expand(raw, new HashSet<>()), errors);
        s.accept("use");
        return Optional.of(s);
    }

    private Optional<HostDefinition> host(ConfigNode node, Timing base) {
        Optional<Section> entry = entry(node, "each host must be a mapping with at least 'name'");
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Section s = entry.get();
        ConfigNode.Mapping map = s.node();
        String name = name(s, "host");
        String address = s.string("address", name);
        List<String> parents = s.strings("parents");
        List<String> groups = s.strings("groups");
        String checkType = null;
        Check check = null;
        Timing timing = timing(s, base, false);
        Optional<ConfigNode> checkNode = s.node("check");
        if (checkNode.isPresent()) {
            ConfigNode c = checkNode.get();
            ConfigNode.Mapping checkMap = c instanceof ConfigNode.Scalar sc
                    ? new ConfigNode.Mapping(Map.of("type", sc), sc.location())
                    : c instanceof ConfigNode.Mapping m ? m : null;
            if (checkMap == null) {
                errors.add(c, "'check' must be a check type or a mapping with 'type', found " + c.describe());
            } else {
                Section cs = new Section(withAddress(checkMap, address), errors);
                checkType = cs.required("type", "a check type: " + String.join(", ", CheckTypes.names()));
                timing = timing(cs, timing, false);
                if (!checkType.isEmpty()) {
                    check = CheckTypes.create(checkType, cs, clock).orElse(null);
                    if (CheckTypes.isPassive(checkType)) {
                        cs.error("type", "a host check cannot be passive or push; leave 'check' out instead");
                    }
                }
                cs.finish();
            }
        }
        s.finish();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HostDefinition(name, address, parents, groups, checkType, check, timing,
                ConfigNode.toValue(map), map.location()));
    }

    private void checkParentCycles(Map<String, HostDefinition> hosts) {
        for (HostDefinition h : hosts.values()) {
            Set<String> seen = new HashSet<>();
            List<String> frontier = new ArrayList<>(h.parents());
            while (!frontier.isEmpty()) {
                String p = frontier.remove(frontier.size() - 1);
                if (p.equals(h.name())) {
                    errors.add(h.location(), "host '" + h.name() + "' is its own ancestor through 'parents'");
                    break;
                }
                if (seen.add(p) && hosts.containsKey(p)) {
                    frontier.addAll(hosts.get(p).parents());
                }
            }
        }
    }

    // --- services -------------------------------------------------------------------------------------

    private List<ServiceDefinition> services(ConfigNode node, Timing base, Map<String, HostDefinition> hosts) {
        Optional<Section> entry = entry(node, "each service must be a mapping with 'name', 'host' and 'type'");
        if (entry.isEmpty()) {
            return List.of();
        }
        Section s = entry.get();
        ConfigNode.Mapping map = s.node();
        String name = name(s, "service");
        List<String> targets = new ArrayList<>(s.strings("host"));
        targets.addAll(s.strings("hosts"));
        List<String> groups = s.strings("groups");
        for (String group : groups) {
            hosts.values().stream().filter(h -> h.groups().contains(group)).map(HostDefinition::name)
                    .filter(h -> !targets.contains(h)).forEach(targets::add);
        }
        if (!s.has("host") && !s.has("hosts") && !s.has("groups")) {
            errors.add(map.location(), "service '" + name + "' needs 'host', 'hosts' or 'groups' to say where it runs");
        }
        String type = s.required("type", "a check type: " + String.join(", ", CheckTypes.names()));
        Timing timing = timing(s, base, false);
        if (CheckTypes.isPassive(type) && !s.node().entries().containsKey("max_attempts")) {
            // A passive result is a report, not a probe that could be retried: it is final at once.
            timing = new Timing(timing.interval(), timing.retryInterval(), 1, timing.timeout(), timing.flap());
        }
        Duration freshness = s.duration("freshness").orElse(null);
        ServiceState freshnessState = s.choice("freshness_state", ServiceState.class, ServiceState.UNKNOWN);
        if (freshnessState == ServiceState.PENDING || freshnessState == ServiceState.OK) {
            s.error("freshness_state", "'freshness_state' must be WARNING, CRITICAL or UNKNOWN");
        }
        if (type.equals(CheckTypes.PASSIVE) && freshness == null && s.has("freshness_state")) {
            s.error("freshness_state", "'freshness_state' needs 'freshness' (e.g. freshness: 26h)");
        }
        List<String> dependsOn = s.strings("depends_on");
        for (String d : dependsOn) {
            String dependedHost = ServiceDefinition.hostOf(d);
            if (!hosts.containsKey(dependedHost)) {
                s.error("depends_on", "'depends_on' names unknown host '" + dependedHost + "' (write HOST or HOST/SERVICE)");
            }
        }
        Locations locations = locations(s, type);
        List<ServiceDefinition> out = new ArrayList<>();
        if (type.isEmpty()) {
            return out; // the check's keys are unknown without a type; the missing type is already reported
        }
        // Validate once, against the first host (or a stand-in when no host matches yet, e.g. an empty
        // group), reporting check errors and unknown keys; the per-host copies below then cannot fail anew.
        String firstAddress = targets.stream().map(hosts::get).filter(Objects::nonNull)
                .map(HostDefinition::address).findFirst().orElse("localhost");
        Section validation = new Section(withAddress(map, firstAddress), errors);
        validation.accept("name", "host", "hosts", "groups", "type", "use", "freshness", "freshness_state", "address", "depends_on",
                "locations", "quorum");
        validation.accept(TIMING_KEYS.toArray(String[]::new));
        int before = errors.list().size();
        CheckTypes.create(type, validation, clock);
        validation.finish();
        if (errors.list().size() > before || name.isEmpty()) {
            return out;
        }
        for (String host : targets) {
            HostDefinition h = hosts.get(host);
            if (h == null) {
                errors.add(s.at(s.node().entries().containsKey("host") ? "host" : "hosts"),
                        "service '" + name + "' refers to unknown host '" + host + "'");
                continue;
            }
            // Each host gets its own check instance: the target address differs per host.
            Optional<Check> check = CheckTypes.create(type, new Section(withAddress(map, h.address()), new ConfigErrors()), clock);
            if (check.isEmpty() && !CheckTypes.isPassive(type)) {
                continue;
            }
            out.add(new ServiceDefinition(host, name, type, check.orElse(null), timing, freshness,
                    freshnessState, ConfigNode.toValue(map), map.location(), dependsOn, locations));
        }
        return out;
    }

    /** The check types a probe can run from elsewhere: the ones that look at a service from outside. */
    public static final Set<String> PROBE_TYPES = Set.of("http", "tcp", "dns", "ping", "tls");

    /** {@code locations:} and {@code quorum:} (a majority by default), for the types a probe can run. */
    private static Locations locations(Section s, String type) {
        if (!s.has("locations")) {
            if (s.has("quorum")) {
                s.error("quorum", "'quorum' needs 'locations' (e.g. locations: [local, fra, nyc])");
            }
            return Locations.NONE;
        }
        List<String> names = s.strings("locations");
        for (String n : names) {
            if (!Locations.NAME.matcher(n).matches()) {
                s.error("locations", "location '" + n + "' must be lower-case letters, digits, '_' or '-' (at most 32), e.g. fra");
                return Locations.NONE;
            }
        }
        if (names.isEmpty() || new HashSet<>(names).size() != names.size()) {
            s.error("locations", "'locations' lists each place once, at least one (e.g. [local, fra, nyc])");
            return Locations.NONE;
        }
        if (!type.isEmpty() && !PROBE_TYPES.contains(type)) {
            s.error("locations", "'locations' is for the check types a probe runs (" + String.join(", ", new java.util.TreeSet<>(PROBE_TYPES))
                    + "), not '" + type + "'");
            return Locations.NONE;
        }
        int quorum = s.integer("quorum", Locations.majority(names.size()), 1, names.size());
        return new Locations(names, quorum);
    }

    /** Adds the host's address as the check target unless the check names its own. */
    private static ConfigNode.Mapping withAddress(ConfigNode.Mapping map, String address) {
        if (map.entries().containsKey("address") || address == null) {
            return map;
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>(map.entries());
        entries.put("address", new ConfigNode.Scalar(address, map.location()));
        return new ConfigNode.Mapping(entries, map.location());
    }

    private String name(Section s, String what) {
        String name = s.required("name", "a " + what + " name");
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            s.error("name", what + " name '" + name + "' may only contain letters, digits, space and _ . : @ / + -"
                    + " (at most 200 characters)");
            return "";
        }
        return name;
    }

    /** Checking more often than this is a mistake (1ms ran 520 checks a second) and is refused. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofDays(31);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private Timing timing(Section s, Timing base, boolean finish) {
        Duration interval = within(s, "interval", base.interval(), MIN_INTERVAL, MAX_INTERVAL);
        Duration retry = within(s, "retry_interval", s.has("interval") && !s.has("retry_interval")
                ? min(interval, base.retryInterval()) : base.retryInterval(), MIN_INTERVAL, MAX_INTERVAL);
        int maxAttempts = s.integer("max_attempts", base.maxAttempts(), 1, 100);
        Duration timeout = within(s, "timeout", base.timeout(), MIN_TIMEOUT, MAX_TIMEOUT);
        double low = s.number("flap_low", base.flap().low());
        double high = s.number("flap_high", base.flap().high());
        FlapDetection flap = base.flap();
        try {
            flap = new FlapDetection(low, high);
        } catch (IllegalArgumentException e) {
            s.error(s.has("flap_low") ? "flap_low" : "flap_high", e.getMessage());
        }
        if (finish) {
            s.finish();
        }
        return new Timing(interval, retry, maxAttempts, timeout, flap);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static Duration within(Section s, String key, Duration fallback, Duration least, Duration most) {
        if (!s.has(key)) {
            return fallback;
        }
        Duration d = s.duration(key, fallback);
        if (d.compareTo(least) < 0 || d.compareTo(most) > 0) {
            s.error(key, "'" + key + "' must be from " + Durations.format(least) + " to " + Durations.format(most)
                    + ", found '" + s.string(key, "") + "'");
            return fallback;
        }
        return d;
    }

    // --- downtimes ----------------------------------------------------------------------------------------

    private Optional<Downtime> downtime(ConfigNode node, Map<String, HostDefinition> hosts,
                                       Map<Target, ServiceDefinition> services) {
        if (!(node instanceof ConfigNode.Mapping map)) {
            errors.add(node, "each downtime must be a mapping with 'host' and either start/end or cron/duration");
            return Optional.empty();
        }
        Section s = new Section(map, errors);
        String host = s.required("host", "the host name the downtime applies to");
        String service = s.string("service", null);
        String cron = s.string("cron", null);
        Duration duration = s.duration("duration").orElse(null);
        ZoneId zone = s.zone("timezone", null);
        Instant start = instant(s, "start", zone);
        Instant end = instant(s, "end", zone);
        String comment = s.string("comment", "");
        String author = s.string("author", "config");
        s.finish();
        if (!host.isEmpty() && !hosts.containsKey(host)) {
            s.error("host", "downtime refers to unknown host '" + host + "'");
            return Optional.empty();
        }
        if (service != null && !services.containsKey(Target.service(host, service))) {
            s.error("service", "downtime refers to unknown service '" + service + "' on host '" + host + "'");
            return Optional.empty();
        }
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (cron != null && (start != null || end != null)) {
            errors.add(map.location(), "a downtime has either 'cron' with 'duration' or 'start' with 'end', not both");
            return Optional.empty();
        }
        try {
            String id = "config-" + Event.fingerprint(host, service, String.valueOf(start), String.valueOf(end),
                    cron, String.valueOf(duration)).substring(0, 12);
            return Optional.of(new Downtime(id, host, service, start, end, cron, duration, zone, comment, author));
        } catch (IllegalArgumentException e) {
            errors.add(map.location(), e.getMessage());
            return Optional.empty();
        }
    }

    /** ISO-8601 with offset ({@code 2026-11-26T04:30:00Z}) or local date-time in the downtime's zone. */
    private static Instant instant(Section s, String key, ZoneId zone) {
        return s.string(key).map(v -> {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(v.replace(' ', 'T')).atZone(zone == null ? ZoneId.systemDefault() : zone).toInstant();
                } catch (DateTimeParseException e2) {
                    s.error(key, "'" + key + "' must be a date and time such as 2026-11-26T04:30:00Z, found '" + v + "'");
                    return null;
                }
            }
        }).orElse(null);
    }
}
