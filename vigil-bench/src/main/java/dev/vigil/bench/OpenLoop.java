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

    /**
     * The same load over {@code connections} kept-alive HTTP/1.1 connections written and read by hand: the JDK's client
     * costs more CPU per request than a cheap handler does, which on two cores measures the client, not the server.
     * Request i goes on connection i mod connections when due (or when that connection's previous answer came, if
     * later); its latency still counts from when it was due.
     */
    static Result keepAlive(String host, int port, int rate, int seconds, int connections, IntFunction<String> path, int expect)
            throws InterruptedException {
        long total = (long) rate * seconds;
        double[] ms = new double[(int) total];
        java.util.Arrays.fill(ms, Double.NaN);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                java.net.Socket socket = null;
                java.io.InputStream in = null;
                java.io.OutputStream out = null;
                for (long i = conn; i < total; i += connections) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    try {
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        if (socket == null) {
                            socket = new java.net.Socket(host, port);
                            socket.setTcpNoDelay(true);
                            socket.setSoTimeout(30_000);
                            in = new java.io.BufferedInputStream(socket.getInputStream());
                            out = socket.getOutputStream();
                        }
                        out.write(("GET " + path.apply((int) i) + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        out.flush();
                        int status = readResponse(in);
                        ms[(int) i] = (System.nanoTime() - due) / 1e6;
                        (status == expect ? ok : failed).incrementAndGet();
                    } catch (java.io.IOException e) {
                        failed.incrementAndGet();
                        ms[(int) i] = (System.nanoTime() - due) / 1e6;
                        try {
                            if (socket != null) {
                                socket.close();
                            }
                        } catch (java.io.IOException ignored) {
                            // reconnects on the next request
                        }
                        socket = null;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(seconds + 60).toMillis());
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double[] done = java.util.Arrays.stream(ms).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return new Result(total, ok.get(), total - ok.get(), done, secs);
    }

    /** Reads one HTTP/1.1 response (status line, headers, a Content-Length body) and returns its status. */
    private static int readResponse(java.io.InputStream in) throws java.io.IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(h.substring(15).strip());
            }
        }
        in.skipNBytes(length);
        return code;
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    }
}
