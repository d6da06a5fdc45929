package dev.vigil.core;

/** The store could not do what was asked; the message is safe to log (no SQL values). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
