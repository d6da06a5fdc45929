package dev.vigil.logs.input;

/**
 * A source of log lines: files, the syslog server, journald, standard input. An input reads on its own
 * thread and hands each line to the sink, which blocks when the pipeline is full (back-pressure: files and
 * TCP senders wait; UDP, which cannot wait, counts what it drops). A failing input degrades with a reason
 * and never stops the others.
 */
public interface LogInput extends AutoCloseable {

    /** Where the lines go. {@code accept} may block; it returns false when the pipeline is shutting down. */
    @FunctionalInterface
    interface Sink {
        boolean accept(LogLine line) throws InterruptedException;

        /** Without waiting: false when the pipeline is full (for senders that cannot be slowed, like UDP). */
        default boolean offer(LogLine line) {
            try {
                return accept(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** A short name for status pages and logs, e.g. "file /var/log/nginx/*.log". */
    String name();

    void start(Sink sink);

    /** Null while healthy; otherwise why this input is not reading (shown on the dashboard). */
    String problem();

    /** Lines this input had to drop (UDP under overload), since start. */
    default long dropped() {
        return 0;
    }

    /** Messages that could not be parsed (kept whole, with a marker), since start. */
    default long unparseable() {
        return 0;
    }

    @Override
    void close();
}
