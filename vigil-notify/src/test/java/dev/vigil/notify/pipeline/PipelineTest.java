package dev.vigil.notify.pipeline;

import dev.vigil.core.event.EventKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.notify.Alert;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Silence;
import dev.vigil.notify.config.InhibitRule;
import dev.vigil.notify.config.Matcher;
import dev.vigil.notify.config.NotificationPeriod;
import dev.vigil.notify.config.NotifyPlan;
import dev.vigil.notify.config.Receiver;
import dev.vigil.notify.config.Route;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z"); // a Thursday

    private final SimulatedScheduler scheduler = new SimulatedScheduler(START);
    private final dev.vigil.notify.InMemoryNotifyStore store = new dev.vigil.notify.InMemoryNotifyStore();
    private final dev.vigil.core.event.InMemoryEventLog events = new dev.vigil.core.event.InMemoryEventLog();
    private final Map<String, RecordingChannel> channels = new LinkedHashMap<>();
    private final Map<String, Receiver> receivers = new LinkedHashMap<>();
    private Pipeline pipeline;

    private RecordingChannel receiver(String name, NotificationPeriod period) {
        RecordingChannel c = new RecordingChannel();
        channels.put(name, c);
        receivers.put(name, new Receiver(name, List.of(c), period));
        return c;
    }

    private static Route route(String receiver, List<Matcher> match, List<String> groupBy, Duration wait,
                               Duration interval, boolean cont, List<Route.Escalation> escalations) {
        return new Route("r-" + receiver + "-" + match.hashCode(), match, receiver, groupBy, wait, interval,
                Duration.ofHours(4), cont, escalations, List.of());
    }

    private static Route simple(String receiver) {
        return route(receiver, List.of(), List.of("fingerprint"), Duration.ZERO, Duration.ofSeconds(10), false, List.of());
    }

    private void start(List<Route> routes) {
        NotifyPlan plan = new NotifyPlan(receivers, routes, List.of(InhibitRule.HOST_DOWN), null);
        pipeline = new Pipeline(scheduler, events, store, new Dispatcher(scheduler, store, Runnable::run, new Random(1), plan), plan);
        pipeline.start();
    }

    private Event event(String host, String service, String kind, Severity severity, String suppression) {
        Map<String, String> tags = new HashMap<>();
        if (service != null) {
            tags.put("service", service);
        }
        String what = service == null ? "host " + host : service + " on " + host;
        String state = kind.equals("recovery") ? (service == null ? "UP" : "OK") : severity.name();
        return new Event(scheduler.clock().instant(), host, "check", EventKind.of(kind), kind.equals("recovery") ? Severity.OK : severity,
                what + " is " + state, "output", Event.fingerprint("check", host, service), List.of(), suppression, tags);
    }

    private void emit(Event e) {
        events.append(List.of(e));
    }

    private void run(Duration d) {
        scheduler.advance(d);
    }

    private List<String> titles(RecordingChannel c) {
        return c.accepted.stream().map(n -> n.status().id() + ":" + String.join(",",
                n.alerts().stream().map(Alert::title).toList())).toList();
    }

    @Test
    void firstMatchingRouteWinsUnlessItContinues() {
        RecordingChannel dba = receiver("dba", NotificationPeriod.ALWAYS);
        RecordingChannel ops = receiver("ops", NotificationPeriod.ALWAYS);
        RecordingChannel audit = receiver("audit", NotificationPeriod.ALWAYS);
        start(List.of(
                route("audit", List.of(), List.of("fingerprint"), Duration.ZERO, Duration.ofSeconds(10), true, List.of()),
                route("dba", List.of(new Matcher("service", Matcher.Op.REGEX, "postgres.*")), List.of("fingerprint"),
                        Duration.ZERO, Duration.ofSeconds(10), false, List.of()),
                simple("ops")));
        emit(event("db1", "postgres-main", "problem", Severity.CRITICAL, null));
        emit(event("web1", "http", "problem", Severity.WARNING, null));
        run(Duration.ofSeconds(5));
        assertThat(titles(dba)).containsExactly("firing:postgres-main on db1 is CRITICAL");
        assertThat(titles(ops)).containsExactly("firing:http on web1 is WARNING");
        assertThat(audit.accepted).hasSize(2);
    }

    @Test
    void groupsByHostWaitThenBatchChangesAtTheGroupInterval() {
        RecordingChannel ops = receiver("ops", NotificationPeriod.ALWAYS);
        start(List.of(route("ops", List.of(), List.of("host"), Duration.ofSeconds(30), Duration.ofMinutes(5), false, List.of())));
        emit(event("web1", "http", "problem", Severity.CRITICAL, null));
        run(Duration.ofSeconds(10));
        emit(event("web1", "https", "problem", Severity.CRITICAL, null));
        run(Duration.ofSeconds(19));
        assertThat(ops.accepted).isEmpty(); // still inside group_wait
        run(Duration.ofSeconds(2));
        assertThat(ops.accepted).singleElement().satisfies(n -> assertThat(n.alerts()).hasSize(2));

        emit(event("web1", "http", "recovery", Severity.OK, null));
        run(Duration.ofMinutes(4));
        assertThat(ops.accepted).hasSize(1); // waits for group_interval
        run(Duration.ofMinutes(2));
        assertThat(ops.accepted).hasSize(2);
        Notification second = ops.accepted.get(1);
        assertThat(second.status()).isEqualTo(Alert.Status.FIRING); // https still firing
        assertThat(second.alerts()).extracting(Alert::status).containsExactlyInAnyOrder(Alert.Status.RESOLVED, Alert.Status.FIRING);

        run(Duration.ofHours(4));
        assertThat(ops.accepted).hasSize(3); // repeat_interval reminder for the still-firing https
        assertThat(ops.accepted.get(2).alerts()).extracting(Alert::title).containsExactly("https on web1 is CRITICAL");
    }

    @Test
    void aDownHostInhibitsItsServicesAndEngineSuppressedEventsStaySilent() {
        RecordingChannel ops = receiver("ops", NotificationPeriod.ALWAYS);
        start(List.of(simple("ops")));
        emit(event("web1", null, "problem", Severity.CRITICAL, null));
        run(Duration.ofSeconds(1));
        emit(event("web1", "http", "problem", Severity.CRITICAL, null));
        emit(event("web2", "http", "problem", Severity.CRITICAL, "in scheduled downtime: backup"));
        run(Duration.ofSeconds(5));
        assertThat(titles(ops)).containsExactly("firing:host web1 is CRITICAL");
    }

    @Test
    void silencesMuteUntilTheyExpire() {
        RecordingChannel ops = receiver("ops", NotificationPeriod.ALWAYS);
        start(List.of(simple("ops")));
        pipeline.silence(new Silence("s1", List.of(new Matcher("host", Matcher.Op.EQUAL, "web1")), START,
                START.plus(Duration.ofHours(1)), "alice", "migrating"));
        emit(event("web1", "http", "problem", Severity.CRITICAL, null));
        emit(event("web2", "http", "problem", Severity.CRITICAL, null));
        run(Duration.ofMinutes(1));
        assertThat(titles(ops)).containsExactly("firing:http on web2 is CRITICAL");
        run(Duration.ofHours(1));
        emit(event("web1", "disk", "problem", Severity.WARNING, null));
        run(Duration.ofMinutes(1));
        assertThat(titles(ops)).contains("firing:disk on web1 is WARNING");
    }

    @Test
    void unacknowledgedProblemsEscalateAndAcknowledgedOnesDoNot() {
        RecordingChannel ops = receiver("ops", NotificationPeriod.ALWAYS);
        RecordingChannel boss = receiver("boss", NotificationPeriod.ALWAYS);
        start(List.of(route("ops", List.of(), List.of("fingerprint"), Duration.ZERO, Duration.ofSeconds(10), false,
                List.of(new Route.Escalation(Duration.ofMinutes(30), "boss")))));
        emit(event("web1", "http", "problem", Severity.CRITICAL, null));
        emit(event("web2", "http", "problem", Severity.CRITICAL, null));
        run(Duration.ofMinutes(10));
        emit(event("web2", "http", "acknowledged", Severity.INFO, "acknowledgement"));
        run(Duration.ofMinutes(19));
        assertThat(boss.accepted).isEmpty();
        run(Duration.ofMinutes(2));
        assertThat(titles(boss)).containsExactly("firing:http on web1 is CRITICAL");
        assertThat(ops.accepted).hasSize(2);
    }

    @Test
    void outsideItsPeriodAReceiverIsNotifiedWhenThePeriodStartsAcrossADaylightSavingChange() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        NotificationPeriod office = new NotificationPeriod(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(8, 0), LocalTime.of(18, 0), berlin);
        // Saturday 2026-10-24 20:00 Berlin (CEST); the clocks go back on Sunday 25 October.
        Instant saturday = Instant.parse("2026-10-24T18:00:00Z");
        assertThat(office.nextActive(saturday)).isEqualTo(Instant.parse("2026-10-26T07:00:00Z")); // 08:00 CET
        assertThat(office.isActive(Instant.parse("2026-10-23T06:30:00Z"))).isTrue(); // Fri 08:30 CEST
        assertThat(office.isActive(Instant.parse("2026-10-26T06:30:00Z"))).isFalse(); // Mon 07:30 CET

        SimulatedScheduler weekend = new SimulatedScheduler(saturday);
        RecordingChannel day = new RecordingChannel();
        Map<String, Receiver> rs = Map.of("day", new Receiver("day", List.of(day), office));
        NotifyPlan plan = new NotifyPlan(rs, List.of(simple("day")), List.of(), null);
        Pipeline p = new Pipeline(weekend, events, store, new Dispatcher(weekend, store, Runnable::run, new Random(1), plan), plan);
        p.start();
        events.append(List.of(new Event(saturday, "web1", "check", EventKind.PROBLEM, Severity.WARNING, "http on web1 is WARNING", "",
                "fp-1", List.of(), null, Map.of("service", "http"))));
        weekend.runUntil(Instant.parse("2026-10-26T06:59:00Z"));
        assertThat(day.accepted).isEmpty();
        weekend.runUntil(Instant.parse("2026-10-26T07:00:05Z"));
        assertThat(day.accepted).hasSize(1);
    }

    @Test
    void aChannelThatFailsThreeTimesDeliversExactlyOnceWithGrowingBackoff() {
        RecordingChannel ops = receiver("ops", NotificationPeriod.ALWAYS);
        ops.refuseNext = 3;
        start(List.of(simple("ops")));
        emit(event("web1", "http", "problem", Severity.CRITICAL, null));
        run(Duration.ofSeconds(4));
        assertThat(ops.refused).isEqualTo(1);
        run(Duration.ofMinutes(5));
        assertThat(ops.refused).isEqualTo(3);
        assertThat(ops.accepted).hasSize(1);
        assertThat(store.history(null, 10)).singleElement().satisfies(o -> {
            assertThat(o.state()).isEqualTo("sent");
            assertThat(o.attempts()).isEqualTo(4);
        });
        run(Duration.ofHours(1));
        assertThat(ops.accepted).hasSize(1);
        Dispatcher d = pipeline.dispatcher();
        assertThat(d.backoff(1)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
        assertThat(d.backoff(3)).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(24));
        assertThat(d.backoff(30)).isLessThanOrEqualTo(Duration.ofMinutes(12));
    }

    @Test
    void aRefusalForGoodIsNotRetriedAndStaysInTheHistoryWithItsReason() {
        RecordingChannel ops = receiver("ops", NotificationPeriod.ALWAYS);
        ops.refuseForGood = true;
        start(List.of(simple("ops")));
        emit(event("web1", "http", "problem", Severity.CRITICAL, null));
        run(Duration.ofHours(2));
        assertThat(ops.refused).isEqualTo(1);
        assertThat(store.history(null, 10)).singleElement().satisfies(o -> {
            assertThat(o.state()).isEqualTo("failed");
            assertThat(o.lastError()).isEqualTo("HTTP 401 on purpose");
        });
    }

    @Test
    void eventsNotYetInTheOutboxAreHandledAgainAfterACrashAndSentOnce() {
        RecordingChannel ops = receiver("ops", NotificationPeriod.ALWAYS);
        start(List.of(route("ops", List.of(), List.of("host"), Duration.ofSeconds(30), Duration.ofMinutes(5), false, List.of())));
        emit(event("web1", "http", "problem", Severity.CRITICAL, null));
        run(Duration.ofSeconds(10)); // inside group_wait: nothing queued yet
        assertThat(store.history(null, 10)).isEmpty();
        assertThat(store.cursor()).isZero();

        // Crash: the pipeline object is gone with its timers; a new one starts on the same store.
        pipeline.dispatcher().stop();
        SimulatedScheduler after = new SimulatedScheduler(scheduler.clock().instant());
        NotifyPlan plan = new NotifyPlan(receivers, List.of(route("ops", List.of(), List.of("host"), Duration.ofSeconds(30),
                Duration.ofMinutes(5), false, List.of())), List.of(), null);
        Pipeline restarted = new Pipeline(after, events, store, new Dispatcher(after, store, Runnable::run, new Random(1), plan), plan);
        restarted.start();
        after.advance(Duration.ofMinutes(2));
        assertThat(ops.accepted).hasSize(1);
        assertThat(store.cursor()).isEqualTo(1);
        after.advance(Duration.ofMinutes(10));
        assertThat(ops.accepted).hasSize(1);
    }
}
