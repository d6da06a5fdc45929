package dev.vigil.server.http;

import static dev.vigil.server.http.Requests.body;

import dev.vigil.core.publish.PublicIncidents;
import dev.vigil.server.status.StatusPages;
import io.javalin.Javalin;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/v1/status/incidents}: what admins tell the public on a status page (reading needs {@code read}, posting
 * {@code admin}). An incident opens with its first update and gets more (investigating, identified, monitoring,
 * resolved); the page shows it at once.
 */
final class StatusApi {
    private final PublicIncidents incidents;
    private final StatusPages pages;
    private final Supplier<List<String>> pageNames;
    private final InstantSource clock;

    StatusApi(PublicIncidents incidents, StatusPages pages, Supplier<List<String>> pageNames, InstantSource clock) {
        this.incidents = incidents;
        this.pages = pages;
        this.pageNames = pageNames;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/v1/status/incidents", ctx -> {
            String page = page(ctx.queryParam("page"));
            ctx.json(Map.of("incidents", incidents.incidents(page, clock.instant().minus(Duration.ofDays(90)))));
        });
        app.post("/api/v1/status/incidents", ctx -> {
            Map<String, Object> b = body(ctx);
            String page = page(b.get("page") == null ? null : String.valueOf(b.get("page")));
            String name = text(b, "name", 200);
            String impact = String.valueOf(b.getOrDefault("impact", "minor"));
            if (!PublicIncidents.IMPACTS.contains(impact)) {
                throw ApiError.badRequest("'impact' must be one of " + String.join(", ", PublicIncidents.IMPACTS));
            }
            List<String> components = new ArrayList<>();
            if (b.get("components") instanceof List<?> l) {
                l.forEach(c -> components.add(String.valueOf(c)));
            }
            PublicIncidents.Incident i = incidents.open(page, name, impact, components, update(b));
            pages.changed();
            ctx.status(201).json(i);
        });
        app.post("/api/v1/status/incidents/{id}/updates", ctx -> {
            var i = incidents.update(ctx.pathParam("id"), update(body(ctx)))
                    .orElseThrow(() -> ApiError.notFound("no incident " + ctx.pathParam("id")));
            pages.changed();
            ctx.json(i);
        });
    }

    private String page(String name) {
        List<String> names = pageNames.get();
        if (names.isEmpty()) {
            throw ApiError.badRequest("no status page is configured (status_pages: in the config)");
        }
        if (name == null) {
            return names.get(0);
        }
        if (!names.contains(name)) {
            throw ApiError.badRequest("no status page '" + name + "'; pages: " + String.join(", ", names));
        }
        return name;
    }

    private PublicIncidents.Update update(Map<String, Object> b) {
        String status = String.valueOf(b.getOrDefault("status", "investigating"));
        if (!PublicIncidents.STATUSES.contains(status)) {
            throw ApiError.badRequest("'status' must be one of " + String.join(", ", PublicIncidents.STATUSES));
        }
        return new PublicIncidents.Update(status, text(b, "body", 5000), clock.instant());
    }

    private static String text(Map<String, Object> b, String key, int max) {
        Object v = b.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw ApiError.badRequest("'" + key + "' is required: the words the public reads");
        }
        if (s.length() > max) {
            throw ApiError.badRequest("'" + key + "' is at most " + max + " characters");
        }
        return s.strip();
    }
}
