package dev.vigil.agent;

import dev.vigil.agent.wire.Item;
import dev.vigil.agent.wire.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's bounded on-disk buffer: everything it produces is written here first, numbered, and sent from here in
 * order; the server's acknowledgement lets it go. Segments of JSON lines, named by their first number; when the
 * buffer outgrows its bound the oldest segment is dropped and its unsent items are counted as lost, to be reported.
 * A write is in the OS's hands when {@link #append} returns, so a killed agent (SIGKILL) loses nothing it stored.
 */
final class Spool {
    static final long SEGMENT_BYTES = 1 << 20;

    private final Path dir;
    private final long maxBytes;
    /** First number of each segment → its file. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final Map<String, Item.Line> lastLines = new HashMap<>();
    private FileChannel current;
    private long last;
    private long acked;
    private long lost;
    private long bytes;
    /** Where the last {@link #unsent} stopped: the segment, the byte after its last item, and the number after it. */
    private long cursorSegment;
    private long cursorPosition;
    private long cursorSeq;
    private static final byte[] SEQ_KEY = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

    Spool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            acked = readNumber("acked");
            lost = readNumber("lost");
            last = acked;
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".seg")).toList()) {
                    segments.put(Long.parseLong(p.getFileName().toString().replace(".seg", "")), p);
                }
            }
            for (Path p : segments.values()) {
                last = Math.max(last, scan(p));
                bytes += Files.size(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the buffer in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a segment, cutting off a line half-written when the agent was killed; returns its last number. */
    private long scan(Path p) throws IOException {
        long lastSeq = 0;
        long good = 0;
        byte[] all = Files.readAllBytes(p);
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                try {
                    Item item = WireJson.item(all, start, i - start);
                    lastSeq = item.seq();
                    if (item instanceof Item.Line l) {
                        lastLines.put(l.path(), l);
                    }
                    good = i + 1;
                } catch (IOException e) {
                    break;
                }
                start = i + 1;
            }
        }
        if (good < all.length) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(good);
            }
        }
        return lastSeq;
    }

    /** Numbers and stores an item; returns its number. Drops the oldest segment when the bound is passed. */
    synchronized long append(Item item) {
        long seq = last + 1;
        byte[] line;
        try {
            byte[] json = WireJson.item(item.numbered(seq));
            line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            if (current == null || current.size() >= SEGMENT_BYTES) {
                roll(seq);
            }
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                current.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the buffer: " + e.getMessage(), e);
        }
        last = seq;
        bytes += line.length;
        if (item instanceof Item.Line l) {
            lastLines.put(l.path(), l);
        }
        while (bytes > maxBytes && segments.size() > 1) {
            dropOldest();
        }
        return seq;
    }

    private void roll(long first) throws IOException {
        if (current != null) {
            current.force(false);
            current.close();
        }
        Path p = dir.resolve(String.format("%020d.seg", first));
        current = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segments.put(first, p);
    }

    private void dropOldest() {
        var oldest = segments.firstEntry();
        Long next = segments.higherKey(oldest.getKey());
        long end = next == null ? last : next - 1;
        long unsent = Math.max(0, end - Math.max(acked, oldest.getKey() - 1));
        try {
            bytes -= Files.size(oldest.getValue());
            Files.deleteIfExists(oldest.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop from the buffer: " + e.getMessage(), e);
        }
        segments.remove(oldest.getKey());
        lost += unsent;
        acked = Math.max(acked, end); // what was dropped will never be sent
        writeNumber("lost", lost);
        writeNumber("acked", acked);
    }

    /**
     * Up to {@code max} items after the last acknowledged one, in order. Where the last call stopped is remembered, so
     * the usual call (everything it returned was acknowledged) reads only what was appended since, not the segment again.
     */
    synchronized List<Item> unsent(int max, long maxBytesRead) {
        List<Item> out = new ArrayList<>();
        if (segments.isEmpty()) {
            return out;
        }
        long first;
        long pos;
        if (cursorSeq == acked + 1 && segments.containsKey(cursorSegment)) {
            first = cursorSegment;
            pos = cursorPosition;
        } else {
            Long floor = segments.floorKey(acked + 1);
            first = floor == null ? segments.firstKey() : floor;
            pos = 0;
        }
        long read = 0;
        try {
            for (var e : segments.tailMap(first, true).entrySet()) {
                long base = e.getKey() == first ? pos : 0;
                byte[] data;
                try (FileChannel ch = FileChannel.open(e.getValue(), StandardOpenOption.READ)) {
                    long size = ch.size();
                    if (size <= base) {
                        continue;
                    }
                    ByteBuffer b = ByteBuffer.allocate((int) Math.min(size - base, Integer.MAX_VALUE - 16));
                    while (b.hasRemaining() && ch.read(b, base + b.position()) > 0) {
                        // read it all
                    }
                    data = b.array();
                }
                int start = 0;
                for (int i = 0; i < data.length; i++) {
                    if (data[i] != '\n') {
                        continue;
                    }
                    long seq = seqOf(data, start, i);
                    if (seq > acked) {
                        Item item = WireJson.item(data, start, i - start);
                        if (item.seq() <= acked) {
                            start = i + 1;
                            continue;
                        }
                        out.add(item);
                        read += i - start;
                        cursorSegment = e.getKey();
                        cursorPosition = base + i + 1;
                        cursorSeq = item.seq() + 1;
                        if (out.size() >= max || read >= maxBytesRead) {
                            return out;
                        }
                    }
                    start = i + 1;
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the buffer: " + ex.getMessage(), ex);
        }
        return out;
    }

    /** The number of a stored line without parsing it whole ({@code "seq":N} comes right after the kind); -1 if absent. */
    private static long seqOf(byte[] data, int from, int to) {
        byte[] key = SEQ_KEY;
        outer:
        for (int i = from; i + key.length < to && i < from + 40; i++) {
            for (int k = 0; k < key.length; k++) {
                if (data[i + k] != key[k]) {
                    continue outer;
                }
            }
            long n = 0;
            int j = i + key.length;
            boolean digits = false;
            while (j < to && data[j] >= '0' && data[j] <= '9') {
                n = n * 10 + (data[j++] - '0');
                digits = true;
            }
            return digits ? n : Long.MAX_VALUE;
        }
        return Long.MAX_VALUE; // not found where expected: parse it whole (any number is above what was acknowledged)
    }

    /** The server applied everything up to {@code seq}: segments wholly before it are deleted. */
    synchronized void ack(long seq) {
        if (seq <= acked) {
            return;
        }
        acked = Math.min(seq, last);
        writeNumber("acked", acked);
        while (segments.size() > 1) {
            var oldest = segments.firstEntry();
            long end = segments.higherKey(oldest.getKey()) - 1;
            if (end > acked) {
                break;
            }
            try {
                bytes -= Files.size(oldest.getValue());
                Files.deleteIfExists(oldest.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot trim the buffer: " + e.getMessage(), e);
            }
            segments.remove(oldest.getKey());
        }
    }

    /** Items dropped for lack of room and not yet reported. */
    synchronized long lost() {
        return lost;
    }

    /** The server has been told of {@code n} lost items. */
    synchronized void reported(long n) {
        lost = Math.max(0, lost - n);
        writeNumber("lost", lost);
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The last line stored per file: where tailing resumes after a restart, so nothing is read twice. */
    synchronized Map<String, Item.Line> lastLines() {
        return Map.copyOf(lastLines);
    }

    /** Flushes to the disk (not only the OS): called on each send and at shutdown. */
    synchronized void force() {
        if (current != null) {
            try {
                current.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush the buffer: " + e.getMessage(), e);
            }
        }
    }

    synchronized void close() {
        if (current != null) {
            try {
                current.force(false);
                current.close();
            } catch (IOException e) {
                // closing at exit: what was written is already in the OS's hands
            }
            current = null;
        }
    }

    private long readNumber(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Long.parseLong(Files.readString(p).strip()) : 0;
    }

    private void writeNumber(String name, long value) {
        try {
            Path tmp = dir.resolve(name + ".tmp");
            Files.writeString(tmp, Long.toString(value));
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the buffer's " + name + ": " + e.getMessage(), e);
        }
    }
}
