package dev.vigil.apm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.apm.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailSamplerTest {
    private static final Instant T0 = Instant.parse("2026-12-03T04:30:00Z");

    private static Span span(String trace, int n) {
        return new Span(trace, String.format("%016x", n), "", "shop", "GET /", Span.Kind.SERVER, 0, 1, Span.Status.UNSET, "", Map.of());
    }

    @Test
    void aTraceIsHandedOverWhenNoSpanCameForTheWaitAndAQuietOneFirst() {
        TailSampler sampler = new TailSampler(Duration.ofSeconds(5), 1000, 100);
        sampler.add(List.of(span("a", 1)), T0);
        sampler.add(List.of(span("b", 1)), T0.plusSeconds(1));
        sampler.add(List.of(span("a", 2)), T0.plusSeconds(3)); // a is busy again: b is now the quietest
        assertThat(sampler.complete(T0.plusSeconds(6))).extracting(t -> t.get(0).traceId()).containsExactly("b");
        assertThat(sampler.complete(T0.plusSeconds(8))).singleElement().satisfies(t -> assertThat(t).hasSize(2));
        assertThat(sampler.heldSpans()).isZero();
    }

    @Test
    void memoryIsBoundedUnderAFlood() {
        TailSampler sampler = new TailSampler(Duration.ofSeconds(5), 10, 3);
        for (int i = 0; i < 21; i++) {
            sampler.add(List.of(span("t" + i, 1)), T0);
        }
        assertThat(sampler.full()).isTrue();
        // Past the bound the oldest are handed over early, quiet or not.
        assertThat(sampler.complete(T0)).hasSize(11);
        assertThat(sampler.heldSpans()).isEqualTo(10);
        assertThat(sampler.full()).isFalse();
        // A trace over its own bound keeps the first spans and counts the rest.
        sampler.add(List.of(span("big", 1), span("big", 2), span("big", 3), span("big", 4), span("big", 5)), T0);
        assertThat(sampler.droppedSpans()).isEqualTo(2);
    }
}
