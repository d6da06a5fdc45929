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
}
