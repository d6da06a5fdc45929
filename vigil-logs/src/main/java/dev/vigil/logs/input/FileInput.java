package dev.vigil.logs.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.text.BoundedRegex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails files by path or glob ({@code /var/log/nginx/*.log}), like {@code tail -F} but exact: a file renamed
 * away (logrotate's default) is read to its end before the new one is opened from its start; a file
 * truncated in place (copytruncate) has the lines it lost read from its copy ({@code NAME.1}) when the copy
 * matches, then is read again from the start. Offsets are saved only up to lines the pipeline has stored,
 * and survive restarts. A last line without its newline waits for it; lines not matching {@code multiline}
 * (a start pattern) are joined to the record before them (stack traces). Compressed rotated files are
 * skipped.
 */
public final class FileInput implements LogInput {
    private static final Logger log = LoggerFactory.getLogger(FileInput.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MULTILINE_WAIT = Duration.ofSeconds(1);
    private static final int MAX_RECORD_LINES = 500;
    private static final Set<String> COMPRESSED = Set.of(".gz", ".bz2", ".xz", ".zip", ".zst");

    /** How to read: globs, an optional multi-line start pattern, where to begin with files seen for the first time. */
    public record Settings(List<String> paths, String multilineStart, boolean fromBeginning, int maxLine) {}

    private final Settings settings;
    private final Path stateFile;
    private final InstantSource clock;
    private final BoundedRegex multiline;
    private final Map<Path, Tail> tails = new LinkedHashMap<>();
    /** Saved state: path -> file identity and the offset up to which lines are stored. */
    private final Map<String, Saved> saved = new ConcurrentHashMap<>();
    private volatile boolean dirty;
    private volatile boolean running;
    private volatile String problem;
    private Thread thread;
    private boolean firstScan = true;

    /** What is remembered of one file across restarts. */
    record Saved(String key, long offset, String head) {}

    public FileInput(Settings settings, Path stateFile, InstantSource clock) {
        this.settings = settings;
        this.stateFile = stateFile;
        this.clock = clock;
        this.multiline = settings.multilineStart() == null ? null
                : BoundedRegex.compile(settings.multilineStart(), Duration.ofMillis(50));
        load();
    }

    @Override
    public String name() {
        return "file " + String.join(", ", settings.paths());
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void start(Sink sink) {
        running = true;
        thread = Thread.ofVirtual().name("file-input").start(() -> loop(sink));
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        tails.values().forEach(Tail::closeChannel);
        save();
    }

    private void loop(Sink sink) {
        long lastSave = System.nanoTime();
        while (running) {
            try {
                scan(sink);
                problem = null;
                if (dirty && System.nanoTime() - lastSave > 1_000_000_000L) {
                    save();
                    lastSave = System.nanoTime();
                }
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                problem = "reading files failed: " + e.getMessage();
                log.warn("{}: {}", name(), problem);
                try {
                    Thread.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One pass: new and rotated files, new bytes, vanished files. Visible to tests. */
    void scan(Sink sink) throws IOException, InterruptedException {
        Set<Path> now = expand();
        for (Path p : now) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (IOException gone) {
                continue;
            }
            if (!a.isRegularFile()) {
                continue;
            }
            String key = String.valueOf(a.fileKey());
            Tail t = tails.get(p);
            if (t != null && !t.key.equals(key)) {
                // Renamed away and replaced: finish the old file, then start the new one from its start.
                t.drain(sink, true);
                t.closeChannel();
                tails.remove(p);
                t = null;
                open(p, key, 0);
            } else if (t == null) {
                Saved s = saved.get(p.toString());
                long start;
                if (s != null && s.key().equals(key) && a.size() >= s.offset() && sameHead(p, s.head())) {
                    start = s.offset();
                } else if (s != null) {
                    start = 0; // replaced while Vigil was down: a new file, read it whole
                } else {
                    start = firstScan && !settings.fromBeginning() ? a.size() : 0;
                }
                open(p, key, start);
            } else if (a.size() < t.position) {
                truncated(t, sink);
            }
        }
        for (var it = tails.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!now.contains(e.getKey()) || !Files.exists(e.getKey())) {
                e.getValue().drain(sink, true);
                e.getValue().closeChannel();
                it.remove();
            }
        }
        for (Tail t : new ArrayList<>(tails.values())) {
            t.drain(sink, false);
        }
        firstScan = false;
    }

    private void open(Path p, String key, long start) throws IOException {
        Tail t = new Tail(p, key);
        t.channel = FileChannel.open(p, StandardOpenOption.READ);
        t.channel.position(start);
        t.position = start;
        t.head = head(p);
        tails.put(p, t);
        record(t, start);
    }

    /**
     * copytruncate: the file was copied and emptied. What we had not read yet is in the copy; read it from
     * there when the copy starts like our file did, then read the live file again from its start.
     */
    private void truncated(Tail t, Sink sink) throws IOException, InterruptedException {
        Path copy = t.path.resolveSibling(t.path.getFileName() + ".1");
        if (Files.isRegularFile(copy) && Files.size(copy) >= t.position && sameHead(copy, t.head)) {
            try (FileChannel c = FileChannel.open(copy, StandardOpenOption.READ)) {
                FileChannel live = t.channel;
                t.channel = c;
                c.position(t.position);
                t.drain(sink, true);
                t.channel = live;
            }
        } else {
            log.warn("{} was truncated and no matching copy was found; lines written just before may be missing", t.path);
        }
        t.channel.position(0);
        t.position = 0;
        t.head = head(t.path);
        record(t, 0);
    }

    private Set<Path> expand() throws IOException {
        Set<Path> out = new TreeSet<>();
        for (String glob : settings.paths()) {
            Path whole = Path.of(glob);
            if (!glob.contains("*") && !glob.contains("?") && !glob.contains("[")) {
                if (Files.exists(whole)) {
                    out.add(whole);
                }
                continue;
            }
            Path dir = whole.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + whole.getFileName());
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    String n = p.getFileName().toString();
                    if (m.matches(p.getFileName()) && COMPRESSED.stream().noneMatch(n::endsWith)) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    /** A fingerprint of a file's first bytes: tells a copy or a resumed file from a different one. */
    private static String head(Path p) {
        return head(p, 128);
    }

    /** The fingerprint of the first {@code n} bytes (fewer if the file is shorter), as "hash:length". */
    private static String head(Path p, int n) {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && c.read(b, b.position()) > 0) {
                // read up to n bytes
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(b.array(), 0, b.position());
            return HexFormat.of().formatHex(sha.digest(), 0, 8) + ":" + b.position();
        } catch (IOException | NoSuchAlgorithmException e) {
            return "";
        }
    }

    /** Whether {@code p} starts with the bytes a saved fingerprint was taken of. */
    private static boolean sameHead(Path p, String saved) {
        int colon = saved.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        int n = Integer.parseInt(saved.substring(colon + 1));
        return head(p, Math.max(n, 1)).equals(saved) || n == 0;
    }

    private void record(Tail t, long offset) {
        saved.put(t.path.toString(), new Saved(t.key, offset, t.head));
        dirty = true;
    }

    private void load() {
        try {
            if (stateFile != null && Files.exists(stateFile)) {
                Map<?, ?> m = JSON.readValue(stateFile.toFile(), Map.class);
                for (var e : m.entrySet()) {
                    Map<?, ?> v = (Map<?, ?>) e.getValue();
                    saved.put(String.valueOf(e.getKey()), new Saved(String.valueOf(v.get("key")),
                            ((Number) v.get("offset")).longValue(), String.valueOf(v.get("head"))));
                }
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable state file means re-reading from where new files start; never a crash.
            log.warn("file offsets in {} are unreadable ({}); starting over", stateFile, e.getMessage());
        }
    }

    /** Writes offsets atomically (a crash leaves the old or the new file, never half of one). */
    private synchronized void save() {
        if (stateFile == null) {
            return;
        }
        try {
            Map<String, Map<String, Object>> out = new HashMap<>();
            saved.forEach((k, v) -> out.put(k, Map.of("key", v.key(), "offset", v.offset(), "head", v.head())));
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                c.write(ByteBuffer.wrap(JSON.writeValueAsBytes(out)));
                c.force(true);
            }
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dirty = false;
        } catch (IOException e) {
            problem = "cannot save file offsets: " + e.getMessage();
        }
    }

    /** One open file: its channel, how far it is read, the line being assembled. */
    private final class Tail {
        final Path path;
        final String key;
        FileChannel channel;
        long position;
        String head;
        final LineReader reader = new LineReader(settings.maxLine() > 0 ? settings.maxLine() : LineReader.DEFAULT_MAX);
        final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        /** A multi-line record being assembled, with the offset after its last line. */
        StringBuilder record;
        int recordLines;
        long recordEnd;
        long lastData = System.nanoTime();

        Tail(Path path, String key) {
            this.path = path;
            this.key = key;
        }

        /** Reads to the current end; {@code last} also emits an unfinished last line (the file is done). */
        void drain(Sink sink, boolean last) throws IOException, InterruptedException {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n <= 0) {
                    break;
                }
                lastData = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    String line = reader.push(buffer.get(i));
                    position++;
                    if (line != null) {
                        emit(sink, line, position);
                    }
                }
            }
            if (!head.endsWith(":128")) {
                head = head(path); // fingerprint more of the file while it is still short
            }
            if (last) {
                String rest = reader.flush();
                if (rest != null) {
                    emit(sink, rest, position);
                }
            }
            if (record != null && (last || System.nanoTime() - lastData > MULTILINE_WAIT.toNanos())) {
                flushRecord(sink);
            }
        }

        private void emit(Sink sink, String line, long end) throws InterruptedException {
            if (multiline == null) {
                send(sink, line, end);
                return;
            }
            boolean start;
            try {
                start = multiline.find(line);
            } catch (BoundedRegex.TooSlow slow) {
                start = true; // a pattern that cannot decide makes each line its own record
            }
            if (start || record == null || recordLines >= MAX_RECORD_LINES) {
                flushRecord(sink);
                record = new StringBuilder(line);
                recordLines = 1;
            } else {
                record.append('\n').append(line);
                recordLines++;
            }
            recordEnd = end;
        }

        private void flushRecord(Sink sink) throws InterruptedException {
            if (record != null) {
                String text = record.toString();
                record = null;
                send(sink, text, recordEnd);
            }
        }

        private void send(Sink sink, String text, long end) throws InterruptedException {
            String k = key;
            String h = head;
            Path p = path;
            sink.accept(new LogLine(text, path.toString(), null, clock.instant(), () -> {
                Saved s = saved.get(p.toString());
                // Only move forward, and only for the same file (a rotation may have replaced it since).
                if (s == null || s.key().equals(k) && s.offset() < end) {
                    saved.put(p.toString(), new Saved(k, end, h));
                    dirty = true;
                }
            }));
        }

        void closeChannel() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing a read-only channel cannot lose anything
            }
        }
    }
}
