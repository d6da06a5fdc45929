package dev.vigil.agent;

import dev.vigil.agent.wire.Item;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the plan's log files and stores each complete line, raw, in the buffer with the offset after it. Where
 * it resumes comes from the buffer itself (the last line stored per file), so a killed agent neither skips nor
 * repeats a line. A rotated file (a new inode) is read from its start; a truncated one too. A file seen for the first
 * time when the agent starts is read from its end, as OSSEC's agent does, so old history is not shipped as news.
 */
final class Tailer {
    private static final Logger log = LoggerFactory.getLogger(Tailer.class);
    /** Longer lines are cut: one runaway line must not fill the buffer. */
    static final int MAX_LINE = 64 * 1024;
    private static final int READ_AT_MOST = 4 << 20; // per file and poll, so one busy file does not starve the rest

    /** Where a file is read up to, and which file (inode) that was. */
    private record Position(String file, long offset) {}

    private final Spool spool;
    private final InstantSource clock;
    private final Map<String, Position> positions = new HashMap<>();
    private volatile List<String> paths = List.of();
    private final Map<String, String> problems = new HashMap<>();

    Tailer(Spool spool, InstantSource clock) {
        this.spool = spool;
        this.clock = clock;
        spool.lastLines().forEach((path, line) -> positions.put(path, new Position(line.file(), line.offset())));
    }

    /** Follows these files from now on; a file newly in the plan starts at its end. */
    synchronized void follow(List<String> next) {
        for (String p : next) {
            if (!positions.containsKey(p)) {
                positions.put(p, endOf(Path.of(p)));
            }
        }
        positions.keySet().retainAll(next);
        this.paths = List.copyOf(next);
    }

    private static Position endOf(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Position(String.valueOf(a.fileKey()), a.size());
        } catch (IOException e) {
            return new Position("", 0); // not there yet: read it whole when it appears
        }
    }

    /** Reads what was appended since the last poll; returns the number of lines stored. */
    synchronized int poll() {
        int n = 0;
        for (String path : paths) {
            try {
                n += read(path);
                problems.remove(path);
            } catch (IOException e) {
                if (!Objects.equals(problems.put(path, e.getMessage()), e.getMessage())) {
                    log.warn("cannot read {}: {}", path, e.getMessage());
                }
            }
        }
        return n;
    }

    private int read(String path) throws IOException {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            return 0;
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        String file = String.valueOf(a.fileKey());
        Position at = positions.getOrDefault(path, new Position(file, 0));
        long offset = at.file().equals(file) && a.size() >= at.offset() ? at.offset() : 0; // rotated or truncated
        if (a.size() <= offset) {
            positions.put(path, new Position(file, offset));
            return 0;
        }
        int lines = 0;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            f.seek(offset);
            byte[] buf = new byte[(int) Math.min(a.size() - offset, READ_AT_MOST)];
            f.readFully(buf);
            int start = 0;
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    String text = new String(buf, start, Math.min(end - start, MAX_LINE), StandardCharsets.UTF_8);
                    spool.append(new Item.Line(0, clock.millis(), path, file, offset + i + 1, text));
                    lines++;
                    start = i + 1;
                }
            }
            if (start == 0 && buf.length >= READ_AT_MOST) {
                // no newline in the whole window: a runaway line, stored cut so the file moves on
                spool.append(new Item.Line(0, clock.millis(), path, file, offset + buf.length,
                        new String(buf, 0, MAX_LINE, StandardCharsets.UTF_8)));
                lines++;
                start = buf.length;
            }
            positions.put(path, new Position(file, offset + start));
        }
        return lines;
    }
}
