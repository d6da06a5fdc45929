package dev.vigil.notify;

/**
 * A way to reach people (e-mail, webhook, chat, push, pager, command). Implementations are configured once
 * and called from several threads; {@link #send} returns only when the other side accepted the message.
 */
public interface Channel {

    /** The config name of this channel type, e.g. "webhook". */
    String type();

    /**
     * Delivers the notification.
     *
     * @throws ChannelException when it was not accepted; the message says why (never a secret)
     */
    void send(Notification notification) throws ChannelException;
}
