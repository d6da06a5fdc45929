package dev.vigil.incidents.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.incidents.InMemoryIncidentStore;
import dev.vigil.incidents.Incident;
import dev.vigil.incidents.IncidentState;
import dev.vigil.incidents.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grouping rules on simulated time, one event at a time as the log holds them. */
class CorrelatorTest {
    private static final Instant T0 = Instant.parse("2026-11-26T04:30:00Z");
    private final InMemoryIncidentStore store = new InMemoryIncidentStore();
    private final Correlator c = new Correlator(store, Correlator.Windows.DEFAULT);
    private long id;

    private Incident accept(Event e) {
        Incident i = c.accept(++id, e).orElse(null);
        c.flush(id);
        return i;
    }

    private static Event problem(int minute, String host, String source, Severity s, String title, String fp) {
        return Event.of(EventKind.PROBLEM, T0.plus(Duration.ofMinutes(minute)), host, source, s, title, fp);
    }

    private static Event recovery(int minute, String host, String source, String fp) {
        return Event.of(EventKind.RECOVERY, T0.plus(Duration.ofMinutes(minute)), host, source, Severity.OK, "recovered", fp);
    }

    @Test
    void relatedEventsOnAHostJoinUnrelatedHostsStayApartAndItResolvesWhenEveryPartRecovered() {
        Incident load = accept(problem(0, "shop", "metrics", Severity.WARNING, "load on shop above 4", "m:load"));
        Incident web = accept(problem(2, "shop", "check", Severity.CRITICAL, "web on shop is CRITICAL: HTTP 502", "c:web"));
        Incident other = accept(problem(3, "db", "check", Severity.CRITICAL, "disk on db is CRITICAL", "c:disk"));
        assertThat(web.id()).isEqualTo(load.id());
        assertThat(other.id()).isNotEqualTo(load.id());
        assertThat(web.severity()).as("the highest of its parts").isEqualTo(Severity.CRITICAL);
        assertThat(web.earliest()).as("the load came first").isEqualTo(1);
        assertThat(web.title()).isEqualTo("load on shop above 4");

        Incident half = accept(recovery(10, "shop", "check", "c:web"));
        assertThat(half.state()).isEqualTo(IncidentState.OPEN);
        Incident done = accept(recovery(12, "shop", "metrics", "m:load"));
        assertThat(done.state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(done.resolved()).isEqualTo(T0.plus(Duration.ofMinutes(12)));
        assertThat(done.events()).isEqualTo(4);
        assertThat(store.members(load.id())).extracting(Member::title).containsExactly("load on shop above 4",
                "web on shop is CRITICAL: HTTP 502", "recovered", "recovered");

        Incident back = accept(problem(20, "shop", "check", Severity.CRITICAL, "web on shop is CRITICAL: HTTP 502", "c:web"));
        assertThat(back.id()).as("a late event after resolution opens a new incident").isNotEqualTo(load.id());
        assertThat(back.follows()).as("linked to the old one").isEqualTo(load.id());
        Incident muchLater = accept(problem(200, "shop", "logs", Severity.WARNING, "sshd: many failed logins", "l:ssh"));
        assertThat(muchLater.id()).as("outside the window").isNotEqualTo(back.id());
        assertThat(muchLater.follows()).isZero();
    }

    @Test
    void aCredentialLeakMakesItsHostsIncidentASecurityOneAndALoginThenAPasteJoinIt() {
        Incident down = accept(problem(0, "shop", "check", Severity.CRITICAL, "web on shop is CRITICAL: HTTP 503", "c:web"));
        Incident leak = accept(problem(1, "shop", "threat", Severity.CRITICAL, "Error page (503) of shop/web: 1 secret", "threat:1")
                .withTags(Map.of("secrets", "1")));
        assertThat(leak.id()).isEqualTo(down.id());
        assertThat(leak.kind()).isEqualTo(Incident.Kind.SECURITY);
        assertThat(leak.title()).isEqualTo("Security: credentials leaked (shop)");

        accept(recovery(30, "shop", "check", "c:web")); // the site is back; the leak is not triaged yet
        Incident noise = accept(problem(60 * 20, "db", "logs", Severity.WARNING, "sshd: brute force on db", "l:db")
                .withTags(Map.of("groups", "syslog,sshd,authentication_failures")));
        assertThat(noise.id()).as("another host").isNotEqualTo(down.id());
        Incident brute = accept(problem(60 * 24, "shop", "logs", Severity.WARNING, "sshd: brute force from 203.0.113.9", "l:brute")
                .withTags(Map.of("groups", "syslog,sshd,authentication_failures")));
        assertThat(brute.id()).as("someone tries credentials while ours are out").isEqualTo(down.id());
        Incident login = accept(problem(60 * 24 + 5, "shop", "logs", Severity.WARNING, "sshd: login from 203.0.113.9", "l:login")
                .withTags(Map.of("groups", "syslog,sshd,authentication_success")));
        assertThat(login.id()).as("the leaked credentials were used").isEqualTo(down.id());
        assertThat(login.title()).isEqualTo("Security: leaked credentials, then activity on shop");

        Incident paste = accept(problem(60 * 48, null, "threat", Severity.CRITICAL, "Paste AbC123: one of our own secrets", "threat:2")
                .withTags(Map.of("secrets", "2")));
        assertThat(paste.id()).as("the dump on a paste site belongs to the same story").isEqualTo(down.id());
        assertThat(store.members(down.id())).extracting(Member::source).containsExactly("check", "threat", "check", "logs", "logs", "threat");
    }

    @Test
    void aLeakOnAPasteSiteOpensASecurityIncidentThatALoginAnywhereJoinsWithinTheSecurityWindow() {
        Incident paste = accept(problem(0, null, "threat", Severity.CRITICAL, "Paste K: 1 secret; mentions example.com", "threat:9")
                .withTags(Map.of("secrets", "1")));
        assertThat(paste.kind()).isEqualTo(Incident.Kind.SECURITY);
        assertThat(paste.host()).isNull();
        Incident change = accept(problem(90, "shop", "integrity", Severity.CRITICAL, "/var/www/shop/tmp mode 0777", "fim:tmp"));
        assertThat(change.id()).isEqualTo(paste.id());
        assertThat(change.host()).as("now tied to the host where it was used").isEqualTo("shop");
        Incident late = accept(problem(60 * 24 * 8, "db", "integrity", Severity.CRITICAL, "/etc/passwd modified", "fim:passwd"));
        assertThat(late.id()).as("past the security window, and another host").isNotEqualTo(paste.id());
    }

    @Test
    void informationAndSilencedProblemsOpenNothingButJoinAsContextAndAcknowledgementsFollowTheirProblem() {
        assertThat(accept(Event.of(EventKind.PACKAGE, T0, "shop", "integrity", Severity.INFO, "apt upgrade: 30 files", "pkg:1"))).isNull();
        assertThat(accept(problem(1, "shop", "check", Severity.CRITICAL, "web down", "c:web").suppressedBy("downtime"))).isNull();
        Incident i = accept(problem(2, "shop", "check", Severity.WARNING, "disk on shop 91%", "c:disk"));
        Incident pkg = accept(Event.of(EventKind.PACKAGE, T0.plusSeconds(200), "shop", "integrity", Severity.INFO, "apt: nginx", "pkg:2"));
        assertThat(pkg.id()).isEqualTo(i.id());
        Incident acked = accept(Event.of(EventKind.ACKNOWLEDGED, T0.plusSeconds(300), "shop", "check", Severity.INFO, "ack", "c:disk"));
        assertThat(acked.id()).isEqualTo(i.id());
        assertThat(acked.state()).isEqualTo(IncidentState.OPEN);
        assertThat(accept(recovery(9, "db", "check", "c:unrelated"))).isNull();
    }

    @Test
    void resolvedByHandItTakesNoMoreEventsAndARestartKnowsTheOpenParts() {
        Incident i = accept(problem(0, "shop", "check", Severity.CRITICAL, "web down", "c:web"));
        accept(problem(1, "shop", "check", Severity.CRITICAL, "db down", "c:db"));
        Correlator restarted = new Correlator(store, Correlator.Windows.DEFAULT);
        assertThat(restarted.accept(++id, recovery(5, "shop", "check", "c:web")).orElseThrow().state()).isEqualTo(IncidentState.OPEN);
        assertThat(restarted.accept(++id, recovery(6, "shop", "check", "c:db")).orElseThrow().state()).isEqualTo(IncidentState.RESOLVED);

        Incident j = restarted.accept(++id, problem(100, "shop", "check", Severity.CRITICAL, "web down", "c:web")).orElseThrow();
        Incident closed = restarted.set(j.id(), IncidentState.RESOLVED, "resolved by alice: restarted nginx", T0.plusSeconds(7000));
        assertThat(closed.note()).isEqualTo("resolved by alice: restarted nginx");
        Incident again = restarted.accept(++id, problem(120, "shop", "check", Severity.CRITICAL, "web down", "c:web")).orElseThrow();
        assertThat(again.id()).isNotEqualTo(j.id());
        assertThat(i.id()).isNotEqualTo(j.id());
    }

    @Test
    void problemsThatKeepComingBackInAPatternsWindowBecomeOneRecurringIncidentWithThePattern() {
        // T0 is a Thursday 04:30 UTC: three weeks of 502 bursts on web during the backup, each over by 05:00.
        Incident[] weekly = new Incident[3];
        for (int w = 0; w < 3; w++) {
            int m = w * 7 * 24 * 60;
            weekly[w] = accept(problem(m + 2, "web", "logs", Severity.WARNING, "Burst of HTTP 502 on web", "l:502"));
            accept(recovery(m + 40, "web", "logs", "l:502"));
        }
        accept(problem(7 * 24 * 60 + 3, "web", "logs", Severity.WARNING, "once in the window", "l:other"));
        assertThat(weekly[2].id()).isNotEqualTo(weekly[1].id());
        Map<String, String> window = Map.of("pattern_day", "THURSDAY", "pattern_from", "04:30", "pattern_to", "04:45", "pattern_zone", "UTC",
                "series", "load.1min", "process", "backup.sh");
        Incident pattern = accept(Event.of(EventKind.PATTERN, T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(2)), "db", "metric",
                Severity.INFO, "load.1min spike every Thursday 04:30–04:45 for 3 weeks; top process during spikes: backup.sh", "p:db")
                .withTags(window));
        assertThat(pattern.id()).as("the latest burst's incident").isEqualTo(weekly[2].id());
        assertThat(pattern.kind()).isEqualTo(Incident.Kind.RECURRING);
        assertThat(pattern.title()).isEqualTo("Recurring every Thursday 04:30–04:45: Burst of HTTP 502 on web, with the load.1min spike on db"
                + " (top process: backup.sh)");

        Incident fourth = accept(problem(21 * 24 * 60 + 1, "web", "logs", Severity.WARNING, "Burst of HTTP 502 on web", "l:502"));
        assertThat(fourth.id()).as("the next burst joins it again").isEqualTo(pattern.id());
        assertThat(fourth.state()).isEqualTo(IncidentState.OPEN);
        assertThat(accept(recovery(21 * 24 * 60 + 40, "web", "logs", "l:502")).state()).isEqualTo(IncidentState.RESOLVED);
        Incident friday = accept(problem(22 * 24 * 60 + 1, "web", "logs", Severity.WARNING, "Burst of HTTP 502 on web", "l:502"));
        assertThat(friday.id()).as("outside the window it is a problem of its own").isNotEqualTo(pattern.id());
        Incident noise = accept(problem(28 * 24 * 60 + 3, "web", "logs", Severity.WARNING, "once in the window", "l:other"));
        assertThat(noise.id()).as("seen once with the pattern: not linked").isNotEqualTo(pattern.id());
    }

