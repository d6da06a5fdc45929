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
public final class RecordingChannel implements Channel {
    public final List<Notification> accepted = new ArrayList<>();
    public int refuseNext;
    public int refused;
    boolean refuseForGood;
    private final String type;

    RecordingChannel() {
        this("recording");
    }

    /** A recording channel that says it is of {@code type} ("email" gets the routine reports). */
    public RecordingChannel(String type) {
        this.type = type;
    }

    @Override
    public String type() {
        return type;
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
