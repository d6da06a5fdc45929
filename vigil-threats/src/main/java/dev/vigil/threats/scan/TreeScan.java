package dev.vigil.threats.scan;

import dev.vigil.threats.detect.Detector;
import dev.vigil.threats.detect.Leak;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Scans files, folders and streams with a detector, as {@code vigil scan} does: folders are walked in name order,
 * skipping {@code .git}, what {@code .gitignore} files ignore, and binary files (a NUL byte in the first 8 KiB);
 * text is read in pieces of about 4 MiB cut at line ends, so memory stays flat whatever the size.
 */
public final class TreeScan {
    private static final int PIECE = 4 << 20;
    private static final int SNIFF = 8192;

    /** A leak and where: a file path, "-" for standard input, or a URL. */
    public record Found(String where, Leak leak) {}

    /** Counts for a progress line. */
    public record Progress(long files, long bytes, long found) {}

    private final Detector detector;
    // Written by the scanning thread only, read by a progress line's: volatile is enough.
    private volatile long files;
    private volatile long bytes;
    private volatile long found;

    public TreeScan(Detector detector) {
        this.detector = detector;
    }

    public Progress progress() {
        return new Progress(files, bytes, found);
    }

    /** Scans a file or a whole folder; each leak goes to {@code out} as it is found. */
    public void path(Path start, Consumer<Found> out) throws IOException {
        if (!Files.isDirectory(start)) {
            file(start, start.toString(), out);
            return;
        }
        Deque<Gitignore> ignores = new ArrayDeque<>();
        walk(start, start, ignores, out);
    }

    private void walk(Path root, Path folder, Deque<Gitignore> ignores, Consumer<Found> out) throws IOException {
        ignores.push(Gitignore.of(folder));
        List<Path> children;
        try (Stream<Path> s = Files.list(folder)) {
            children = s.sorted().toList();
        } catch (IOException e) {
            ignores.pop();
            return; // an unreadable folder is skipped, as grep does
        }
        for (Path p : children) {
            boolean isFolder = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(p) || (isFolder && p.getFileName().toString().equals(".git")) || ignored(ignores, p, isFolder)) {
                continue;
            }
            if (isFolder) {
                walk(root, p, ignores, out);
            } else if (Files.isRegularFile(p)) {
                file(p, p.toString(), out);
            }
        }
        ignores.pop();
    }

    /** The nearest folder's .gitignore that has something to say about {@code p} decides. */
    private static boolean ignored(Deque<Gitignore> ignores, Path p, boolean folder) {
        for (Gitignore g : ignores) { // nearest first
            Boolean verdict = g.ignores(p, folder);
            if (verdict != null) {
                return verdict;
            }
        }
        return false;
    }

    private void file(Path p, String name, Consumer<Found> out) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            stream(in, name, out);
        }
    }

    /** Scans a stream (standard input, a response body) named {@code name}; a binary one is skipped. */
    public void stream(InputStream raw, String name, Consumer<Found> out) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, SNIFF * 2);
        in.mark(SNIFF);
        byte[] head = in.readNBytes(SNIFF);
        for (byte b : head) {
            if (b == 0) {
                return; // binary
            }
        }
        in.reset();
        files++;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
        StringBuilder piece = new StringBuilder();
        int linesBefore = 0;
        int linesInPiece = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            piece.append(line).append('\n');
            linesInPiece++;
            if (piece.length() >= PIECE) {
                scan(piece, name, linesBefore, out);
                linesBefore += linesInPiece;
                linesInPiece = 0;
                piece.setLength(0);
            }
        }
        scan(piece, name, linesBefore, out);
    }

    private void scan(StringBuilder piece, String name, int linesBefore, Consumer<Found> out) {
        if (piece.isEmpty()) {
            return;
        }
        bytes += piece.length();
        for (Leak l : detector.scan(piece.toString())) {
            found++;
            // Lines count from the file's start; char offsets stay the piece's (the command reports lines only).
            out.accept(new Found(name, l.shifted(linesBefore, 0)));
        }
    }
}
