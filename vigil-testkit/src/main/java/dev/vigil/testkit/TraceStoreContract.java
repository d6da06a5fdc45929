package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.apm.Span;
import dev.vigil.apm.TraceStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link TraceStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class TraceStoreContract {
    /** A new, empty store (the same one for every call within a test). */
    protected abstract TraceStore store();

    private static final Instant T0 = Instant.parse("2026-12-03T04:30:00Z");

    private static TraceStore.Trace trace(String id, int minute, double ms, boolean error, String... services) {
        long start = T0.plusSeconds(60L * minute).toEpochMilli() * 1_000_000;
        List<Span> spans = new java.util.ArrayList<>();
        String parent = "";
        for (int i = 0; i < services.length; i++) {
            String spanId = String.format("%016x", i + 1);
            spans.add(new Span(id, spanId, parent, services[i], i == 0 ? "GET /checkout" : "SELECT orders", i == 0 ? Span.Kind.SERVER
                    : Span.Kind.CLIENT, start + i, start + (long) (ms * 1e6), error && i == services.length - 1 ? Span.Status.ERROR
                    : Span.Status.UNSET, "", Map.of("http.route", "/checkout", "http.status_code", 200L)));
            parent = spanId;
        }
        return new TraceStore.Trace(id, services[0], "GET /checkout", T0.plusSeconds(60L * minute), ms, error, error ? "error" : "sample", spans);
    }

    @Test
    void aKeptTraceComesBackWithItsSpans() {
        TraceStore.Trace t = trace("4bf92f3577b34da6a3ce929d0e0e4736", 0, 812.5, true, "shop", "shop");
        store().save(List.of(t));
        TraceStore.Trace back = store().get(t.traceId()).orElseThrow();
        assertThat(back).isEqualTo(t);
        assertThat(back.spans().get(0).attributes()).containsEntry("http.route", "/checkout");
        assertThat(store().get("00000000000000000000000000000001")).isEmpty();
    }

    @Test
    void tracesAreFoundByServiceDurationErrorAndTimeNewestFirst() {
        store().save(List.of(trace("a0000000000000000000000000000001", 0, 20, false, "shop")));
        store().save(List.of(trace("a0000000000000000000000000000002", 1, 900, false, "shop", "payments")));
        store().save(List.of(trace("a0000000000000000000000000000003", 2, 40, true, "shop_api")));
        store().save(List.of(trace("a0000000000000000000000000000004", 3, 1500, true, "shop", "payments")));
        assertThat(store().find(new TraceStore.Query("shop", null, null, null, null, 10))).extracting(TraceStore.Trace::traceId)
                .containsExactly("a0000000000000000000000000000004", "a0000000000000000000000000000002", "a0000000000000000000000000000001");
        // A service that only served part of a trace finds it too; a name that merely starts the same does not.
        assertThat(store().find(new TraceStore.Query("payments", null, null, null, null, 10))).hasSize(2);
        assertThat(store().find(new TraceStore.Query("shop", 500.0, true, null, null, 10))).extracting(TraceStore.Trace::traceId)
                .containsExactly("a0000000000000000000000000000004");
        assertThat(store().find(new TraceStore.Query(null, null, null, T0.plusSeconds(60), T0.plusSeconds(180), 10)))
                .extracting(TraceStore.Trace::traceId)
                .containsExactly("a0000000000000000000000000000003", "a0000000000000000000000000000002");
        assertThat(store().find(new TraceStore.Query(null, null, null, null, null, 1))).hasSize(1);
    }

    @Test
    void pruningForgetsTheOldAndThoseBeyondTheLimit() {
        for (int i = 0; i < 5; i++) {
            store().save(List.of(trace(String.format("b%031x", i), i, 10, false, "shop")));
        }
        assertThat(store().prune(T0.plusSeconds(60), 3)).isEqualTo(2);
        assertThat(store().find(new TraceStore.Query(null, null, null, null, null, 10))).extracting(TraceStore.Trace::traceId)
                .containsExactly(String.format("b%031x", 4), String.format("b%031x", 3), String.format("b%031x", 2));
    }
}
