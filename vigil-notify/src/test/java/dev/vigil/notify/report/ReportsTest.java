package dev.vigil.notify.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.notify.InMemoryNotifyStore;
import dev.vigil.notify.Messages;
import dev.vigil.notify.NotifyStore;
import dev.vigil.notify.config.InhibitRule;
import dev.vigil.notify.config.NotifyPlan;
import dev.vigil.notify.config.Receiver;
import dev.vigil.notify.config.ReportSchedule;
import dev.vigil.notify.pipeline.Dispatcher;
import dev.vigil.notify.pipeline.Pipeline;
import dev.vigil.notify.pipeline.RecordingChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The routine report on simulated time: on its schedule, through the outbox, retried like any message. */
class ReportsTest {
    private final SimulatedScheduler scheduler = new SimulatedScheduler(Instant.parse("2026-03-05T06:00:00Z"));
    private final InMemoryEventLog events = new InMemoryEventLog();
    private final InMemoryNotifyStore store = new InMemoryNotifyStore();
    private final RecordingChannel mail = new RecordingChannel("email");
    private final RecordingChannel chat = new RecordingChannel("chat");

    private Reports reports(String receiver) {
        NotifyPlan plan = new NotifyPlan(Map.of("ops", new Receiver("ops", List.of(chat, mail), null)), List.of(),
                List.of(InhibitRule.HOST_DOWN), List.of(new ReportSchedule("daily", receiver, "0 7 * * *", ZoneOffset.UTC)));
        Pipeline pipeline = new Pipeline(scheduler, events, store, new Dispatcher(scheduler, store, Runnable::run, new Random(1), plan), plan);
        pipeline.start();
        Reports r = new Reports(scheduler, events, pipeline, new Reports.Inventory() {
            @Override
            public List<String> objects() {
                return List.of("shop", "shop/web");
            }

            @Override
            public List<String> stillOpen() {
                return List.of("web on shop is CRITICAL: HTTP 502");
            }
        });
        r.start();
        return r;
    }

    @Test
    void theDailyReportIsMailedAtSevenThroughTheOutboxAndRetriedWhenTheServerRefuses() {
        events.append(List.of(Event.of(EventKind.PROBLEM, Instant.parse("2026-03-05T04:31:00Z"), "shop", "check", Severity.CRITICAL,
                "web on shop is CRITICAL", "fp-web")));
        mail.refuseNext = 1;
        try (Reports r = reports("ops")) {
            scheduler.advance(Duration.ofMinutes(59));
            assertThat(mail.accepted).isEmpty();
            scheduler.advance(Duration.ofMinutes(1)); // 07:00: queued, refused once
            assertThat(mail.refused).isEqualTo(1);
            assertThat(store.history(null, 10)).singleElement().satisfies(o -> {
                assertThat(o.state()).isEqualTo("pending");
                assertThat(o.lastError()).isEqualTo("refused on purpose");
            });
            scheduler.advance(Duration.ofSeconds(10)); // the dispatcher's first retry
            assertThat(mail.accepted).singleElement().satisfies(n -> {
                assertThat(Messages.subject(n)).isEqualTo("[Vigil] daily: 1 opened, 0 closed, 1 still open");
                assertThat(Messages.text(n)).contains("web on shop is CRITICAL");
            });
            assertThat(chat.accepted).as("reports are e-mail").isEmpty();
            assertThat(store.history(null, 10)).singleElement().extracting(NotifyStore.Outgoing::state).isEqualTo("sent");

            scheduler.advance(Duration.ofDays(1)); // and again the next morning
            assertThat(mail.accepted).hasSize(2);
        }
    }

    @Test
    void sendingNowReturnsTheDigestAndAReportForAnUnknownReceiverIsNotSentButDoesNotStopTheSchedule() {
        try (Reports r = reports("nobody")) {
            Digest d = r.sendNow("daily");
            assertThat(d.title()).isEqualTo("daily");
            assertThat(store.history(null, 10)).isEmpty();
            scheduler.advance(Duration.ofDays(2));
            assertThat(scheduler.pending()).isPositive();
        }
    }
}
