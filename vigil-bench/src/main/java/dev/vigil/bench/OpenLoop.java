package dev.vigil.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * An open-loop load: requests sent at a fixed rate whatever the answers do, each one's latency counted from when it
 * was due (so a slow server's queue shows, instead of slowing the sender down and hiding it).
 */
final class OpenLoop {
    /** What a run measured: requests sent, answered as expected, their latencies (ms, sorted), and the rate achieved. */
    record Result(long sent, long ok, long failed, double[] ms, double seconds) {
        double percentile(double p) {
            return ms.length == 0 ? Double.NaN : ms[Math.min(ms.length - 1, (int) (ms.length * p))];
        }

        String describe(String what) {
            return String.format(Locale.ROOT, "%s: %,d sent in %.1f s (%.0f/s), %,d answered as expected, %,d failed; latency p50 %.1f ms, "
                    + "p99 %.1f ms, max %.1f ms", what, sent, seconds, sent / seconds, ok, failed, percentile(0.5), percentile(0.99),
                    ms.length == 0 ? Double.NaN : ms[ms.length - 1]);
        }
    }

    private OpenLoop() {}

    /**
     * Sends {@code rate} requests a second for {@code seconds}; {@code request} makes the i-th; an answer counts as
     * expected when its status is {@code expect}.
     */
    static Result run(HttpClient client, int rate, int seconds, IntFunction<HttpRequest> request, int expect) throws InterruptedException {
        long total = (long) rate * seconds;
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            client.sendAsync(request.apply((int) i), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies.add((System.nanoTime() - due) / 1e6);
                if (e == null && r.statusCode() == expect) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        }
        done.await(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        double secs = (System.nanoTime() - start) / 1e9;
        List<Double> l = new ArrayList<>(latencies);
        double[] ms = l.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(ms);
        return new Result(total, ok.get(), failed.get() + (total - ms.length), ms, Math.min(secs, seconds + 60));
    }

    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    }
}
