package dev.vigil.server.demo;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.Severity;
import dev.vigil.incidents.Incident;
import dev.vigil.incidents.Incidents;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What Vigil made of the story, step by step: each step is caught (raised once, by its due time, in the incident it
 * belongs to), missed, doubled or late; read from the event log and the incidents, as a user would find them.
 */
record Outcome(List<Result> results, int events, int notifications, int incidents) {

    enum Verdict {
        CAUGHT, MISSED, DOUBLED, LATE;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One step: when it happened, when Vigil raised it (null when it did not), the incident, and why if not caught. */
    record Result(Story.Step step, Instant raised, long incident, Verdict verdict, String why) {}

    boolean allCaught() {
        return results.stream().allMatch(r -> r.verdict() == Verdict.CAUGHT);
    }

    private record Seen(long id, Event event, long incident) {}

    static Outcome judge(Story story, List<EventLog.Logged> log, Incidents incidents, int notifications) {
        List<Seen> all = log.stream().map(l -> new Seen(l.id(), l.event(), incidents.incidentOf(l.id()).orElse(0L))).toList();
        Judge j = new Judge(story, all, incidents);
        List<Result> results = new ArrayList<>();
        for (Story.Step s : story.steps()) {
            results.add(switch (s.number()) {
                case 1 -> j.pattern(s);
                case 2 -> j.bursts(s);
                case 3 -> j.forecast(s);
                case 4 -> j.leak(s);
                case 5 -> j.chmod(s);
                case 6 -> j.intrusion(s);
                default -> j.paste(s);
            });
        }
        int opened = (int) all.stream().map(Seen::incident).filter(i -> i != 0).distinct().count();
        return new Outcome(results, all.size(), notifications, opened);
    }

    /** The rules each step is judged by. */
    private record Judge(Story story, List<Seen> all, Incidents incidents) {
        private List<Seen> problems(Predicate<Event> which) {
            return all.stream().filter(s -> (s.event().kind() == EventKind.PROBLEM || s.event().kind() == EventKind.PATTERN)
                    && s.event().severity() != Severity.OK && which.test(s.event())).toList();
        }

        private static Result result(Story.Step s, Seen seen, List<Seen> all, String what) {
            if (seen == null) {
                return new Result(s, null, 0, Verdict.MISSED, "no " + what);
            }
            if (all.size() > 1) {
                return new Result(s, seen.event().when(), seen.incident(), Verdict.DOUBLED, all.size() + " times: " + what);
            }
            return timed(s, seen.event().when(), seen.incident());
        }

        private static Result timed(Story.Step s, Instant raised, long incident) {
            return raised.isAfter(s.due()) ? new Result(s, raised, incident, Verdict.LATE, "due by " + s.due())
                    : new Result(s, raised, incident, Verdict.CAUGHT, "");
        }

        Result pattern(Story.Step s) {
            List<Seen> p = problems(e -> e.kind() == EventKind.PATTERN && "db1".equals(e.host()) && e.title().contains("backup.sh"));
            return result(s, p.isEmpty() ? null : p.getFirst(), p, "weekly pattern naming backup.sh");
        }

        Result bursts(Story.Step s) {
            List<Seen> p = problems(e -> e.kind() == EventKind.PATTERN && "db1".equals(e.host()));
            if (p.isEmpty() || p.getFirst().incident() == 0) {
                return new Result(s, null, 0, Verdict.MISSED, "no recurring incident with the pattern");
            }
            Seen pattern = p.getFirst();
            Incident recurring = incidents.get(pattern.incident()).orElseThrow();
            List<Seen> bursts = problems(e -> "web1".equals(e.host()) && e.source().equals("logs") && e.title().contains("502"));
            boolean linked = bursts.stream().anyMatch(b -> b.incident() == recurring.id());
            if (recurring.kind() != Incident.Kind.RECURRING || !linked) {
                return new Result(s, null, pattern.incident(), Verdict.MISSED, "the 502 bursts are not in the pattern's incident");
            }
            // Every burst after the pattern was found belongs to that one recurring incident.
            Set<Long> later = bursts.stream().filter(b -> b.event().when().isAfter(pattern.event().when())).map(Seen::incident)
                    .collect(Collectors.toSet());
            if (later.size() > 1 || !later.isEmpty() && !later.contains(recurring.id())) {
                return new Result(s, pattern.event().when(), recurring.id(), Verdict.DOUBLED, "later bursts in " + later.size() + " incidents");
            }
            return timed(s, pattern.event().when(), recurring.id());
        }

        Result forecast(Story.Step s) {
            List<Seen> f = problems(e -> "db1".equals(e.host()) && e.title().contains("will be full") && e.when().isBefore(story.diskFull()));
            return result(s, f.isEmpty() ? null : f.getFirst(), f, "disk-full forecast for db1");
        }

        /** The leak findings of the shop's error page: on web1, after the disk filled. */
        private List<Seen> leaks() {
            return problems(e -> e.source().equals("threat") && "web1".equals(e.host()) && !e.when().isBefore(story.diskFull()));
        }

        private Optional<Seen> leak() {
            return leaks().stream().findFirst();
        }

