package dev.vigil.notify;

/** A channel did not accept a message; the message is safe to store and show (no secrets, no URLs with tokens). */
public final class ChannelException extends Exception {
    public ChannelException(String message) {
        super(message, null, false, false);
    }
}
