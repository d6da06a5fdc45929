package dev.vigil.logs.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rotation cases, restarts, partial and multi-line records, on real files. */
class FileInputTest {
    @TempDir
    Path dir;

    private final List<LogLine> got = new ArrayList<>();
    private final LogInput.Sink sink = l -> {
        got.add(l);
        l.checkpoint().run();
        return true;
    };

    private FileInput input(String multiline) {
        return new FileInput(new FileInput.Settings(List.of(dir.resolve("*.log").toString()), multiline, false, 200),
                dir.resolve("state/offsets.json"), InstantSource.system());
    }

    private void append(Path f, String text) throws Exception {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private List<String> texts() {
        return got.stream().map(LogLine::text).toList();
    }

    @Test
    void existingContentIsSkippedAtFirstStartThenNewLinesAreReadOncePartialLinesWait() throws Exception {
        Path f = dir.resolve("app.log");
        append(f, "old line\n");
        FileInput in = input(null);
        in.scan(sink);
        assertThat(got).isEmpty();
        append(f, "one\ntw");
        in.scan(sink);
        assertThat(texts()).containsExactly("one");
        append(f, "o\n");
        in.scan(sink);
        in.scan(sink);
        assertThat(texts()).containsExactly("one", "two");
        assertThat(got.get(0).location()).isEqualTo(f.toString());
        in.close();
    }

    @Test
    void renameRotationReadsTheOldFileToItsEndThenTheNewFileFromItsStart() throws Exception {
        Path f = dir.resolve("access.log");
        append(f, "");
        FileInput in = input(null);
        in.scan(sink);
        append(f, "a1\na2\n");
        in.scan(sink);
        append(f, "a3\n"); // written after our last read, just before the rename
        Files.move(f, dir.resolve("access.log.1"));
        append(f, "b1\n");
        in.scan(sink);
        append(f, "b2\n");
        in.scan(sink);
        assertThat(texts()).containsExactly("a1", "a2", "a3", "b1", "b2");
        in.close();
    }

    @Test
    void copytruncateReadsTheMissedLinesFromTheCopyAndNothingTwice() throws Exception {
        Path f = dir.resolve("app.log");
        append(f, "");
        FileInput in = input(null);
        in.scan(sink);
        append(f, "l1\nl2\n");
        in.scan(sink);
        append(f, "l3\n"); // not read yet when logrotate copies and truncates
        Files.copy(f, dir.resolve("app.log.1"));
        Files.write(f, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(f, "n1\n");
        in.scan(sink);
        assertThat(texts()).containsExactly("l1", "l2", "l3", "n1");
        in.close();
    }

    @Test
    void aRestartResumesAfterTheLastStoredLine() throws Exception {
        Path f = dir.resolve("app.log");
        append(f, "");
        FileInput first = input(null);
        first.scan(sink);
        append(f, "x1\nx2\n");
        first.scan(sink);
        first.close();
        append(f, "x3\n"); // written while Vigil was down
        FileInput second = input(null);
        second.scan(sink);
        assertThat(texts()).containsExactly("x1", "x2", "x3");
        second.close();
    }

    @Test
    void linesNotYetStoredAreReadAgainAfterACrashNeverSkipped() throws Exception {
        Path f = dir.resolve("app.log");
        append(f, "");
        FileInput first = input(null);
        first.scan(sink);
        append(f, "stored\nlost-in-queue\n");
        List<LogLine> seen = new ArrayList<>();
        first.scan(l -> {
            seen.add(l);
            if (l.text().equals("stored")) {
                l.checkpoint().run(); // the second line never reached the store
            }
            return true;
        });
        first.close();
        FileInput second = input(null);
        second.scan(sink);
        assertThat(texts()).containsExactly("lost-in-queue");
        second.close();
    }

    @Test
    void multiLineRecordsStackTracesInvalidUtf8AndLongLines() throws Exception {
        Path f = dir.resolve("app.log");
        append(f, "");
        FileInput in = input("^\\d{4}-\\d\\d-\\d\\d ");
        in.scan(sink);
        append(f, "2026-11-25 ERROR boom\njava.lang.IllegalStateException: x\n\tat A.b(A.java:1)\n2026-11-25 INFO next\n");
        try (OutputStream o = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
            o.write(new byte[] {'2', '0', '2', '6', '-', '1', '1', '-', '2', '5', ' ', 'b', 'a', 'd', (byte) 0xC3, (byte) 0x28, '\n'});
            o.write(("2026-11-25 " + "z".repeat(500) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        in.scan(sink);
        Thread.sleep(1100); // the last record is complete once no more lines come
        in.scan(sink);
        assertThat(texts()).hasSize(4);
        assertThat(texts().get(0)).isEqualTo("2026-11-25 ERROR boom\njava.lang.IllegalStateException: x\n\tat A.b(A.java:1)");
        assertThat(texts().get(1)).isEqualTo("2026-11-25 INFO next");
        assertThat(texts().get(2)).isEqualTo("2026-11-25 bad\uFFFD(");
        assertThat(texts().get(3)).startsWith("2026-11-25 zzz").endsWith(" [truncated 311 bytes]").hasSize(200 + 22);
        in.close();
    }

    @Test
    void compressedRotatedFilesAreIgnored() throws Exception {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("old.log.gz")))) {
            o.write("compressed\n".getBytes(StandardCharsets.UTF_8));
        }
        FileInput in = new FileInput(new FileInput.Settings(List.of(dir.resolve("*").toString()), null, true, 0), null,
                InstantSource.system());
        append(dir.resolve("new.log"), "plain\n");
        in.scan(sink);
        assertThat(texts()).containsExactly("plain");
        in.close();
    }
}
