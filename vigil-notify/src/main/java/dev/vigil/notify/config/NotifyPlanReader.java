package dev.vigil.notify.config;

import dev.vigil.notify.channel.email.SmtpSettings;
import java.time.format.DateTimeParseException;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import dev.vigil.notify.Channel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code smtp}, {@code receivers}, {@code routes} and {@code inhibit_rules} from the configuration,
 * reporting every error with its line, and checks that every route names a defined receiver.
 */
public final class NotifyPlanReader {
    public static final List<String> TOP_LEVEL_KEYS = List.of("smtp", "receivers", "routes", "inhibit_rules", "reports");

    private final ConfigErrors errors;
    private final Map<String, String> env;
    private final List<ConfigNode> receiverNodes = new ArrayList<>();
    private final List<ConfigNode> routeNodes = new ArrayList<>();
    private final List<ConfigNode> inhibitNodes = new ArrayList<>();
    private final List<ConfigNode> reportNodes = new ArrayList<>();
    private ConfigNode smtpNode;
    private int routeCounter;

    public NotifyPlanReader(ConfigErrors errors, Map<String, String> env) {
        this.errors = errors;
        this.env = env;
    }

    public void addFile(Section root) {
        root.node("smtp").ifPresent(n -> {
            if (smtpNode != null) {
                errors.add(n, "'smtp' is already set at " + smtpNode.location());
            } else {
                smtpNode = n;
            }
        });
        receiverNodes.addAll(root.list("receivers"));
        routeNodes.addAll(root.list("routes"));
        inhibitNodes.addAll(root.list("inhibit_rules"));
        reportNodes.addAll(root.list("reports"));
    }

    public NotifyPlan build() {
        SmtpSettings smtp = smtpNode == null ? null : SmtpSettings.read(Section.of(smtpNode, "'smtp'", errors), env);
        Map<String, Receiver> receivers = new LinkedHashMap<>();
        for (ConfigNode n : receiverNodes) {
            Receiver r = receiver(Section.of(n, "a receiver", errors), smtp);
            if (r != null) {
                if (receivers.containsKey(r.name())) {
                    errors.add(n, "receiver '" + r.name() + "' is defined twice");
                }
                receivers.put(r.name(), r);
            }
        }
        List<Route> routes = new ArrayList<>();
        for (ConfigNode n : routeNodes) {
            Route r = route(Section.of(n, "a route", errors), receivers, null);
            if (r != null) {
                routes.add(r);
            }
        }
        List<InhibitRule> inhibit = new ArrayList<>(List.of(InhibitRule.HOST_DOWN));
        for (ConfigNode n : inhibitNodes) {
            Section s = Section.of(n, "an inhibit rule", errors);
            List<Matcher> source = matchers(s, "source_match", "source_match_re");
            List<Matcher> target = matchers(s, "target_match", "target_match_re");
            List<String> equal = s.strings("equal");
            s.finish();
            if (source.isEmpty() || target.isEmpty()) {
                errors.add(s.location(), "an inhibit rule needs source_match (or source_match_re) and target_match (or target_match_re)");
            } else {
                inhibit.add(new InhibitRule(source, target, equal));
            }
        }
        List<ReportSchedule> reports = new ArrayList<>();
        for (ConfigNode n : reportNodes) {
            Section s = Section.of(n, "a report", errors);
            String name = s.required("name", "the report's name, e.g. daily-ops");
            String receiver = s.required("receiver", "a receiver with an e-mail channel");
            String cron = s.required("cron", "when to send, e.g. '0 7 * * *' (daily 07:00) or '0 7 * * 1' (Mondays)");
            ZoneId zone = s.zone("timezone", ZoneId.systemDefault());
            s.finish();
            Receiver r = receivers.get(receiver);
            if (!receiver.isEmpty() && r == null) {
                s.error("receiver", "unknown receiver '" + receiver + "'");
            } else if (r != null && r.channels().stream().noneMatch(c -> c.type().equals("email"))) {
                s.error("receiver", "receiver '" + receiver + "' has no e-mail channel; reports are e-mails");
            }
            if (!name.isEmpty() && !cron.isEmpty() && r != null) {
                try {
                    reports.add(new ReportSchedule(name, receiver, cron, zone));
                } catch (IllegalArgumentException e) {
                    s.error("cron", e.getMessage());
                }
            }
        }
        return new NotifyPlan(receivers, routes, inhibit, reports);
    }

    private Receiver receiver(Section s, SmtpSettings smtp) {
        String name = s.required("name", "the receiver's name, referred to by routes");
        List<Channel> channels = new ArrayList<>();
        for (String type : ChannelTypes.names()) {
            s.node(type).ifPresent(n -> {
                List<ConfigNode> items = n instanceof ConfigNode.Sequence seq ? seq.items() : List.of(n);
                for (ConfigNode item : items) {
                    Channel c = channel(type, Section.of(item, "'" + type + "'", errors), smtp);
                    if (c != null) {
                        channels.add(c);
                    }
                }
            });
        }
        NotificationPeriod period = s.node("period").map(n -> period(Section.of(n, "'period'", errors)))
                .orElse(NotificationPeriod.ALWAYS);
        s.finish();
        if (name.isEmpty()) {
            return null;
        }
        if (channels.isEmpty()) {
            errors.add(s.location(), "receiver '" + name + "' has no channel; add one of: "
                    + String.join(", ", ChannelTypes.names()));
        }
        return new Receiver(name, channels, period);
    }

    private Channel channel(String type, Section s, SmtpSettings smtp) {
        int before = errors.list().size();
        try {
            Channel c = ChannelTypes.get(type).factory().create(type, s, env, smtp);
            s.finish();
            return errors.list().size() > before ? null : c;
        } catch (IllegalArgumentException e) {
            errors.add(s.location(), "'" + type + "': " + e.getMessage());
            return null;
        }
    }