    @Test
    void aFindingAboutTheSameFileJoinsItsChangesIncidentHoweverLaterAndAnotherFileDoesNot() {
        Incident change = accept(problem(0, "web1", "integrity", Severity.WARNING, "permissions of /srv/shop/public/uploads changed", "i:1")
                .withTags(Map.of("path", "/mnt/web1/srv/shop/public/uploads")));
        Incident audit = accept(problem(55, "web1", "audit", Severity.CRITICAL, "web-root-777: /srv/shop/public/uploads on web1", "a:1")
                .withTags(Map.of("path", "/srv/shop/public/uploads")));
        assertThat(audit.id()).as("the same directory, an hour later").isEqualTo(change.id());
        Incident other = accept(problem(90, "web1", "audit", Severity.WARNING, "world-writable: /var/tmp/x on web1", "a:2")
                .withTags(Map.of("path", "/var/tmp/x")));
        assertThat(other.id()).isNotEqualTo(change.id());
        Incident elsewhere = accept(problem(91, "web2", "audit", Severity.CRITICAL, "web-root-777: /srv/shop/public/uploads on web2", "a:3")
                .withTags(Map.of("path", "/srv/shop/public/uploads")));
        assertThat(elsewhere.id()).as("another host's file").isNotEqualTo(change.id());
    }