        Result leak(Story.Step s) {
            List<Seen> checks = problems(e -> e.source().equals("check") && "web1".equals(e.host()) && e.severity() == Severity.CRITICAL
                    && !e.when().isBefore(story.diskFull()) && e.when().isBefore(story.repaired()));
            List<Seen> leaks = leaks();
            if (checks.isEmpty() || leaks.isEmpty()) {
                return new Result(s, null, 0, Verdict.MISSED, checks.isEmpty() ? "no CRITICAL from the shop's check" : "no leak finding");
            }
            if (leaks.size() > 1 || checks.size() > 1) {
                return new Result(s, leaks.getFirst().event().when(), leaks.getFirst().incident(), Verdict.DOUBLED,
                        checks.size() + " CRITICALs, " + leaks.size() + " leak findings");
            }
            List<Seen> database = problems(e -> "db1".equals(e.host()) && e.source().equals("logs") && "100247".equals(e.tags().get("rule"))
                    && !e.when().isBefore(story.diskFull()));
            if (database.isEmpty()) {
                return new Result(s, null, 0, Verdict.MISSED, "no alert for the damaged database");
            }
            Set<Long> in = new java.util.HashSet<>(List.of(checks.getFirst().incident(), leaks.getFirst().incident(),
                    database.getFirst().incident()));
            if (in.size() > 1) {
                return new Result(s, checks.getFirst().event().when(), checks.getFirst().incident(), Verdict.DOUBLED,
                        "the database, the check and the leak are in " + in.size() + " incidents");
            }
            Instant raised = later(checks.getFirst().event().when(), leaks.getFirst().event().when());
            return timed(s, raised, leaks.getFirst().incident());
        }

        Result chmod(Story.Step s) {
            Instant from = story.chmod();
            List<Seen> sudo = problems(e -> e.source().equals("logs") && "100143".equals(e.tags().get("rule")) && !e.when().isBefore(from));
            List<Seen> file = problems(e -> e.source().equals("integrity") && e.title().contains("uploads") && !e.when().isBefore(from));
            List<Seen> audit = problems(e -> e.source().equals("audit") && e.title().contains("uploads") && !e.when().isBefore(from));
            if (sudo.isEmpty() || file.isEmpty() || audit.isEmpty()) {
                return new Result(s, null, 0, Verdict.MISSED, (sudo.isEmpty() ? "no sudo alert " : "") + (file.isEmpty() ? "no file change " : "")
                        + (audit.isEmpty() ? "no audit finding" : ""));
            }
            List<Seen> parts = new ArrayList<>(sudo);
            parts.addAll(file);
            parts.addAll(audit);
            Set<Long> in = parts.stream().map(Seen::incident).collect(Collectors.toSet());
            Instant raised = parts.stream().map(p -> p.event().when()).max(Comparator.naturalOrder()).orElseThrow();
            if (in.size() > 1 || sudo.size() > 1 || file.size() > 1) {
                return new Result(s, raised, sudo.getFirst().incident(), Verdict.DOUBLED, "in " + in.size() + " incidents");
            }
            return timed(s, raised, sudo.getFirst().incident());
        }

        Result intrusion(Story.Step s) {
            Optional<Seen> leak = leak();
            List<Seen> brute = problems(e -> e.source().equals("logs") && "web1".equals(e.host())
                    && e.tags().getOrDefault("groups", "").contains("authentication_failures") && !e.when().isBefore(story.bruteForce()));
            List<Seen> login = problems(e -> e.source().equals("logs") && "100124".equals(e.tags().get("rule")));
            if (brute.isEmpty() || login.isEmpty()) {
                return new Result(s, null, 0, Verdict.MISSED, brute.isEmpty() ? "no brute-force alert" : "no login-after-brute-force alert");
            }
            long incident = login.getFirst().incident();
            if (leak.isEmpty() || brute.getFirst().incident() != incident || leak.get().incident() != incident) {
                return new Result(s, login.getFirst().event().when(), incident, Verdict.MISSED, "not in the leak's security incident");
            }
            if (login.size() > 1) {
                return new Result(s, login.getFirst().event().when(), incident, Verdict.DOUBLED, login.size() + " login alerts");
            }
            return timed(s, login.getFirst().event().when(), incident);
        }

        Result paste(Story.Step s) {
            List<Seen> found = problems(e -> e.source().equals("threat") && e.host() == null && !e.when().isBefore(story.paste()));
            Result r = result(s, found.isEmpty() ? null : found.getFirst(), found, "finding for the paste");
            if (r.verdict() != Verdict.CAUGHT) {
                return r;
            }
            Seen f = found.getFirst();
            if (f.event().severity() != Severity.CRITICAL) {
                return new Result(s, f.event().when(), f.incident(), Verdict.MISSED, "the paste's finding is " + f.event().severity());
            }
            Optional<Seen> leak = leak();
            if (leak.isEmpty() || leak.get().incident() != f.incident()) {
                return new Result(s, f.event().when(), f.incident(), Verdict.MISSED, "not in the leak's security incident");
            }
            return r;
        }

        private static Instant later(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }
    }

    /** The table the demo prints: one line per step, then the totals. */
    String table(ZoneId zone) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH).withZone(zone);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-6s %-8s %-9s %-20s %-20s %s%n", "step", "verdict", "incident",
                "happened", "raised", "what"));
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "%-6s %-8s %-9s %-20s %-20s %s%s%n", "step " + r.step().number(), r.verdict().id(),
                    r.incident() == 0 ? "-" : "#" + r.incident(), f.format(r.step().happened()), r.raised() == null ? "-" : f.format(r.raised()),
                    r.step().what(), r.why().isEmpty() ? "" : " (" + r.why() + ")"));
        }
        b.append(String.format(Locale.ROOT, "%d events, %d incidents, %d notifications (%.1f events per notification)%n", events, incidents,
                notifications, notifications == 0 ? 0.0 : (double) events / notifications));
        return b.toString();
    }
}
