package dev.vigil.notify;

/**
 * A way to reach people (e-mail, webhook, chat, push, pager, command). Implementations are configured once
 * and called from several threads; {@link #send} returns when the other side answered (or did not in time).
 */
public interface Channel {

    /** The config name of this channel type, e.g. "webhook". */
    String type();

    /** Delivers the notification, saying whether it was accepted, should be retried, or was refused for good. */
    Delivery send(Notification notification);
}
