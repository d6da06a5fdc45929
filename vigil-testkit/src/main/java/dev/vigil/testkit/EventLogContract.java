package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import java.util.Map;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link EventLog} must do: extend this with {@link #log()} returning a new, empty log. */
public abstract class EventLogContract {
    protected static final Instant T0 = Instant.parse("2026-11-26T04:30:00Z");

    /** A new, empty log. */
    protected abstract EventLog log();

    protected static Event event(Instant at, String host, String title) {
        return new Event(at, host, "logs", EventKind.PROBLEM, Severity.WARNING, title, "", Event.fingerprint("logs", host, title),
                List.of(), null);
    }

    @Test
    void appendedEventsAreReadBackInOrderWithGrowingPositions() {
        EventLog log = log();
        log.append(List.of(event(T0, "web1", "a"), event(T0, "web1", "b")));
        log.append(List.of(event(T0.plusSeconds(1), "db1", "c")));
        List<EventLog.Logged> all = log.after(0, 10);
        assertThat(all).extracting(l -> l.event().title()).containsExactly("a", "b", "c");
        assertThat(all.get(1).id()).isGreaterThan(all.get(0).id());
        assertThat(all.get(2).id()).isGreaterThan(all.get(1).id());
        assertThat(log.after(all.get(0).id(), 10)).extracting(l -> l.event().title()).containsExactly("b", "c");
        assertThat(log.after(0, 2)).hasSize(2);
        assertThat(log.after(all.get(2).id(), 10)).isEmpty();
    }

    @Test
    void anEventComesBackWithEveryField() {
        EventLog log = log();
        Event e = new Event(T0, "shop", "integrity", EventKind.PROBLEM, Severity.CRITICAL, "/etc/sudoers changed", "line 1\nline 2",
                "fp-1", List.of(new EvidenceLink("the diff", "/integrity")), null,
                Map.of("service", "integrity", "path", "/etc/sudoers"));
        log.append(List.of(e));
        assertThat(log.after(0, 1)).singleElement().satisfies(l -> assertThat(l.event()).isEqualTo(e));
    }

    @Test
    void theNewestAreNewestFirstByHostAndSince() {
        EventLog log = log();
        log.append(List.of(event(T0, "web1", "old"), event(T0.plusSeconds(60), "web1", "new"),
                event(T0.plusSeconds(30), "db1", "other host")));
        assertThat(log.newest(null, T0, 10)).extracting(l -> l.event().title()).containsExactly("new", "other host", "old");
        assertThat(log.newest("web1", T0, 10)).extracting(l -> l.event().title()).containsExactly("new", "old");
        assertThat(log.newest("web1", T0.plusSeconds(1), 10)).extracting(l -> l.event().title()).containsExactly("new");
        assertThat(log.newest(null, T0, 1)).extracting(l -> l.event().title()).containsExactly("new");
    }

    @Test
    void subscribersAreWokenAfterTheEventsCanBeRead() {
        EventLog log = log();
        List<Integer> seenAtWake = new ArrayList<>();
        log.subscribe(() -> seenAtWake.add(log.after(0, 100).size()));
        log.append(List.of(event(T0, "web1", "a"), event(T0, "web1", "b")));
        assertThat(seenAtWake).containsExactly(2); // durable before anyone hears of it
    }
}
