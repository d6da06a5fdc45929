package dev.vigil.checks.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program with its arguments as a list (never through a shell, so nothing in a config
 * value can inject a command), with bounded output capture and a hard timeout.
 */
public final class Processes {
    /** Nagios keeps 8 KiB of plugin output; we keep a little more and cap so a runaway plugin cannot flood memory. */
    static final int MAX_CAPTURE = 64 * 1024;

    private Processes() {}

    /** What happened to the process. */
    public sealed interface Outcome {
        record Exited(int exitCode, String stdout, String stderr) implements Outcome {}

        record TimedOut() implements Outcome {}

        /** The program could not be started at all, with a reason fit for a status line. */
        record Failed(String reason) implements Outcome {}
    }

    public static Outcome run(List<String> command, Duration timeout) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String name = Path.of(command.get(0)).getFileName().toString();
            String why = e.getMessage() != null && e.getMessage().contains("Permission denied")
                    ? "is not executable" : "was not found or cannot be executed";
            return new Outcome.Failed("plugin '" + name + "' " + why);
        }
        Drain out = new Drain(process.getInputStream());
        Drain err = new Drain(process.getErrorStream());
        Thread outReader = Thread.ofVirtual().start(out);
        Thread errReader = Thread.ofVirtual().start(err);
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                return new Outcome.TimedOut();
            }
            // A plugin may leave a child holding stdout open; do not wait for it forever.
            outReader.join(Duration.ofSeconds(2));
            errReader.join(Duration.ofSeconds(2));
            return new Outcome.Exited(process.exitValue(), out.text(), err.text());
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static final class Drain implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = MAX_CAPTURE - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, Math.min(room, n));
                        }
                    }
                    // Keep reading past the cap so the plugin never blocks on a full pipe.
                }
            } catch (IOException e) {
                // The process was killed or closed its end; what we have is what it said.
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
