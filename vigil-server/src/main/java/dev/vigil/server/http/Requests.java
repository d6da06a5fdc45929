package dev.vigil.server.http;

import dev.vigil.core.access.Tokens;
import dev.vigil.core.config.ConfigError;
import dev.vigil.core.config.ConfigException;
import dev.vigil.metrics.SeriesKey;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import io.javalin.http.Context;

/** What every API route reads from a request the same way: JSON bodies, parameters, times, series, the caller. */
final class Requests {
    /** The earliest and latest times the API takes: anything outside is a mistake, and breaks date arithmetic. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Requests() {}

    static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? "error" : message));
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("'" + name + "' must be a whole number from " + min + " to " + max);
        }
    }

    /** An ISO-8601 date-time with offset, between 1970 and 9999. */
    static Instant instant(String v, String name) {
        try {
            return inRange(OffsetDateTime.parse(v).toInstant(), name);
        } catch (DateTimeException e) {
            throw ApiError.badRequest("'" + name + "' must be an ISO-8601 date-time with offset, e.g. 2026-11-26T04:30:00Z");
        }
    }

    /** ISO-8601 or epoch seconds (as Grafana and RRD tools send), or {@code fallback} when absent. */
    static Instant time(String v, String name, Instant fallback) {
        if (v == null) {
            return fallback;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            try {
                t = Instant.ofEpochSecond(Long.parseLong(v));
            } catch (NumberFormatException | DateTimeException e2) {
                throw ApiError.badRequest("'" + name + "' must be ISO-8601 (2026-11-26T04:30:00Z) or epoch seconds");
            }
        }
        return inRange(t, name);
    }

    /** {@code t}, if it lies between 1970 and 9999; else a 400 that says so. */
    static Instant inRange(Instant t, String name) {
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiError.badRequest("'" + name + "' must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return t;
    }

    static Map<String, Object> body(Context ctx) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = ctx.bodyAsClass(Map.class);
            if (m == null) {
                throw new IllegalArgumentException();
            }
            return m;
        } catch (io.javalin.http.HttpResponseException e) {
            throw e; // e.g. 413 for a body over the limit: not a JSON problem
        } catch (Exception e) { // Javalin rethrows Jackson's checked parse exceptions unchecked
            throw ApiError.badRequest("request body must be one JSON object (and nothing after it)");
        }
    }

    static String text(Map<String, Object> body, String key, boolean required) {
        Object v = body.get(key);
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (required) {
                throw ApiError.badRequest("missing '" + key + "'");
            }
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw ApiError.badRequest("'" + key + "' must be a single value");
        }
        return String.valueOf(v);
    }

    static SeriesKey seriesKey(Context ctx) {
        String name = ctx.queryParam("name");
        String host = ctx.queryParam("host");
        if (name == null || host == null) {
            throw ApiError.badRequest("missing query parameters 'name' and 'host'");
        }
        try {
            return new SeriesKey(host, name);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** Who did it: the token's name, never what the request body claims. */
    static String author(Context ctx) {
        Tokens.TokenInfo token = ctx.attribute("token");
        return token == null ? "api" : token.name();
    }

    static void configErrors(Context ctx, String message, ConfigException e) {
        ctx.status(400).json(Map.of("error", message, "errors", e.errors().stream().map(ConfigError::toString).toList()));
    }
}
