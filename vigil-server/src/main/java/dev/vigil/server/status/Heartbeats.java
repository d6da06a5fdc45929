package dev.vigil.server.status;

import dev.vigil.core.time.Scheduler;
import dev.vigil.server.config.WatchSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings the configured dead-man's switches and peers every interval, so that something outside Vigil notices when
 * Vigil itself stops. A ping that fails is said in the log when it starts failing and when it works again, not on
 * every try; what the other side does with silence is its own alerting.
 */
public final class Heartbeats implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final Executor workers;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    private final List<Scheduler.Scheduled> timers = new ArrayList<>();
    /** The last problem per heartbeat (absent: the last ping worked). */
    private final Map<String, String> failing = new ConcurrentHashMap<>();

    public Heartbeats(Scheduler scheduler, Executor workers) {
        this.scheduler = scheduler;
        this.workers = workers;
    }

    /** Pings these from now on (the first at once), replacing what was pinged before. */
    public synchronized void apply(List<WatchSettings.Heartbeat> beats) {
        timers.forEach(Scheduler.Scheduled::cancel);
        timers.clear();
        failing.keySet().retainAll(beats.stream().map(WatchSettings.Heartbeat::name).toList());
        for (WatchSettings.Heartbeat b : beats) {
            timers.add(scheduler.every(Duration.ZERO, b.interval(), () -> workers.execute(() -> ping(b))));
        }
    }

    /** The heartbeats whose last ping failed, with why. */
    public Map<String, String> failing() {
        return Map.copyOf(failing);
    }

    void ping(WatchSettings.Heartbeat b) {
        String problem;
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(b.url()).timeout(TIMEOUT).header("User-Agent", "Vigil heartbeat")
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            problem = r.statusCode() / 100 == 2 ? null : "answered HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            problem = "unreachable: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String before = problem == null ? failing.remove(b.name()) : failing.put(b.name(), problem);
        if (problem != null && before == null) {
            log.warn("{} failed: {}", b.name(), problem);
        } else if (problem == null && before != null) {
            log.info("{} works again", b.name());
        }
    }

    @Override
    public synchronized void close() {
        timers.forEach(Scheduler.Scheduled::cancel);
        timers.clear();
    }
}
