package dev.vigil.notify.pipeline;

import dev.vigil.notify.Channel;
import dev.vigil.notify.ChannelException;
import dev.vigil.notify.Notification;
import java.util.ArrayList;
import java.util.List;

/** A channel that records what it accepted and can be told to refuse the next N messages. */
final class RecordingChannel implements Channel {
    final List<Notification> accepted = new ArrayList<>();
    int refuseNext;
    int refused;

    @Override
    public String type() {
        return "recording";
    }

    @Override
    public synchronized void send(Notification n) throws ChannelException {
        if (refuseNext > 0) {
            refuseNext--;
            refused++;
            throw new ChannelException("refused on purpose");
        }
        accepted.add(n);
    }
}
