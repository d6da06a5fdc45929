package dev.vigil.apm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.apm.config.ApmSettings;
import dev.vigil.apm.derive.Operations;
import dev.vigil.core.time.SimulatedScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Traces through the figures and the sampler on a simulated clock: an hour of traffic in no time. */
class ApmTest {
    private static final Instant T0 = Instant.parse("2026-12-03T04:30:00Z");
    private final SimulatedScheduler scheduler = new SimulatedScheduler(T0);
    private final Map<String, List<Double>> series = new ConcurrentHashMap<>();
    private final InMemoryTraceStore store = new InMemoryTraceStore();
    private final List<dev.vigil.core.event.Event> deploys = new ArrayList<>();
    private final Apm apm = new Apm(scheduler, (service, name, unit, at, v) ->
            series.computeIfAbsent(service + "/" + name, k -> new ArrayList<>()).add(v), store,
            new ApmSettings("127.0.0.1:0", Duration.ofMillis(100), null, 2, Duration.ofDays(7), 1000, Duration.ofSeconds(5)), deploys::add);
    private int traces;

    /** A checkout: the shop's server span calling the payments service (its own server span) and the database. */
    private List<Span> checkout(double ms, boolean fails) {
        String trace = String.format("%032x", ++traces);
        long start = scheduler.clock().instant().toEpochMilli() * 1_000_000;
        long end = start + (long) (ms * 1e6);
        return List.of(
                new Span(trace, "0000000000000001", "", "shop", "POST /checkout", Span.Kind.SERVER, start, end,
                        fails ? Span.Status.ERROR : Span.Status.UNSET, "", Map.of("http.route", "/checkout")),
                new Span(trace, "0000000000000002", "0000000000000001", "shop", "POST", Span.Kind.CLIENT, start + 1, end - 1,
                        Span.Status.UNSET, "", Map.of("server.address", "payments.internal")),
                new Span(trace, "0000000000000003", "0000000000000002", "payments", "POST /pay", Span.Kind.SERVER, start + 2, end - 2,
                        fails ? Span.Status.ERROR : Span.Status.UNSET, "", Map.of()),
                new Span(trace, "0000000000000004", "0000000000000001", "shop", "SELECT orders", Span.Kind.CLIENT, start + 1, start + 2_000_000,
                        Span.Status.UNSET, "", Map.of("db.system", "h2")));
    }

    @Test
    void figuresPercentilesApdexAndTheServiceMapComeFromWholeTraces() {
        apm.start();
        // One minute: 98 fast checkouts (50 ms), one slow (2 s), one failing.
        for (int i = 0; i < 98; i++) {
            apm.accept(checkout(50, false));
        }
        apm.accept(checkout(2000, false));
        apm.accept(checkout(80, true));
        scheduler.advance(Duration.ofSeconds(61));

        List<Operations.Figures> services = apm.operations().services(T0, T0.plusSeconds(120));
        assertThat(services).extracting(Operations.Figures::name).containsExactly("payments", "shop");
        Operations.Figures shop = services.get(1);
        assertThat(shop.requests()).isEqualTo(100);
        assertThat(shop.errorRate()).isEqualTo(0.01);
        assertThat(shop.p50()).isCloseTo(50, within(1.0));
        assertThat(shop.p99()).isCloseTo(80, within(1.0));
        // Apdex with T = 100 ms: 98 satisfied, the 2 s one frustrated, the failure frustrated.
        assertThat(shop.apdex()).isEqualTo(0.98);
        // The call to payments is known by the service that answered it, the database by its system.
        assertThat(apm.operations().of("shop", Operations.Scope.DEPENDENCY, T0, T0.plusSeconds(120)))
                .extracting(Operations.Figures::name).containsExactly("h2", "payments");
        assertThat(apm.operations().of("shop", Operations.Scope.OPERATION, T0, T0.plusSeconds(120)))
                .extracting(Operations.Figures::name).containsExactly("POST /checkout");
        // Written as series on the service's name.
        assertThat(series.get("shop/apm.requests")).containsExactly(100 / 60.0);
        assertThat(series.get("shop/apm.errors")).containsExactly(1.0);
        assertThat(series.get("shop/apm.p95").get(0)).isCloseTo(50, within(1.0));
        assertThat(series.get("shop/apm.apdex")).containsExactly(0.98);
        assertThat(series).containsKey("shop/apm.op.POST /checkout.p95").containsKey("shop/apm.dep.payments.requests");

        // Kept: the failure, and the first two of the rest as the minute's sample (the reservoir is 2).
        List<TraceStore.Trace> kept = store.find(new TraceStore.Query(null, null, null, null, null, 100));
        assertThat(kept).extracting(TraceStore.Trace::kept).containsExactlyInAnyOrder("error", "sample", "sample");
        TraceStore.Trace failed = store.find(new TraceStore.Query("payments", null, true, null, null, 10)).get(0);
        assertThat(store.get(failed.traceId()).orElseThrow().spans()).hasSize(4);
        assertThat(apm.counters()).containsEntry("spansReceived", 400L).containsEntry("tracesKept", 3L).containsEntry("tracesDropped", 97L);
    }

