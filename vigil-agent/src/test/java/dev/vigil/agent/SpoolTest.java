package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.wire.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static Item line(String text, long offset) {
        return new Item.Line(0, 1000, "/var/log/x.log", "inode1", offset, text);
    }

    @Test
    void numbersItemsInOrderAndForgetsWhatTheServerAcknowledged() {
        Spool s = new Spool(dir, 1 << 30);
        for (int i = 1; i <= 5; i++) {
            assertThat(s.append(line("l" + i, i * 10))).isEqualTo(i);
        }
        assertThat(s.unsent(100, 1 << 20)).extracting(Item::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        s.ack(3);
        assertThat(s.unsent(100, 1 << 20)).extracting(Item::seq).containsExactly(4L, 5L);
        assertThat(s.unsent(1, 1 << 20)).extracting(Item::seq).containsExactly(4L);
        s.close();
    }

    @Test
    void aBatchTheServerDidNotAcknowledgeIsGivenAgainAndAnAcknowledgedOneNever() {
        Spool s = new Spool(dir, 1 << 30);
        for (int i = 1; i <= 3; i++) {
            s.append(line("l" + i, i));
        }
        assertThat(s.unsent(100, 1 << 20)).extracting(Item::seq).containsExactly(1L, 2L, 3L);
        // the send failed: nothing acknowledged, the same again
        assertThat(s.unsent(100, 1 << 20)).extracting(Item::seq).containsExactly(1L, 2L, 3L);
        s.ack(3);
        assertThat(s.unsent(100, 1 << 20)).isEmpty();
        s.append(line("l4", 4));
        assertThat(s.unsent(100, 1 << 20)).extracting(Item::seq).containsExactly(4L);
        s.ack(2); // a late, smaller acknowledgement moves nothing back
        assertThat(s.unsent(100, 1 << 20)).extracting(Item::seq).containsExactly(4L);
        s.close();
    }

    @Test
    void aRestartKeepsTheNumbersTheUnsentItemsAndWhereEachFileWasReadUpTo() {
        Spool s = new Spool(dir, 1 << 30);
        s.append(line("a", 2));
        s.append(line("b", 4));
        s.ack(1);
        s.close();
        Spool again = new Spool(dir, 1 << 30);
        assertThat(again.unsent(100, 1 << 20)).extracting(i -> ((Item.Line) i).text()).containsExactly("b");
        assertThat(again.append(line("c", 6))).isEqualTo(3);
        assertThat(again.lastLines().get("/var/log/x.log").offset()).isEqualTo(6);
        again.close();
    }

    @Test
    void aLineHalfWrittenWhenTheAgentWasKilledIsCutOffNotMisread() throws Exception {
        Spool s = new Spool(dir, 1 << 30);
        s.append(line("whole", 6));
        s.close();
        Path seg = Files.list(dir).filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        Files.writeString(seg, "{\"kind\":\"line\",\"seq\":2,\"te", StandardOpenOption.APPEND);
        Spool again = new Spool(dir, 1 << 30);
        assertThat(again.unsent(100, 1 << 20)).hasSize(1);
        assertThat(again.append(line("next", 11))).isEqualTo(2);
        assertThat(again.unsent(100, 1 << 20)).extracting(i -> ((Item.Line) i).text()).containsExactly("whole", "next");
        again.close();
    }

    @Test
    void whenFullTheOldestDataGoesAndIsCountedAsLost() {
        Spool s = new Spool(dir, 3 * Spool.SEGMENT_BYTES);
        String text = "x".repeat(1000);
        int n = (int) (6 * Spool.SEGMENT_BYTES / 1000);
        for (int i = 0; i < n; i++) {
            s.append(line(text, i));
        }
        assertThat(s.bytes()).isLessThanOrEqualTo(3 * Spool.SEGMENT_BYTES + 2000);
        assertThat(s.lost()).isGreaterThan(0);
        List<Item> left = s.unsent(Integer.MAX_VALUE, Long.MAX_VALUE);
        // What is left plus what was lost is everything, and what is left is the newest, in order.
        assertThat(left.size() + s.lost()).isEqualTo(n);
        assertThat(left.get(left.size() - 1).seq()).isEqualTo(n);
        s.reported(s.lost());
        assertThat(s.lost()).isZero();
        s.close();
    }
}