    private NotificationPeriod period(Section s) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : s.strings("days")) {
            DayOfWeek day = switch (d.trim().toLowerCase(Locale.ROOT)) {
                case "mon", "monday" -> DayOfWeek.MONDAY;
                case "tue", "tuesday" -> DayOfWeek.TUESDAY;
                case "wed", "wednesday" -> DayOfWeek.WEDNESDAY;
                case "thu", "thursday" -> DayOfWeek.THURSDAY;
                case "fri", "friday" -> DayOfWeek.FRIDAY;
                case "sat", "saturday" -> DayOfWeek.SATURDAY;
                case "sun", "sunday" -> DayOfWeek.SUNDAY;
                default -> null;
            };
            if (day == null) {
                s.error("days", "'days' must list week days such as mon, tue, ... sun; found '" + d + "'");
            } else {
                days.add(day);
            }
        }
        if (!s.has("days")) {
            days = EnumSet.allOf(DayOfWeek.class);
        }
        LocalTime from = time(s, "from");
        LocalTime to = time(s, "to");
        ZoneId zone = s.zone("timezone", ZoneId.systemDefault());
        s.finish();
        if (days.isEmpty()) {
            return NotificationPeriod.ALWAYS;
        }
        return new NotificationPeriod(days, from, to, zone);
    }

    private static LocalTime time(Section s, String key) {
        return s.string(key).map(v -> {
            try {
                return v.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(v.length() == 4 ? "0" + v : v);
            } catch (DateTimeParseException e) {
                s.error(key, "'" + key + "' must be a time such as 08:00, found '" + v + "'");
                return LocalTime.MIDNIGHT;
            }
        }).orElse(LocalTime.MIDNIGHT);
    }

    private Route route(Section s, Map<String, Receiver> receivers, Route parent) {
        String receiver = s.string("receiver", parent == null ? null : parent.receiver());
        if (receiver != null && !receivers.containsKey(receiver)) {
            s.error("receiver", "unknown receiver '" + receiver + "'; defined receivers: "
                    + (receivers.isEmpty() ? "(none)" : String.join(", ", receivers.keySet())));
        }
        if (receiver == null && !s.has("routes")) {
            errors.add(s.location(), "a route needs a 'receiver' (or child 'routes' that name one)");
        }
        List<Matcher> matchers = matchers(s, "match", "match_re");
        boolean explicitGroupBy = s.has("group_by");
        // By default one message per incident (an event not in one is a group of its own, as per problem).
        List<String> groupBy = explicitGroupBy ? s.strings("group_by") : parent == null ? List.of("incident") : parent.groupBy();
        boolean perAlert = groupBy.equals(List.of("fingerprint")) || groupBy.equals(List.of("incident"));
        Duration groupWait = s.duration("group_wait", parent == null ? Duration.ofSeconds(perAlert ? 0 : 30) : parent.groupWait());
        // Per-alert groups send a recovery soon; real groups batch changes like Alertmanager (5 minutes).
        Duration groupInterval = s.duration("group_interval", parent == null ? (perAlert ? Duration.ofSeconds(10)
                : Duration.ofMinutes(5)) : parent.groupInterval());
        Duration repeatInterval = s.duration("repeat_interval", parent == null ? Duration.ofHours(4) : parent.repeatInterval());
        boolean cont = s.bool("continue", false);
        List<Route.Escalation> escalations = new ArrayList<>();
        s.node("escalate").ifPresent(n -> {
            List<ConfigNode> items = n instanceof ConfigNode.Sequence seq ? seq.items() : List.of(n);
            for (ConfigNode item : items) {
                Section e = Section.of(item, "an escalation", errors);
                Duration after = e.duration("after").orElse(null);
                String to = e.required("receiver", "the receiver to escalate to");
                e.finish();
                if (after == null) {
                    errors.add(e.location(), "an escalation needs 'after', e.g. after: 30m");
                } else if (!to.isEmpty() && !receivers.containsKey(to)) {
                    e.error("receiver", "unknown receiver '" + to + "'");
                } else if (!to.isEmpty()) {
                    escalations.add(new Route.Escalation(after, to));
                }
            }
        });
        String id = "route-" + (++routeCounter);
        Route self = new Route(id, matchers, receiver, groupBy, groupWait, groupInterval, repeatInterval, cont,
                escalations, List.of());
        List<Route> children = new ArrayList<>();
        s.node("routes").ifPresent(n -> {
            if (n instanceof ConfigNode.Sequence seq) {
                for (ConfigNode c : seq.items()) {
                    Route child = route(Section.of(c, "a route", errors), receivers, self);
                    if (child != null) {
                        children.add(child);
                    }
                }
            } else {
                errors.add(n, "'routes' must be a list, found " + n.describe());
            }
        });
        s.finish();
        return new Route(id, matchers, receiver, groupBy, groupWait, groupInterval, repeatInterval, cont, escalations, children);
    }

    private List<Matcher> matchers(Section s, String equalKey, String regexKey) {
        List<Matcher> out = new ArrayList<>();
        s.stringMap(equalKey).forEach((k, v) -> out.add(new Matcher(k, Matcher.Op.EQUAL, v)));
        s.stringMap(regexKey).forEach((k, v) -> {
            try {
                out.add(new Matcher(k, Matcher.Op.REGEX, v));
            } catch (IllegalArgumentException e) {
                s.error(regexKey, "'" + regexKey + "." + k + "': " + e.getMessage());
            }
        });
        return out;
    }
}
