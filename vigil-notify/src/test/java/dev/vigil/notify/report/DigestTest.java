package dev.vigil.notify.report;

import dev.vigil.core.event.EventKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final Instant FROM = Instant.parse("2026-11-25T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(1));

    private static Event e(String host, String service, String kind, Instant at) {
        return new Event(at, host, "check", EventKind.of(kind), kind.equals("problem") ? Severity.CRITICAL : Severity.OK,
                service + " on " + host, "", Event.fingerprint("check", host, service), List.of(), null, Map.of("service", service));
    }

    @Test
    void countsOutagesAvailabilityAndNoise() {
        List<Event> events = List.of(
                e("db", "disk", "problem", FROM.minus(Duration.ofHours(2))),              // open before the window
                e("web", "http", "problem", FROM.plus(Duration.ofHours(1))),
                e("web", "http", "recovery", FROM.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(30))),
                e("web", "http", "problem", FROM.plus(Duration.ofHours(3))),
                e("web", "http", "recovery", FROM.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(6))),
                e("db", "disk", "recovery", FROM.plus(Duration.ofHours(6))));
        Digest d = Digest.compute("daily", FROM, TO, events, List.of("web/http", "db/disk", "mail/smtp"), List.of());
        assertThat(d.opened()).isEqualTo(2);
        assertThat(d.closed()).isEqualTo(3);
        assertThat(d.longestOutages().get(0).what()).isEqualTo("db/disk");
        assertThat(d.longestOutages().get(0).length()).isEqualTo(Duration.ofHours(6));
        assertThat(d.availability().get("web/http")).isEqualTo(97.5); // 36 of 1440 minutes down
        assertThat(d.availability().get("db/disk")).isEqualTo(75.0);
        assertThat(d.availability().get("mail/smtp")).isEqualTo(100.0);
        assertThat(d.noisiest().get(0)).isEqualTo(new Digest.Count("web/http", 4));
        assertThat(d.bySource()).containsEntry("check", 5);
        assertThat(DigestText.text(d, ZoneOffset.UTC)).contains("Problems opened: 2, closed: 3").contains("97.500%  web/http");
    }

    @Test
    void anOutageStillGoingAtTheEndCountsToTheEndAndIsMarked() {
        Digest d = Digest.compute("daily", FROM, TO, List.of(e("web", "http", "problem", TO.minus(Duration.ofHours(12)))),
                List.of("web/http"), List.of("http on web is CRITICAL"));
        assertThat(d.longestOutages()).singleElement().satisfies(o -> assertThat(o.ongoing()).isTrue());
        assertThat(d.availability().get("web/http")).isEqualTo(50.0);
        assertThat(DigestText.subject(d)).isEqualTo("[Vigil] daily: 1 opened, 0 closed, 1 still open");
    }
}
