package dev.vigil.logs.input;

import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;

/** Lines from a stream (standard input for {@code vigil logtest}, or a pipe), read to its end. */
public final class StdinInput implements LogInput {
    private final InputStream in;
    private final InstantSource clock;
    private final String location;
    private volatile String problem;
    private Thread thread;

    public StdinInput(InputStream in, String location, InstantSource clock) {
        this.in = in;
        this.location = location;
        this.clock = clock;
    }

    @Override
    public String name() {
        return location;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void start(Sink sink) {
        thread = Thread.ofVirtual().name("stdin-input").start(() -> {
            try {
                run(sink);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Reads every line on this thread, in order, until the stream ends or the sink says stop. */
    public void run(Sink sink) throws InterruptedException {
        LineReader lines = new LineReader(LineReader.DEFAULT_MAX);
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    String l = lines.push(buf[i]);
                    if (l != null && !sink.accept(new LogLine(l, location, null, clock.instant(), null))) {
                        return;
                    }
                }
            }
            String rest = lines.flush();
            if (rest != null) {
                sink.accept(new LogLine(rest, location, null, clock.instant(), null));
            }
        } catch (IOException e) {
            problem = "reading " + location + " failed: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
