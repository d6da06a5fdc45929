package dev.vigil.server.config;

import dev.vigil.agent.wire.Plan;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code agents:} and {@code autoregister:} sections: where agents connect (a TLS listener of its own, off with
 * {@code listen: off}), how long an agent may be silent before its host is DOWN and before it is retired, what each
 * agent runs (plans by host group), and the rules that put a new agent's host into groups by its labels and facts.
 */
public record FleetSettings(String host, int port, List<String> names, Duration grace, Duration retireAfter,
                            List<PlanRule> plans, List<Autoregister> autoregister, Duration certificateLife) {
    public static final String KEY = "agents";
    public static final String AUTOREGISTER_KEY = "autoregister";
    public static final FleetSettings DEFAULT = new FleetSettings("127.0.0.1", 8443, List.of(), Duration.ofSeconds(90),
            Duration.ofDays(30), List.of(), List.of(), Duration.ofDays(825));

    public FleetSettings {
        names = List.copyOf(names);
        plans = List.copyOf(plans);
        autoregister = List.copyOf(autoregister);
    }

    /** Whether agents have a listener at all. */
    public boolean listening() {
        return host != null && port >= 0;
    }

    public FleetSettings withListen(String host, int port) {
        return new FleetSettings(host, port, names, grace, retireAfter, plans, autoregister, certificateLife);
    }

    /** Whether a client certificate valid until {@code notAfter} is in the last third of its life: time for a new one. */
    public boolean renewalDue(java.time.Instant notAfter, java.time.Instant now) {
        return now.isAfter(notAfter.minus(certificateLife.dividedBy(3)));
    }

    /** What agents on hosts of {@code groups} (all of them when empty) run; {@code integrity} is null when the rule has none. */
    public record PlanRule(List<String> groups, Duration interval, List<String> logs, List<Plan.Check> checks, Plan.Integrity integrity) {}

    /**
     * Puts a new agent's host into {@code groups} (and under {@code template} with {@code use:}) when every label and
     * fact it names matches: a value, or a pattern with {@code *}.
     */
    public record Autoregister(Map<String, String> labels, Map<String, String> facts, List<String> groups, String template) {
        public boolean matches(Map<String, String> agentLabels, Map<String, String> agentFacts) {
            return all(labels, agentLabels) && all(facts, agentFacts);
        }

        private static boolean all(Map<String, String> wanted, Map<String, String> have) {
            for (var e : wanted.entrySet()) {
                String v = have.get(e.getKey());
                if (v == null || !glob(e.getValue()).matcher(v).matches()) {
                    return false;
                }
            }
            return true;
        }

        private static Pattern glob(String g) {
            StringBuilder re = new StringBuilder();
            for (String part : g.split("\\*", -1)) {
                if (!re.isEmpty()) {
                    re.append(".*");
                }
                re.append(Pattern.quote(part));
            }
            return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        }
    }

    /** The groups and template a new host gets from every rule it matches. */
    public Registration registration(Map<String, String> labels, Map<String, String> facts) {
        Set<String> groups = new LinkedHashSet<>();
        String template = null;
        for (Autoregister r : autoregister) {
            if (r.matches(labels, facts)) {
                groups.addAll(r.groups());
                template = template == null ? r.template() : template;
            }
        }
        return new Registration(List.copyOf(groups), template);
    }

    public record Registration(List<String> groups, String template) {}

    /** The plan for a host in {@code groups}: every matching rule's files and checks, the shortest interval. */
    public Plan planFor(Collection<String> groups) {
        int interval = 0;
        Set<String> logs = new LinkedHashSet<>();
        Map<String, Plan.Check> checks = new LinkedHashMap<>();
        Plan.Integrity integrity = null;
        for (PlanRule r : plans) {
            if (!r.groups().isEmpty() && r.groups().stream().noneMatch(groups::contains)) {
                continue;
            }
            int s = (int) Math.max(1, r.interval().toSeconds());
            interval = interval == 0 ? s : Math.min(interval, s);
            logs.addAll(r.logs());
            r.checks().forEach(c -> checks.putIfAbsent(c.service(), c));
            integrity = merge(integrity, r.integrity());
        }
        Plan unversioned = new Plan("", interval == 0 ? 10 : interval, List.copyOf(logs), List.copyOf(checks.values()), integrity);
        return versioned(unversioned);
    }

    /** The plan with its version: a digest of what it says, so an agent runs a new plan exactly when something changed. */
    public static Plan versioned(Plan p) {
        return new Plan(version(p), p.interval(), p.logs(), p.checks(), p.integrity(), p.probes());
    }

    /** Two rules' integrity for one host: every tree of both, the more frequent scan and audit (0 is no audit). */
    private static Plan.Integrity merge(Plan.Integrity a, Plan.Integrity b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        Set<String> paths = new LinkedHashSet<>(a.paths());
        paths.addAll(b.paths());
        Set<String> web = new LinkedHashSet<>(a.webRoots());
        web.addAll(b.webRoots());
        int audit = a.auditInterval() == 0 ? b.auditInterval() : b.auditInterval() == 0 ? a.auditInterval()
                : Math.min(a.auditInterval(), b.auditInterval());
        return new Plan.Integrity(List.copyOf(paths), List.copyOf(web), Math.min(a.scanInterval(), b.scanInterval()), audit, 0);
    }

    private static String version(Plan p) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(p.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An agent plan's {@code integrity:}: {@code paths} (absolute), {@code web_roots} (also watched, with diffs), how often
     * to scan (the safety net behind real-time watching) and, with {@code audit: true}, how often to audit.
     */
    private static Plan.Integrity integrity(ConfigNode node, ConfigErrors errors) {
        Section s = Section.of(node, "'integrity' of an agent plan", errors);
        List<String> paths = s.strings("paths");
        List<String> web = s.strings("web_roots");
        for (String p : concat(paths, web)) {
            if (!p.startsWith("/")) {
                s.error("paths", "integrity paths must be absolute, found '" + p + "'");
            }
        }
        if (paths.isEmpty() && web.isEmpty()) {
            s.error("paths", "'integrity' of an agent plan needs 'paths' (or 'web_roots'), e.g. paths: [/etc, /var/www]");
        }
        Duration scan = s.duration("scan_interval", Duration.ofHours(12));
        boolean audit = s.bool("audit", false);
        Duration auditEvery = s.duration("audit_interval", Duration.ofHours(1));
        s.finish();
        return new Plan.Integrity(paths, web, (int) Math.max(60, scan.toSeconds()), audit ? (int) Math.max(60, auditEvery.toSeconds()) : 0, 0);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    public static FleetSettings read(ConfigNode agents, List<ConfigNode> rules, ConfigErrors errors) {
        FleetSettings base = DEFAULT;
        String host = base.host();
        int port = base.port();
        List<String> names = List.of();
        Duration grace = base.grace();
        Duration retire = base.retireAfter();
        Duration life = base.certificateLife();
        List<PlanRule> plans = new ArrayList<>();
        if (agents != null) {
            Section s = Section.of(agents, "'agents'", errors);
            String listen = s.string("listen", null);
            if (listen != null) {
                if (listen.equals("off") || listen.equals("false")) {
                    host = null;
                    port = -1;
                } else {
                    int colon = listen.lastIndexOf(':');
                    try {
                        host = listen.substring(0, colon).replace("[", "").replace("]", "");
                        port = Integer.parseInt(listen.substring(colon + 1));
                        if (host.isBlank() || port < 0 || port > 65535) {
                            throw new NumberFormatException();
                        }
                    } catch (RuntimeException e) {
                        s.error("listen", "'listen' must be HOST:PORT such as 127.0.0.1:8443, or off; found '" + listen + "'");
                        host = base.host();
                        port = base.port();
                    }
                }
            }
            names = s.strings("names");
            grace = s.duration("grace", grace);
            retire = s.duration("retire_after", retire);
            life = s.duration("certificate_life", life);
            if (life.compareTo(Duration.ofSeconds(30)) < 0 || life.compareTo(Duration.ofDays(3650)) > 0) {
                s.error("certificate_life", "'certificate_life' must be between 30s and 3650d");
                life = base.certificateLife();
            }
            for (ConfigNode p : s.list("plans")) {
                Section ps = Section.of(p, "a plan in 'agents.plans'", errors);
                List<Plan.Check> checks = new ArrayList<>();
                for (ConfigNode c : ps.list("checks")) {
                    Section cs = Section.of(c, "a check in an agent plan", errors);
                    String service = cs.required("service", "the service name the results are kept under");
                    List<String> command = cs.strings("command");
                    if (command.isEmpty()) {
                        cs.error("command", "'command' must be the plugin and its arguments as a list, e.g. "
                                + "[/usr/lib/nagios/plugins/check_load, -w, '5,4,3', -c, '10,8,6']");
                    }
                    Duration every = cs.duration("interval", Duration.ofMinutes(1));
                    cs.finish();
                    if (!service.isEmpty() && !command.isEmpty()) {
                        checks.add(new Plan.Check(service, command, (int) Math.max(10, every.toSeconds())));
                    }
                }
                for (String f : ps.strings("logs")) {
                    if (!f.startsWith("/")) {
                        ps.error("logs", "each file in 'logs' must be an absolute path, found '" + f + "'");
                    }
                }
                plans.add(new PlanRule(ps.strings("groups"), ps.duration("interval", Duration.ofSeconds(10)), ps.strings("logs"), checks,
                        ps.has("integrity") ? integrity(ps.node("integrity").orElseThrow(), errors) : null));
                ps.finish();
            }
            s.finish();
        }
        List<Autoregister> auto = new ArrayList<>();
        for (ConfigNode r : rules) {
            Section rs = Section.of(r, "a rule in 'autoregister'", errors);
            Map<String, String> labels = Map.of();
            Map<String, String> facts = Map.of();
            if (rs.has("when")) {
                Section when = Section.of(rs.node("when").orElseThrow(), "'when' of an autoregister rule", errors);
                labels = when.stringMap("labels");
                facts = when.stringMap("facts");
                when.finish();
            } else {
                rs.error("when", "an autoregister rule needs 'when' with 'labels' and/or 'facts', e.g. when: {labels: {role: web}}");
            }
            List<String> groups = rs.strings("groups");
            String template = rs.string("template", null);
            if (groups.isEmpty() && template == null) {
                rs.error("groups", "an autoregister rule needs 'groups' (or 'template')");
            }
            rs.finish();
            auto.add(new Autoregister(labels, facts, groups, template));
        }
        return new FleetSettings(host, port, names, grace, retire, plans, auto, life);
    }
}
