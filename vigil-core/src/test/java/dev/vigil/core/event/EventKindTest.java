package dev.vigil.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventKindTest {
    @Test
    void everyKindIsReadBackFromItsStoredIdAndPrintsAsIt() {
        for (EventKind k : EventKind.values()) {
            assertThat(EventKind.of(k.id())).isSameAs(k);
            assertThat(k.toString()).isEqualTo(k.id());
        }
        assertThat(EventKind.FLAPPING_START.id()).isEqualTo("flapping.start");
        assertThatThrownBy(() -> EventKind.of("PROBLEM")).hasMessageContaining("unknown event kind 'PROBLEM'");
    }

    @Test
    void anEventIsBuiltFromWhatEveryEventHasAndItsOptionalParts() {
        var at = java.time.Instant.parse("2026-11-26T04:30:00Z");
        Event e = Event.of(EventKind.PROBLEM, at, "shop", "logs", Severity.CRITICAL, "SSH brute force", "fp-1");
        assertThat(e.details()).isEmpty();
        assertThat(e.evidence()).isEmpty();
        assertThat(e.tags()).isEmpty();
        assertThat(e.alerts()).isTrue();
        Event full = e.withDetails("line 1\nline 2").withEvidence(java.util.List.of(EvidenceLink.integrity("review")))
                .withTags(java.util.Map.of("service", "sshd")).suppressedBy("in scheduled downtime");
        assertThat(full).isEqualTo(new Event(at, "shop", "logs", EventKind.PROBLEM, Severity.CRITICAL, "SSH brute force",
                "line 1\nline 2", "fp-1", java.util.List.of(EvidenceLink.integrity("review")), "in scheduled downtime",
                java.util.Map.of("service", "sshd")));
        assertThat(full.alerts()).isFalse();
        assertThat(e.withDetails("password=hunter2").details()).doesNotContain("hunter2"); // masked like any event text
    }
}
