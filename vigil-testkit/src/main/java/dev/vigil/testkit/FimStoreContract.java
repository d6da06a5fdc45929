package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FileState;
import dev.vigil.integrity.fim.FimStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link FimStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class FimStoreContract {
    /** A new, empty store (the same one for every call within a test). */
    protected abstract FimStore store();

    private static final List<String> ROOTS = List.of("/etc", "/var/www");

    private static FileState file(String path, String sha) {
        return new FileState(path, 'f', 10, 0644, 0, 0, 1_700_000_000_000L, 1_700_000_000_000L, 42, null, sha, null);
    }

    /** The simplest comparison: what the store hands over, as added, removed or modified. */
    private static List<FileChange> compare(FileState before, FileState after) {
        FileChange.Kind kind = before == null ? FileChange.Kind.ADDED : after == null ? FileChange.Kind.REMOVED : FileChange.Kind.MODIFIED;
        return List.of(new FileChange(before == null ? after.path() : before.path(), kind,
                before == null ? null : before.describe(), after == null ? null : after.describe(), null));
    }

    private long scanOf(List<FileState> states) {
        FimStore.Scan s = store().begin(ROOTS);
        store().stage(s.id(), states, states.isEmpty() ? null : states.get(states.size() - 1).path());
        store().finish(s.id());
        return s.id();
    }

    @Test
    void theFirstScanAcceptedIsTheBaselineAndAnIdenticalScanHasNoChanges() {
        assertThat(store().hasBaseline(ROOTS)).isFalse();
        long first = scanOf(List.of(file("/etc/passwd", "a"), file("/var/www/index.php", "b")));
        assertThat(store().changes(first, FimStoreContract::compare)).extracting(FileChange::path, FileChange::kind)
                .containsExactly(tuple("/etc/passwd", FileChange.Kind.ADDED), tuple("/var/www/index.php", FileChange.Kind.ADDED));
        assertThat(store().accept(first, null)).isEqualTo(2);
        assertThat(store().hasBaseline(ROOTS)).isTrue();
        assertThat(store().baselineCount(ROOTS)).isEqualTo(2);
        assertThat(store().baseline("/etc/passwd")).contains(file("/etc/passwd", "a"));
        assertThat(store().baselines(List.of("/etc/passwd", "/etc/missing"))).containsOnlyKeys("/etc/passwd");

        long second = scanOf(List.of(file("/etc/passwd", "a"), file("/var/www/index.php", "b")));
        assertThat(store().changes(second, FimStoreContract::compare)).isEmpty();
    }

    @Test
    void aScanReportsWhatWasAddedChangedAndRemovedUnderItsRootsInPathOrder() {
        store().accept(scanOf(List.of(file("/etc/passwd", "a"), file("/etc/shadow", "s"), file("/var/www/index.php", "b"))), null);
        // A tree scanned on its own does not see the other tree's files as removed.
        FimStore.Scan other = store().begin(List.of("/srv"));
        store().stage(other.id(), List.of(file("/srv/app.jar", "j")), "/srv/app.jar");
        store().finish(other.id());
        assertThat(store().changes(other.id(), FimStoreContract::compare)).extracting(FileChange::path).containsExactly("/srv/app.jar");

        long next = scanOf(List.of(file("/etc/passwd", "changed"), file("/var/www/index.php", "b"), file("/var/www/tmp/shell.php", "x")));
        assertThat(store().changes(next, FimStoreContract::compare)).extracting(FileChange::path, FileChange::kind).containsExactly(
                tuple("/etc/passwd", FileChange.Kind.MODIFIED),
                tuple("/etc/shadow", FileChange.Kind.REMOVED),
                tuple("/var/www/tmp/shell.php", FileChange.Kind.ADDED));
    }

    @Test
    void acceptingOnePathLeavesTheOtherChangesPending() {
        store().accept(scanOf(List.of(file("/etc/passwd", "a"), file("/etc/hosts", "h"))), null);
        long next = scanOf(List.of(file("/etc/passwd", "b"), file("/etc/hosts", "i")));
        assertThat(store().accept(next, "/etc/hosts")).isEqualTo(1);
        assertThat(store().changes(next, FimStoreContract::compare)).extracting(FileChange::path).containsExactly("/etc/passwd");
        // A path that is a prefix of another is not "under" it.
        assertThat(store().baseline("/etc/hosts")).map(FileState::sha256).contains("i");
        assertThat(store().baseline("/etc/passwd")).map(FileState::sha256).contains("a");
    }

    @Test
    void anInterruptedScanIsFoundAgainWithItsResumePoint() {
        FimStore.Scan s = store().begin(ROOTS);
        store().stage(s.id(), List.of(file("/etc/a", "1"), file("/etc/b", "2")), "/etc/b");
        assertThat(store().unfinished(ROOTS)).hasValueSatisfying(u -> {
            assertThat(u.id()).isEqualTo(s.id());
            assertThat(u.lastPath()).isEqualTo("/etc/b");
        });
        assertThat(store().unfinished(List.of("/etc"))).isEmpty();
        assertThat(store().staged(s.id(), "/etc/a")).isTrue();
        assertThat(store().staged(s.id(), "/etc/c")).isFalse();
        assertThat(store().latest(ROOTS)).isEmpty();
        store().finish(s.id());
        assertThat(store().unfinished(ROOTS)).isEmpty();
        assertThat(store().latest(ROOTS)).map(FimStore.Scan::id).contains(s.id());
    }

    @Test
    void stagingAPathTwiceKeepsTheLastState() {
        FimStore.Scan s = store().begin(ROOTS);
        store().stage(s.id(), List.of(file("/etc/a", "1")), "/etc/a");
        store().stage(s.id(), List.of(file("/etc/a", "2")), "/etc/a");
        store().finish(s.id());
        store().accept(s.id(), null);
        assertThat(store().baselines(List.of("/etc/a"))).isEqualTo(Map.of("/etc/a", file("/etc/a", "2")));
    }

    @Test
    void aNewScanOfTheSameRootsReplacesTheOlderOnes() {
        long first = scanOf(List.of(file("/etc/a", "1")));
        FimStore.Scan second = store().begin(ROOTS);
        assertThat(second.id()).isNotEqualTo(first);
        assertThat(store().latest(ROOTS)).isEmpty();
        assertThat(store().unfinished(ROOTS)).map(FimStore.Scan::id).contains(second.id());
    }
}
