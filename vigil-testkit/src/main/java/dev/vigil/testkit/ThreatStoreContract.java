package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.threats.triage.Change;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.FindingState;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.triage.ThreatStore;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** What every {@link ThreatStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class ThreatStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** A new, empty store (the same one for every call within a test). */
    protected abstract ThreatStore store();

    private static Finding draft(String key, String source, Level level, Instant seen) {
        return new Finding(0, key, source, source + "-1", "http://paste/" + key, "Paste " + key + ": 1 secret", null, null,
                List.of("example.com"), List.of("env-password"), List.of("ab".repeat(32)), "2: DB_PASSWORD=********", seen, seen,
                "cd".repeat(32), level, FindingState.NEW, "", List.of(), false);
    }

    @Test
    void aFindingIsStoredOncePerKeyAndReadBackWhole() {
        Finding a = store().add(draft("k1", "pastebin", Level.HIGH, T0));
        assertThat(a.id()).isPositive();
        assertThat(store().byKey("k1")).contains(a);
        assertThat(store().get(a.id())).contains(a);
        assertThat(store().byKey("k2")).isEmpty();
        assertThatThrownBy(() -> store().add(draft("k1", "pastebin", Level.HIGH, T0))).isInstanceOf(RuntimeException.class);
        store().seenAgain(a.id(), T0.plusSeconds(60));
        store().seenAgain(a.id(), T0.plusSeconds(30)); // a late sighting does not move it back
        Finding again = store().get(a.id()).orElseThrow();
        assertThat(again.lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(again.firstSeen()).isEqualTo(T0);
    }

    @Test
    void findingsWhoseEventIsNotRaisedAreListedUntilRaised() {
        Finding a = store().add(draft("k1", "pastebin", Level.HIGH, T0));
        Finding b = store().add(draft("k2", "github", Level.LOW, T0));
        assertThat(store().unraised()).extracting(Finding::id).containsExactly(a.id(), b.id());
        store().raised(a.id());
        assertThat(store().unraised()).extracting(Finding::id).containsExactly(b.id());
        assertThat(store().get(a.id()).orElseThrow().raised()).isTrue();
    }

    @Test
    void listsFilterByStateSourceAndLeastSeverityNewestSightingFirst() {
        Finding a = store().add(draft("k1", "pastebin", Level.MEDIUM, T0));
        Finding b = store().add(draft("k2", "github", Level.CRITICAL, T0.plusSeconds(10)));
        Finding c = store().add(draft("k3", "pastebin", Level.LOW, T0.plusSeconds(5)));
        assertThat(store().list(ThreatStore.Filter.ALL)).extracting(Finding::id).containsExactly(b.id(), c.id(), a.id());
        assertThat(store().list(new ThreatStore.Filter(null, "pastebin", null, 10))).extracting(Finding::id).containsExactly(c.id(), a.id());
        assertThat(store().list(new ThreatStore.Filter(null, null, Level.MEDIUM, 10))).extracting(Finding::id).containsExactly(b.id(), a.id());
        store().update(a.id(), FindingState.CONFIRMED, null, null, null, "alice", T0);
        assertThat(store().list(new ThreatStore.Filter(FindingState.CONFIRMED, null, null, 10))).extracting(Finding::id).containsExactly(a.id());
        assertThat(store().list(new ThreatStore.Filter(null, null, null, 1))).hasSize(1);
    }

    @Test
    void everyTriageStepIsKeptWithWhoAndWhen() {
        Finding a = store().add(draft("k1", "pastebin", Level.HIGH, T0));
        Finding after = store().update(a.id(), FindingState.INVESTIGATING, "bob", List.of("db"), "looking", "alice", T0.plusSeconds(1));
        assertThat(after.state()).isEqualTo(FindingState.INVESTIGATING);
        assertThat(after.assignee()).isEqualTo("bob");
        assertThat(after.tags()).containsExactly("db");
        store().update(a.id(), FindingState.INVESTIGATING, "bob", null, null, "alice", T0.plusSeconds(2)); // no change, no entry
        store().update(a.id(), FindingState.FALSE_POSITIVE, null, null, "a test key", "bob", T0.plusSeconds(3));
        assertThat(store().history(a.id())).containsExactly(
                new Change(T0.plusSeconds(1), "alice", "state", "investigating"),
                new Change(T0.plusSeconds(1), "alice", "assignee", "bob"),
                new Change(T0.plusSeconds(1), "alice", "tags", "db"),
                new Change(T0.plusSeconds(1), "alice", "comment", "looking"),
                new Change(T0.plusSeconds(3), "bob", "state", "false_positive"),
                new Change(T0.plusSeconds(3), "bob", "comment", "a test key"));
        assertThatThrownBy(() -> store().update(999, FindingState.RESOLVED, null, null, null, "x", T0))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theAllowListAndResumePointsAreKept() {
        assertThat(store().allowed()).isEmpty();
        store().allow("ab".repeat(32), "alice", "finding #1", T0);
        store().allow("ab".repeat(32), "bob", "again", T0);
        assertThat(store().allowed()).containsExactly("ab".repeat(32));
        assertThat(store().resume("pb")).isEmpty();
        store().resume("pb", "{\"keys\":[\"K1\"]}");
        store().resume("pb", "{\"keys\":[\"K1\",\"K2\"]}");
        assertThat(store().resume("pb")).contains("{\"keys\":[\"K1\",\"K2\"]}");
    }
}
