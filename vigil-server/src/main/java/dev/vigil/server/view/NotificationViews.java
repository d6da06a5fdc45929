package dev.vigil.server.view;

import dev.vigil.core.RandomId;
import dev.vigil.notify.Alert;
import dev.vigil.notify.NotifyStore;
import dev.vigil.notify.Silence;
import dev.vigil.notify.config.Matcher;
import dev.vigil.notify.config.NotificationPeriod;
import dev.vigil.notify.pipeline.Pipeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Notification data as the API and pages show it: silences, receivers, delivery history. */
public final class NotificationViews {
    private NotificationViews() {}

    /**
     * One delivery attempt record: who, which channel, when, with what result; how many events the message carried
     * and the incident it is about (null when none).
     */
    public record Delivery(long id, String receiver, String channel, String status, String title, String state,
                           int attempts, Instant created, Instant sent, Instant nextAttempt, String lastError,
                           List<String> fingerprints, int events, Long incident) {}

    public record ReceiverView(String name, List<String> channels, String period) {}

    public static List<Delivery> history(Pipeline notifications, String fingerprint, int limit) {
        List<Delivery> out = new ArrayList<>();
        var plan = notifications.plan();
        for (NotifyStore.Outgoing o : notifications.history(fingerprint, limit)) {
            var receiver = plan.receivers().get(o.receiver());
            String channel = receiver == null || o.channel() >= receiver.channels().size() ? "channel " + o.channel()
                    : receiver.channels().get(o.channel()).type();
            out.add(new Delivery(o.id(), o.receiver(), channel, o.notification().status().id(),
                    o.notification().lead().title(), o.state(), o.attempts(), o.notification().created(), o.sent(),
                    o.nextAttempt(), o.lastError(), o.notification().alerts().stream().map(Alert::fingerprint).toList(),
                    o.notification().events(), o.notification().incident()));
        }
        return out;
    }

    public static List<ReceiverView> receivers(Pipeline notifications) {
        return notifications.plan().receivers().values().stream()
                .map(r -> new ReceiverView(r.name(), r.channels().stream().map(c -> c.type()).toList(),
                        r.period().equals(NotificationPeriod.ALWAYS) ? "always"
                                : r.period().days() + " " + r.period().from() + "-" + r.period().to() + " " + r.period().zone()))
                .toList();
    }

    /** A silence from label: value pairs; a value starting with {@code ~} is a regular expression. */
    public static Silence silence(Map<?, ?> matchers, Instant start, Instant end, String author, String comment) {
        List<Matcher> list = new ArrayList<>();
        matchers.forEach((k, v) -> {
            String value = String.valueOf(v);
            list.add(value.startsWith("~") ? new Matcher(String.valueOf(k), Matcher.Op.REGEX, value.substring(1))
                    : new Matcher(String.valueOf(k), Matcher.Op.EQUAL, value));
        });
        return new Silence("sil-" + RandomId.next().substring(0, 12), list, start, end, author, comment);
    }
}
