package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.notify.Alert;
import dev.vigil.notify.Notification;
import dev.vigil.notify.NotifyStore;
import dev.vigil.notify.Silence;
import dev.vigil.notify.config.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link NotifyStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class NotifyStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-26T04:30:00Z");

    /** A new, empty store (the same one for every call within a test), over an empty event log. */
    protected abstract NotifyStore store();

    private static Notification notification(String fingerprint, Alert.Status status, String dedup) {
        Alert a = new Alert(fingerprint, status, "shop", "web", "web on shop is CRITICAL", "CRITICAL", "", "check", T0,
                status == Alert.Status.RESOLVED ? T0.plusSeconds(60) : null, Map.of("service", "web"));
        return new Notification("ops", "g-" + fingerprint, status, List.of(a), dedup, T0, Map.of(), false);
    }

    @Test
    void enqueueingMovesTheCursorWithTheNotificationsAndTheyAreDueFromTheirTime() {
        assertThat(store().cursor()).isZero();
        var added = store().enqueue(List.of(new NotifyStore.Queued("ops", 0, notification("fp-1", Alert.Status.FIRING, "d-1"), T0),
                new NotifyStore.Queued("ops", 1, notification("fp-1", Alert.Status.FIRING, "d-1"), T0.plusSeconds(30))), 7);
        assertThat(added).hasSize(2).allSatisfy(o -> assertThat(o.state()).isEqualTo("pending"));
        assertThat(store().cursor()).isEqualTo(7);
        assertThat(store().due(T0, 10)).extracting(NotifyStore.Outgoing::channel).containsExactly(0);
        assertThat(store().due(T0.plusSeconds(30), 10)).hasSize(2);
        store().saveCursor(9);
        assertThat(store().cursor()).isEqualTo(9);
    }

    @Test
    void aQueuedNotificationComesBackWhole() {
        Notification plain = notification("fp-1", Alert.Status.FIRING, "d-1");
        Notification report = new Notification("ops", "report|daily", Alert.Status.FIRING, plain.alerts(), "report|daily|1", T0,
                Map.of(), false, new Notification.Document("[Vigil] daily", "text body", "<p>html body</p>"));
        store().enqueue(List.of(new NotifyStore.Queued("ops", 0, plain, T0), new NotifyStore.Queued("ops", 1, report, T0)), 1);
        assertThat(store().due(T0, 10)).extracting(NotifyStore.Outgoing::notification).containsExactly(plain, report);
    }

    @Test
    void aFailedDeliveryWaitsForItsNextAttemptAndASentOneIsNotDueAgain() {
        long id = store().enqueue(List.of(new NotifyStore.Queued("ops", 0, notification("fp-1", Alert.Status.FIRING, "d-1"), T0)), 1)
                .get(0).id();
        store().markFailed(id, "connection refused", T0.plusSeconds(10));
        assertThat(store().due(T0.plusSeconds(5), 10)).isEmpty();
        assertThat(store().due(T0.plusSeconds(10), 10)).singleElement().satisfies(o -> {
            assertThat(o.attempts()).isEqualTo(1);
            assertThat(o.lastError()).isEqualTo("connection refused");
        });
        store().markSent(id, T0.plusSeconds(11));
        assertThat(store().due(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(store().history("fp-1", 10)).singleElement().satisfies(o -> {
            assertThat(o.state()).isEqualTo("sent");
            assertThat(o.attempts()).isEqualTo(2);
            assertThat(o.sent()).isEqualTo(T0.plusSeconds(11));
        });
    }

    @Test
    void aDeliveryGivenUpIsKeptAsFailedAndNeverDueAgain() {
        long id = store().enqueue(List.of(new NotifyStore.Queued("ops", 0, notification("fp-1", Alert.Status.FIRING, "d-1"), T0)), 1)
                .get(0).id();
        store().markGivenUp(id, "webhook answered HTTP 404");
        assertThat(store().due(T0.plusSeconds(86_400), 10)).isEmpty();
        assertThat(store().history("fp-1", 10)).singleElement().satisfies(o -> {
            assertThat(o.state()).isEqualTo("failed");
            assertThat(o.lastError()).isEqualTo("webhook answered HTTP 404");
        });
    }

    @Test
    void theLastStatusOfAGroupAndTheHistoryOfAnAlert() {
        store().enqueue(List.of(new NotifyStore.Queued("ops", 0, notification("fp-1", Alert.Status.FIRING, "d-1"), T0)), 1);
        store().enqueue(List.of(new NotifyStore.Queued("ops", 0, notification("fp-1", Alert.Status.RESOLVED, "d-1"), T0)), 2);
        store().enqueue(List.of(new NotifyStore.Queued("ops", 0, notification("fp-2", Alert.Status.FIRING, "d-2"), T0)), 3);
        assertThat(store().lastStatus("d-1")).contains("resolved");
        assertThat(store().lastStatus("d-2")).contains("firing");
        assertThat(store().lastStatus("d-3")).isEmpty();
        assertThat(store().history("fp-1", 10)).extracting(o -> o.notification().status())
                .containsExactly(Alert.Status.RESOLVED, Alert.Status.FIRING);
        assertThat(store().history(null, 10)).hasSize(3);
    }

    @Test
    void secretsAreKeptPerNameAndAckLinksWorkOnce() {
        String a = store().secret("ack-links");
        assertThat(a).isNotBlank().isEqualTo(store().secret("ack-links")).isNotEqualTo(store().secret("other"));
        assertThat(store().useAckLink("nonce-1", T0)).isTrue();
        assertThat(store().useAckLink("nonce-1", T0.plusSeconds(1))).isFalse();
    }

    @Test
    void silencesAreSavedListedAndDeleted() {
        Silence s = new Silence("s-1", List.of(new Matcher("host", Matcher.Op.EQUAL, "shop")), T0, T0.plusSeconds(7200),
                "alice", "disk swap");
        store().saveSilence(s);
        assertThat(store().silences()).containsExactly(s);
        assertThat(store().deleteSilence("s-1")).isTrue();
        assertThat(store().deleteSilence("s-1")).isFalse();
        assertThat(store().silences()).isEmpty();
    }
}
