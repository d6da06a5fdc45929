package dev.vigil.notify.pipeline;

import dev.vigil.notify.Channel;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.Notification;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel that records what it accepted and can be told to refuse the next N messages (to be retried), or
 * to refuse everything for good (a receiver whose token was revoked).
 */
final class RecordingChannel implements Channel {
    final List<Notification> accepted = new ArrayList<>();
    int refuseNext;
    int refused;
    boolean refuseForGood;

    @Override
    public String type() {
        return "recording";
    }

    @Override
    public synchronized Delivery send(Notification n) {
        if (refuseForGood) {
            refused++;
            return new Delivery.Failed("HTTP 401 on purpose");
        }
        if (refuseNext > 0) {
            refuseNext--;
            refused++;
            return new Delivery.RetryLater("refused on purpose");
        }
        accepted.add(n);
        return Delivery.DELIVERED;
    }
}
