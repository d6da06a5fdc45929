package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.wire.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailerTest {
    @TempDir
    Path dir;

    private List<String> texts(Spool s) {
        return s.unsent(Integer.MAX_VALUE, Long.MAX_VALUE).stream().map(i -> ((Item.Line) i).text()).toList();
    }

    private static void append(Path f, String text) throws Exception {
        Files.writeString(f, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsOnlyWhatIsWrittenAfterItStartsAndOnlyWholeLines() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "old history\n");
        Spool spool = new Spool(dir.resolve("buffer"), 1 << 30);
        Tailer t = new Tailer(spool, InstantSource.system());
        t.follow(List.of(log.toString()));
        append(log, "one\r\ntwo\nthr");
        t.poll();
        assertThat(texts(spool)).containsExactly("one", "two");
        append(log, "ee\n");
        t.poll();
        assertThat(texts(spool)).containsExactly("one", "two", "three");
    }

    @Test
    void aRestartedAgentResumesAfterTheLastLineItStoredNeitherSkippingNorRepeating() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "");
        Spool spool = new Spool(dir.resolve("buffer"), 1 << 30);
        Tailer t = new Tailer(spool, InstantSource.system());
        t.follow(List.of(log.toString()));
        append(log, "a\nb\n");
        t.poll();
        spool.close(); // killed here: the file's offset was never saved anywhere but in the buffer
        append(log, "c\n");
        Spool reopened = new Spool(dir.resolve("buffer"), 1 << 30);
        Tailer again = new Tailer(reopened, InstantSource.system());
        again.follow(List.of(log.toString()));
        again.poll();
        assertThat(texts(reopened)).containsExactly("a", "b", "c");
    }

    @Test
    void aRotatedOrTruncatedFileIsReadFromItsStart() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "");
        Spool spool = new Spool(dir.resolve("buffer"), 1 << 30);
        Tailer t = new Tailer(spool, InstantSource.system());
        t.follow(List.of(log.toString()));
        append(log, "before rotation\n");
        t.poll();
        Files.move(log, dir.resolve("app.log.1"));
        append(log, "after\n");
        t.poll();
        Files.writeString(log, "x\n"); // truncated and rewritten, shorter than before
        t.poll();
        assertThat(texts(spool)).containsExactly("before rotation", "after", "x");
    }

    @Test
    void aFileThatAppearsLaterIsReadWhole() throws Exception {
        Path log = dir.resolve("later.log");
        Spool spool = new Spool(dir.resolve("buffer"), 1 << 30);
        Tailer t = new Tailer(spool, InstantSource.system());
        t.follow(List.of(log.toString()));
        t.poll();
        append(log, "first\n");
        t.poll();
        assertThat(texts(spool)).containsExactly("first");
    }
}