    @Test
    void aTraceSlowerThanItsOperationsP99IsKeptAndPercentilesMergeOverMinutes() {
        apm.start();
        for (int minute = 0; minute < 3; minute++) {
            for (int i = 0; i < 100; i++) {
                apm.accept(checkout(minute == 2 ? 400 : 40, false));
            }
            scheduler.advance(Duration.ofSeconds(60));
        }
        scheduler.advance(Duration.ofSeconds(6));
        apm.accept(checkout(5000, false));
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(store.find(new TraceStore.Query(null, 4000.0, null, null, null, 10))).extracting(TraceStore.Trace::kept)
                .containsExactly("slow");
        // Over the three minutes the distribution is merged: a third of the requests took 400 ms, so p50 is 40 and p95 400.
        // Minute by minute (the sparklines): three closed minutes, the third ten times slower.
        List<Operations.Figures> minutes = apm.operations().minutes("shop");
        assertThat(minutes).hasSize(4); // and the minute under way, with the one slow trace of this test
        assertThat(minutes.subList(0, 3)).extracting(Operations.Figures::requests).containsExactly(100L, 100L, 100L);
        assertThat(minutes.get(2).p95()).isCloseTo(400, within(4.0));
        assertThat(minutes.get(0).p95()).isCloseTo(40, within(1.0));
        Operations.Figures shop = apm.operations().services(T0, T0.plusSeconds(180)).get(1);
        assertThat(shop.requests()).isEqualTo(300);
        assertThat(shop.p50()).isCloseTo(40, within(1.0));
        assertThat(shop.p95()).isCloseTo(400, within(4.0));
        assertThat(shop.rate()).isCloseTo(300 / 180.0, within(0.01));
    }

    /** The shop's request span as sent by version {@code version} of it. */
    private List<Span> request(String version) {
        String trace = String.format("%032x", ++traces);
        long start = scheduler.clock().instant().toEpochMilli() * 1_000_000;
        return List.of(new Span(trace, "0000000000000001", "", "shop", "GET /", Span.Kind.SERVER, start, start + 5_000_000,
                Span.Status.UNSET, "", Map.of(Span.VERSION, version)));
    }

    @Test
    void aNewServiceVersionIsADeployToldOnceEvenWhileOldAndNewServeSideBySide() {
        apm.start();
        apm.accept(request("1.4.2")); // first sight: it may have run for a year, so no deploy
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(deploys).isEmpty();
        for (int i = 0; i < 6; i++) { // a rolling deploy: both versions answer for a while
            apm.accept(request(i % 2 == 0 ? "1.4.3" : "1.4.2"));
            scheduler.advance(Duration.ofSeconds(10));
        }
        assertThat(deploys).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(dev.vigil.core.event.EventKind.DEPLOY);
            assertThat(e.host()).isEqualTo("shop");
            assertThat(e.title()).isEqualTo("shop deployed 1.4.3 (was 1.4.2)");
            assertThat(e.tags()).containsEntry("version", "1.4.3").containsEntry("service", "shop");
            assertThat(e.when()).isEqualTo(T0.plusSeconds(10));
        });
        // Two hours on 1.4.3 only, then back to 1.4.2: a rollback is a deploy too.
        for (int i = 0; i < 12; i++) {
            apm.accept(request("1.4.3"));
            scheduler.advance(Duration.ofMinutes(10));
        }
        apm.accept(request("1.4.2"));
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(deploys).extracting(dev.vigil.core.event.Event::title).containsExactly("shop deployed 1.4.3 (was 1.4.2)",
                "shop deployed 1.4.2 (was 1.4.3)");
    }

    @Test
    void aSpanLoopADeepTreeAndAHeadlessTraceAreCountedNeverFatal() {
        apm.start();
        long start = scheduler.clock().instant().toEpochMilli() * 1_000_000;
        // Two spans each the other's parent: no root.
        String loop = "%032x".formatted(900);
        apm.accept(List.of(
                new Span(loop, "00000000000000a1", "00000000000000a2", "shop", "GET /a", Span.Kind.SERVER, start, start + 1_000_000,
                        Span.Status.UNSET, "", Map.of()),
                new Span(loop, "00000000000000a2", "00000000000000a1", "shop", "GET /b", Span.Kind.CLIENT, start, start + 1_000_000,
                        Span.Status.ERROR, "", Map.of())));
        // 5,000 spans each the child of the one before.
        String deep = "%032x".formatted(901);
        List<Span> chain = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            chain.add(new Span(deep, "%016x".formatted(i + 1), i == 0 ? "" : "%016x".formatted(i), "shop", "step", Span.Kind.INTERNAL,
                    start + i, start + 10_000_000 - i, i == 4_999 ? Span.Status.ERROR : Span.Status.UNSET, "", Map.of()));
        }
        apm.accept(chain);
        scheduler.advance(Duration.ofSeconds(61));

        assertThat(store.get(loop)).hasValueSatisfying(t -> assertThat(t.kept()).isEqualTo("error"));
        // The deep one is kept, cut at the sampler's bound of spans per trace (the rest counted as dropped).
        assertThat(store.get(deep)).hasValueSatisfying(t -> assertThat(t.spans()).hasSizeLessThanOrEqualTo(2_000));
        assertThat(apm.counters().get("spansDropped")).isEqualTo(3_000L);
        assertThat(apm.operations().services(T0, T0.plusSeconds(120))).extracting(Operations.Figures::name).containsExactly("shop");
    }
}