    @Test
    void problemsOfHostsRelatedByDependsOnAreOneIncidentAndTheSecurityChainFollowsAcrossThem() {
        c.relate(Map.of("web1", java.util.Set.of("db1"), "db1", java.util.Set.of("web1")));
        Incident db = accept(problem(0, "db1", "logs", Severity.CRITICAL, "PostgreSQL found a damaged page", "l:pg"));
        Incident web = accept(problem(9, "web1", "check", Severity.CRITICAL, "shop on web1 is CRITICAL: HTTP 503", "c:shop"));
        assertThat(web.id()).as("the shop depends on the database").isEqualTo(db.id());
        Incident leak = accept(problem(10, "web1", "threat", Severity.CRITICAL, "Error page (503) of web1/shop: 1 secret", "t:1")
                .withTags(Map.of("secrets", "1")));
        assertThat(leak.id()).isEqualTo(db.id());
        assertThat(leak.kind()).isEqualTo(Incident.Kind.SECURITY);
        Incident login = accept(problem(3000, "web1", "logs", Severity.CRITICAL, "SSH login after brute force", "l:login")
                .withTags(Map.of("groups", "authentication_success")));
        assertThat(login.id()).as("two days later, on the related host").isEqualTo(db.id());
        Incident mail = accept(problem(11, "mail1", "check", Severity.CRITICAL, "smtp on mail1 is CRITICAL", "c:smtp"));
        assertThat(mail.id()).as("an unrelated host").isNotEqualTo(db.id());
    }

