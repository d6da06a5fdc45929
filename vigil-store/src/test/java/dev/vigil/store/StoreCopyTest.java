package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.access.Tokens;
import dev.vigil.core.access.Users;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.Severity;
import dev.vigil.testkit.PostgresServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An installation moved from SQLite to a real PostgreSQL server keeps its history, and goes on from there. */
class StoreCopyTest {
    private static final Instant T0 = Instant.parse("2026-11-26T04:30:00Z");

    @TempDir
    Path dir;

    private static Event problem(int minute, String fingerprint) {
        return Event.of(EventKind.PROBLEM, T0.plusSeconds(60L * minute), "db1", "logs", Severity.CRITICAL, "disk full " + minute, fingerprint);
    }

    @Test
    void everyTableIsCopiedAndNewRowsGoOnPastTheCopiedIds() {
        String url = PostgresServer.shared().freshDatabase();
        String secret;
        try (Database sqlite = Database.open(dir)) {
            SqliteEventLog events = new SqliteEventLog(sqlite);
            events.append(List.of(problem(0, "a"), problem(1, "b"), problem(2, "a")));
            new SqliteUsers(sqlite, InstantSource.system()).add("alice", Users.Role.ADMIN, "correct horse battery".toCharArray());
            secret = new SqliteTokens(sqlite, InstantSource.system()).create("ci", Tokens.Scope.SUBMIT, null).secret();
            try (Database pg = Database.postgres(url, "vigil", "")) {
                Map<String, Long> copied = StoreCopy.copy(sqlite, pg);
                assertThat(copied).containsEntry("events", 3L).containsEntry("users", 1L).containsEntry("tokens", 1L)
                        .containsEntry("open_problems", 2L);
                // A second copy into the same database would mix two installations: refused, nothing written.
                assertThatThrownBy(() -> StoreCopy.copy(sqlite, pg)).hasMessageContaining("already holds data");
            }
        }
        try (Database pg = Database.postgres(url, "vigil", "")) {
            SqliteEventLog events = new SqliteEventLog(pg);
            assertThat(events.after(0, 10)).extracting(l -> l.id() + " " + l.event().title())
                    .containsExactly("1 disk full 0", "2 disk full 1", "3 disk full 2");
            assertThat(events.openProblems(10)).extracting(p -> p.latest().event().fingerprint()).containsExactlyInAnyOrder("a", "b");
            assertThat(new SqliteUsers(pg, InstantSource.system()).authenticate("alice", "correct horse battery".toCharArray())).isPresent();
            assertThat(new SqliteTokens(pg, InstantSource.system()).verify(secret)).isPresent();
            events.append(List.of(problem(3, "c")));
            assertThat(events.after(3, 10)).extracting(dev.vigil.core.event.EventLog.Logged::id).containsExactly(4L);
        }
    }
}
