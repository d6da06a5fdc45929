package dev.vigil.apm.sample;

import dev.vigil.apm.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds each trace's spans until the trace is complete (no new span for {@code wait}), so the decision to keep it
 * is taken on the whole trace (tail-based sampling): its errors and its duration are known then. Bounded: past
 * {@code maxSpans} held, the oldest traces are handed over early; past {@code maxSpansPerTrace}, a trace's extra
 * spans are counted and dropped; past twice {@code maxSpans} the sampler is {@link #full()} and senders are asked to
 * wait.
 */
public final class TailSampler {
    private final Duration wait;
    private final int maxSpans;
    private final int maxSpansPerTrace;
    /** In order of their last span (access order), so the quietest come first and a pass stops at the first busy one. */
    private final LinkedHashMap<String, Held> held = new LinkedHashMap<>(16, 0.75f, true);
    private int spans;
    private long droppedSpans;

    private static final class Held {
        final List<Span> spans = new ArrayList<>();
        Instant last;
    }

    public TailSampler(Duration wait, int maxSpans, int maxSpansPerTrace) {
        this.wait = wait;
        this.maxSpans = maxSpans;
        this.maxSpansPerTrace = maxSpansPerTrace;
    }

    /** Whether more spans are held than allowed, so a sender should wait (the decisions are behind). */
    public synchronized boolean full() {
        return spans > 2L * maxSpans;
    }

    public synchronized void add(List<Span> batch, Instant now) {
        for (Span s : batch) {
            Held h = held.computeIfAbsent(s.traceId(), id -> new Held());
            h.last = now;
            if (h.spans.size() >= maxSpansPerTrace) {
                droppedSpans++;
                continue;
            }
            h.spans.add(s);
            spans++;
        }
    }

    /** The traces that are complete by now, and the oldest ones when more spans are held than allowed. */
    public synchronized List<List<Span>> complete(Instant now) {
        List<List<Span>> out = new ArrayList<>();
        Instant quiet = now.minus(wait);
        for (Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Held h = it.next().getValue();
            if (h.last.isAfter(quiet) && spans <= maxSpans) {
                break; // every trace after this one had a span even later
            }
            it.remove();
            spans -= h.spans.size();
            out.add(h.spans);
        }
        return out;
    }

    public synchronized int heldSpans() {
        return spans;
    }

    public synchronized long droppedSpans() {
        return droppedSpans;
    }
}
