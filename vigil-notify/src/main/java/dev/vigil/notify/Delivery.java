package dev.vigil.notify;

/**
 * What became of one attempt to deliver a message. Only the dispatcher's retry stage acts on it: a refusal
 * that will not change by waiting (a 401, a 404, an unknown address) is {@link Failed} and is not retried
 * forever; a reason is safe to store and show (no secrets, no URLs with tokens).
 */
public sealed interface Delivery {
    /** The other side accepted the message. */
    record Delivered() implements Delivery {}

    /** Not accepted now (unreachable, timed out, overloaded): try again later. */
    record RetryLater(String reason) implements Delivery {}

    /** Refused for good: retrying would only repeat the refusal, so the message is kept as failed. */
    record Failed(String reason) implements Delivery {}

    Delivery DELIVERED = new Delivered();
}
