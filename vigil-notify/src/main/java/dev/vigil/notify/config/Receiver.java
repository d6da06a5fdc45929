package dev.vigil.notify.config;

import dev.vigil.notify.Channel;
import java.util.List;

/** Someone to notify, through one or more channels, within a notification period. */
public record Receiver(String name, List<Channel> channels, NotificationPeriod period) {
    public Receiver {
        channels = List.copyOf(channels);
    }
}
