package dev.vigil.threats.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.text.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * How sources fetch: one request at a time per source, at least {@code gap} apart (the service's rate limit),
 * bodies read up to a bound, and the service's "slow down" turned into {@link Busy} with how long to wait:
 * 429 and 503 with {@code Retry-After}, and GitHub's 403 with {@code X-RateLimit-Remaining: 0}. Other 5xx
 * answers are failures the caller backs off from; 2xx, 304 and 404 are answers.
 */
public final class Web {
    static final int MAX_BODY = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);

    /** The service asked to wait. */
    public static final class Busy extends IOException {
        private final Duration wait;

        public Busy(String message, Duration wait) {
            super(message);
            this.wait = wait;
        }

        public Duration retryAfter() {
            return wait;
        }
    }

    /** An answer: status, headers and the body (cut at {@link #MAX_BODY}). */
    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().getFirst()).findFirst();
        }

        /**
         * The body as JSON, for a 200 answer; any other status or a body that is not JSON is an error naming
         * {@code what} (and, for a plain-text refusal, its first words, masked).
         */
        public JsonNode json(String what) throws IOException {
            if (status != 200) {
                throw new IOException(what + " answered " + status);
            }
            try {
                JsonNode n = JSON.readTree(body);
                if (n == null) {
                    throw new IOException(what + " answered nothing");
                }
                return n;
            } catch (JsonProcessingException e) {
                String s = body.strip().replaceAll("\\s+", " ");
                throw new IOException(what + " is not JSON: " + Secrets.mask(s.length() > 80 ? s.substring(0, 80) + "…" : s));
            }
        }

        @Override
        public String toString() {
            return "Response[" + status + ", " + body.length() + " chars]";
        }
    }

    private final HttpClient client;
    private final InstantSource clock;
    private final Duration gap;
    private long last;

    public Web(HttpClient client, InstantSource clock, Duration gap) {
        this.client = client;
        this.clock = clock;
        this.gap = gap;
    }

    /** A client for sources: redirects followed (feeds move), a connect timeout, TLS verified. */
    public static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public Response get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        pace();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("User-Agent", "Vigil-threats");
        headers.forEach(b::header);
        HttpResponse<InputStream> r;
        try {
            r = client.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid request: " + e.getMessage());
        }
        String body;
        try (InputStream in = r.body()) {
            body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
        Response out = new Response(r.statusCode(), r.headers().map(), body);
        int s = out.status();
        if (s == 429 || s == 503 && out.header("Retry-After").isPresent()) {
            throw new Busy(uri.getHost() + " answered " + s + " (rate limited)", retryAfter(out));
        }
        if (s == 403 && out.header("X-RateLimit-Remaining").map(String::trim).filter("0"::equals).isPresent()) {
            throw new Busy(uri.getHost() + " rate limit used up", rateReset(out));
        }
        if (s >= 500) {
            throw new IOException(uri.getHost() + " answered " + s);
        }
        return out;
    }

    /** Waits out the gap since the previous request (real time: the service's limit is in real time). */
    private synchronized void pace() throws InterruptedException {
        long now = System.nanoTime();
        long wait = last + gap.toNanos() - now;
        if (last != 0 && wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        last = System.nanoTime();
    }

    private Duration retryAfter(Response r) {
        String v = r.header("Retry-After").orElse(null);
        if (v == null) {
            return DEFAULT_WAIT;
        }
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ofSeconds(1) : d;
            } catch (DateTimeParseException bad) {
                return DEFAULT_WAIT;
            }
        }
    }

    private Duration rateReset(Response r) {
        return r.header("X-RateLimit-Reset").map(v -> {
            try {
                Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(v.trim())));
                return d.isNegative() ? Duration.ofSeconds(1) : d.plusSeconds(1);
            } catch (NumberFormatException e) {
                return DEFAULT_WAIT;
            }
        }).orElseGet(() -> retryAfter(r));
    }
}
