package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.fleet.Fleet;
import dev.vigil.core.time.SimulatedClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFleetTest {
    @TempDir
    Path dir;

    /** The database under test, the same one each time within a test (reopened, it must hold what was written). */
    Database open() {
        return Database.open(dir);
    }

    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-12-01T00:00:00Z"));

    private Fleet.Contact contact(String id, long acked, long lost) {
        return new Fleet.Contact(id, clock.instant(), "0.1.0", "v1", 0, Duration.ZERO, null, acked, lost);
    }

    @Test
    void aJoinTokenIsKeptHashedAndEnrollsWithItsLabelsWinningOverTheAgents() {
        try (Database db = open()) {
            Fleet fleet = new SqliteFleet(db, clock);
            var created = fleet.createToken(Map.of("role", "web"), clock.instant().plus(Duration.ofHours(24)), null);
            String stored = db.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT hash FROM join_tokens")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(stored).doesNotContain(created.secret()).hasSize(64);
            Fleet.Agent a = fleet.enroll(created.secret(), "agent-1", "web1", Map.of("role", "db", "rack", "r1"), () -> "PEM", "{}");
            assertThat(a.labels()).containsEntry("role", "web").containsEntry("rack", "r1");
            assertThat(fleet.tokens()).singleElement().satisfies(t -> assertThat(t.used()).isEqualTo(1));
            assertThat(fleet.agent("agent-1")).get().satisfies(x -> assertThat(x.host()).isEqualTo("web1"));
        }
    }

    @Test
    void unknownExpiredAndUsedUpTokensAreRefusedWithAReasonAndARefusalUsesNothing() {
        try (Database db = open()) {
            Fleet fleet = new SqliteFleet(db, clock);
            assertThatThrownBy(() -> fleet.enroll("vigil_join_nope", "agent-0", "h0", Map.of(), () -> "PEM", "{}"))
                    .isInstanceOf(Fleet.Refused.class).hasMessageContaining("unknown join token");
            var once = fleet.createToken(Map.of(), clock.instant().plus(Duration.ofHours(1)), 1);
            fleet.enroll(once.secret(), "agent-1", "h1", Map.of(), () -> "PEM", "{}");
            assertThatThrownBy(() -> fleet.enroll(once.secret(), "agent-2", "h2", Map.of(), () -> "PEM", "{}"))
                    .isInstanceOf(Fleet.Refused.class).hasMessageContaining("used 1 of 1");
            var two = fleet.createToken(Map.of(), clock.instant().plus(Duration.ofHours(1)), 2);
            // A host another agent owns is refused, and that refusal does not use the token up.
            assertThatThrownBy(() -> fleet.enroll(two.secret(), "agent-3", "h1", Map.of(), () -> "PEM", "{}"))
                    .isInstanceOf(Fleet.Refused.class).hasMessageContaining("already has an agent");
            fleet.enroll(two.secret(), "agent-4", "h4", Map.of(), () -> "PEM", "{}");
            fleet.enroll(two.secret(), "agent-5", "h5", Map.of(), () -> "PEM", "{}");
            var soon = fleet.createToken(Map.of(), clock.instant().plus(Duration.ofMinutes(5)), null);
            clock.set(clock.instant().plus(Duration.ofMinutes(6)));
            assertThatThrownBy(() -> fleet.enroll(soon.secret(), "agent-6", "h6", Map.of(), () -> "PEM", "{}"))
                    .isInstanceOf(Fleet.Refused.class).hasMessageContaining("expired");
        }
    }

    @Test
    void theAppliedNumberOnlyMovesForwardAndRevokedOrRetiredAgentsGiveTheirHostUp() {
        try (Database db = open()) {
            Fleet fleet = new SqliteFleet(db, clock);
            var t = fleet.createToken(Map.of(), clock.instant().plus(Duration.ofDays(1)), null);
            fleet.enroll(t.secret(), "agent-1", "web1", Map.of(), () -> "PEM", "{}");
            fleet.contacts(java.util.List.of(contact("agent-1", 10, 0), contact("agent-1", 7, 3)));
            assertThat(fleet.agent("agent-1")).get().satisfies(a -> {
                assertThat(a.acked()).isEqualTo(10);
                assertThat(a.lost()).isEqualTo(3);
            });
            assertThat(fleet.revoke("agent-1")).isTrue();
            assertThat(fleet.revoke("agent-1")).isFalse();
            Fleet.Agent second = fleet.enroll(t.secret(), "agent-2", "web1", Map.of(), () -> "PEM", "{}");
            assertThat(second.host()).isEqualTo("web1");
            assertThat(fleet.agent("agent-1")).get().satisfies(a -> assertThat(a.revoked()).isTrue());

            clock.set(clock.instant().plus(Duration.ofDays(40)));
            assertThat(fleet.retire(clock.instant().minus(Duration.ofDays(30)))).extracting(Fleet.Agent::id).containsExactly("agent-2");
            assertThat(fleet.agent("agent-2")).get().satisfies(a -> assertThat(a.retired()).isTrue());
            fleet.contacts(java.util.List.of(new Fleet.Contact("agent-2", clock.instant(), "0.1.0", "v1", 0, Duration.ZERO, null, 0, 0)));
            assertThat(fleet.agent("agent-2")).get().satisfies(a -> assertThat(a.retired()).isFalse());
        }
    }

    @Test
    void anAcceptOfAnAgentsFileChangesIsKept() {
        try (Database db = open()) {
            Fleet fleet = new SqliteFleet(db, clock);
            var t = fleet.createToken(Map.of(), clock.instant().plus(Duration.ofDays(1)), null);
            assertThat(fleet.enroll(t.secret(), "agent-1", "web1", Map.of(), () -> "PEM", "{}").integrityAccepted()).isNull();
            assertThat(fleet.acceptIntegrity("agent-1", clock.instant())).isTrue();
            assertThat(fleet.acceptIntegrity("agent-9", clock.instant())).isFalse();
            assertThat(fleet.agent("agent-1")).get().satisfies(a -> assertThat(a.integrityAccepted()).isEqualTo(
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        }
    }

    @Test
    void aProbeTokenEnrollsOnlyProbesWithTheirLocationAndAnAgentsTokenOnlyAgents() {
        try (Database db = open()) {
            Fleet fleet = new SqliteFleet(db, clock);
            var probes = fleet.createToken(Map.of(), clock.instant().plus(Duration.ofDays(1)), null, true);
            var agents = fleet.createToken(Map.of(), clock.instant().plus(Duration.ofDays(1)), null);
            assertThat(fleet.tokens()).extracting(Fleet.JoinToken::probe).containsExactlyInAnyOrder(true, false);
            assertThatThrownBy(() -> fleet.enroll(probes.secret(), "agent-1", "vps1", Map.of(), () -> "PEM", "{}"))
                    .isInstanceOf(Fleet.Refused.class).hasMessageContaining("enrolls probes");
            assertThatThrownBy(() -> fleet.enroll(agents.secret(), "agent-2", "vps1@fra", Map.of(), () -> "PEM", "{}", "fra"))
                    .isInstanceOf(Fleet.Refused.class).hasMessageContaining("needs a probe token");
            Fleet.Agent probe = fleet.enroll(probes.secret(), "agent-3", "vps1@fra", Map.of(), () -> "PEM", "{}", "fra");
            assertThat(probe.isProbe()).isTrue();
            assertThat(fleet.agent("agent-3")).get().satisfies(a -> assertThat(a.location()).isEqualTo("fra"));
            assertThat(fleet.enroll(agents.secret(), "agent-4", "vps1", Map.of(), () -> "PEM", "{}").location()).isNull();
        }
    }
}
