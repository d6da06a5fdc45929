package dev.vigil.logs.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd journal, read by following {@code journalctl -f -o json} as a child process (arguments as a
 * list, no shell). The cursor of the last stored entry is saved, so a restart continues where it stopped
 * rather than from now. Where there is no journalctl or no journal, the input reports why and stays idle.
 */
public final class JournalInput implements LogInput {
    private static final Logger log = LoggerFactory.getLogger(JournalInput.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String journalctl;
    private final Path cursorFile;
    private final ZoneId zone;
    private final InstantSource clock;
    private volatile String problem;
    private volatile boolean running;
    private volatile String cursor;
    private Process process;
    private Thread thread;

    public JournalInput(String journalctl, Path cursorFile, ZoneId zone, InstantSource clock) {
        this.journalctl = journalctl;
        this.cursorFile = cursorFile;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "journald";
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void start(Sink sink) {
        running = true;
        thread = Thread.ofVirtual().name("journal-input").start(() -> follow(sink));
    }

    private void follow(Sink sink) {
        List<String> cmd = new ArrayList<>(List.of(journalctl, "-f", "-o", "json", "--no-pager"));
        String saved = readCursor();
        if (saved != null) {
            cmd.add("--after-cursor=" + saved);
        } else {
            cmd.addAll(List.of("-n", "0"));
        }
        try {
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            problem = "cannot run " + journalctl + ": " + e.getMessage();
            log.info("journald input idle: {}", problem);
            return;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String json;
            while (running && (json = r.readLine()) != null) {
                LogLine line = entry(json);
                if (line != null && !sink.accept(line)) {
                    return;
                }
            }
            if (running) {
                problem = journalctl + " ended (exit " + process.waitFor() + "); is there a journal on this machine?";
            }
        } catch (IOException e) {
            if (running) {
                problem = "reading the journal failed: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One journal entry as a BSD syslog line; null for entries without a message. Visible to tests. */
    LogLine entry(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
        String message = text(n.get("MESSAGE"));
        if (message == null) {
            return null;
        }
        Instant at = clock.instant();
        JsonNode ts = n.get("__REALTIME_TIMESTAMP");
        if (ts != null && ts.asText().chars().allMatch(Character::isDigit) && !ts.asText().isEmpty()) {
            long micros = Long.parseLong(ts.asText());
            at = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
        }
        String app = text(n.get("SYSLOG_IDENTIFIER"));
        if (app == null) {
            app = text(n.get("_COMM"));
        }
        String pid = text(n.get("_PID"));
        String host = text(n.get("_HOSTNAME"));
        SyslogMessage m = new SyslogMessage(-1, -1, at, host, app, pid, null, Map.of(), message);
        String c = text(n.get("__CURSOR"));
        return new LogLine(m.toLine(zone, at, "localhost"), "journald", null, clock.instant(), c == null ? null : () -> saveCursor(c));
    }

    /** MESSAGE is a string, or an array of bytes when it is not valid UTF-8. */
    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            byte[] b = new byte[v.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) v.get(i).asInt();
            }
            return LineReader.decode(b, 0, b.length);
        }
        return v.asText();
    }

    private String readCursor() {
        try {
            return cursorFile != null && Files.exists(cursorFile) ? Files.readString(cursorFile).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void saveCursor(String c) {
        cursor = c;
        if (cursorFile == null) {
            return;
        }
        try {
            Files.createDirectories(cursorFile.getParent());
            Path tmp = cursorFile.resolveSibling(cursorFile.getFileName() + ".tmp");
            Files.writeString(tmp, c);
            Files.move(tmp, cursorFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            problem = "cannot save the journal cursor: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        running = false;
        if (process != null) {
            process.destroy();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
