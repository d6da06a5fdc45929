package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.publish.PublicIncidents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link PublicIncidents} store must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class PublicIncidentsContract {
    /** A new, empty store (the same one for every call within a test). */
    protected abstract PublicIncidents store();

    private static final Instant T0 = Instant.parse("2026-11-26T04:40:00Z");

    @Test
    void anIncidentKeepsItsUpdatesNewestFirstAndItsStatusIsTheNewest() {
        var opened = store().open("public", "Checkout errors", "major", List.of("Website"),
                new PublicIncidents.Update("investigating", "Some payments fail.", T0));
        assertThat(opened.status()).isEqualTo("investigating");
        assertThat(opened.components()).containsExactly("Website");
        store().update(opened.id(), new PublicIncidents.Update("identified", "The card processor times out.", T0.plusSeconds(600)));
        var resolved = store().update(opened.id(), new PublicIncidents.Update("resolved", "Payments work again.", T0.plusSeconds(1800))).orElseThrow();
        assertThat(resolved.updates()).extracting(PublicIncidents.Update::status).containsExactly("resolved", "identified", "investigating");
        assertThat(resolved.resolved()).isTrue();
        assertThat(resolved.updated()).isEqualTo(T0.plusSeconds(1800));
        assertThat(store().incident(opened.id())).contains(resolved);
        assertThat(store().update("no-such-id", new PublicIncidents.Update("resolved", "x", T0))).isEmpty();
    }

    @Test
    void incidentsAreListedByPageNewestFirstSinceATime() {
        var old = store().open("public", "Old", "minor", List.of(), new PublicIncidents.Update("investigating", "a", T0.minusSeconds(86_400 * 40)));
        var recent = store().open("public", "Recent", "minor", List.of(), new PublicIncidents.Update("investigating", "b", T0));
        var newer = store().open("public", "Newer", "none", List.of(), new PublicIncidents.Update("investigating", "c", T0.plusSeconds(60)));
        store().open("internal", "Elsewhere", "minor", List.of(), new PublicIncidents.Update("investigating", "d", T0));
        assertThat(store().incidents("public", T0.minusSeconds(86_400 * 30))).extracting(PublicIncidents.Incident::id)
                .containsExactly(newer.id(), recent.id());
        assertThat(store().incidents("public", Instant.EPOCH)).extracting(PublicIncidents.Incident::id).endsWith(old.id());
    }
}