    @Test
    void afterARestartAPatternReportedAgainStillFindsWhatRecurredWithIt() {
        for (int w = 0; w < 3; w++) {
            int m = w * 7 * 24 * 60;
            accept(problem(m + 2, "web", "logs", Severity.WARNING, "Burst of HTTP 502 on web", "l:502"));
            accept(recovery(m + 40, "web", "logs", "l:502"));
        }
        Correlator restarted = new Correlator(store, Correlator.Windows.DEFAULT);
        restarted.recall(T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(2)));
        Incident pattern = restarted.accept(++id, Event.of(EventKind.PATTERN, T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(2)), "db",
                "metric", Severity.INFO, "load.1min spike every Thursday 04:30–04:45 for 3 weeks", "p:db").withTags(Map.of("pattern_day",
                "THURSDAY", "pattern_from", "04:30", "pattern_to", "04:45", "pattern_zone", "UTC"))).orElseThrow();
        assertThat(pattern.kind()).isEqualTo(Incident.Kind.RECURRING);
    }

    @Test
    void aWindowJustAfterMidnightTakesAnOccurrenceJustBeforeItOnTheDayBefore() {
        var w = new Correlator.Window(java.time.DayOfWeek.THURSDAY, java.time.LocalTime.of(0, 5), java.time.LocalTime.of(0, 20),
                java.time.ZoneOffset.UTC);
        assertThat(w.contains(Instant.parse("2026-11-25T23:55:00Z"))).as("Wednesday 23:55").isTrue();
        assertThat(w.contains(Instant.parse("2026-11-26T00:30:00Z"))).as("Thursday 00:30").isTrue();
        assertThat(w.contains(Instant.parse("2026-11-26T23:55:00Z"))).as("Thursday 23:55 is near Friday's midnight").isFalse();
        assertThat(w.contains(Instant.parse("2026-11-26T01:00:00Z"))).isFalse();
    }
}
