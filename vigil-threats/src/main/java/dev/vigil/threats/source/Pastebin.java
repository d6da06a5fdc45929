package dev.vigil.threats.source;

import dev.vigil.threats.triage.Document;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pastebin's scraping API, or any mirror of it: {@code /api_scraping.php?limit=N} lists the newest pastes as
 * JSON objects ({@code key}, {@code date}, {@code title}, {@code size}, {@code expire}, {@code syntax},
 * {@code user}, {@code scrape_url}, {@code full_url}), then {@code /api_scrape_item.php?i=KEY} gives one raw.
 * The list has no cursor, so the keys already handled are remembered; a paste deleted between the list and
 * the fetch is skipped.
 */
final class Pastebin implements Source {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]{1,32}");
    static final int LIMIT = 100;
    private static final int KEEP = 1000;

    private final SourcePlan plan;

    Pastebin(SourcePlan plan) {
        this.plan = plan;
    }

    @Override
    public void poll(Pull pull) throws IOException, InterruptedException {
        Web.Response list = pull.web().get(at("/api_scraping.php?limit=" + LIMIT), Map.of());
        JsonNode items = parseList(list);
        List<JsonNode> oldestFirst = new ArrayList<>();
        items.forEach(oldestFirst::add);
        java.util.Collections.reverse(oldestFirst);
        for (JsonNode item : oldestFirst) {
            String key = item.path("key").asText("");
            if (!KEY.matcher(key).matches() || pull.remembered("keys", key)) {
                continue;
            }
            Web.Response raw = pull.web().get(at("/api_scrape_item.php?i=" + key), Map.of());
            if (raw.status() == 200 && !vanished(raw.body())) {
                String url = item.path("full_url").asText("");
                pull.found(Document.outside("pastebin", plan.name(), key, url.startsWith("http") ? url : plan.shownUrl() + "/" + key,
                        "Paste " + key + (item.path("title").asText("").isBlank() ? "" : " \"" + item.path("title").asText() + "\""),
                        raw.body()));
            }
            pull.remember("keys", key, KEEP);
            pull.checkpoint();
        }
    }

    private URI at(String pathAndQuery) {
        String base = plan.url().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    /** Pastebin answers errors (an IP not allowed to scrape) as plain text with status 200. */
    private static JsonNode parseList(Web.Response r) throws IOException {
        if (r.status() != 200) {
            throw new IOException("the paste list answered " + r.status());
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n == null || !n.isArray()) {
                throw new IOException("the paste list is not a JSON list: " + firstWords(r.body()));
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IOException("the paste list is not a JSON list: " + firstWords(r.body()));
        }
    }

    private static boolean vanished(String body) {
        return body.startsWith("Error, we cannot find this paste") || body.startsWith("Error, this is a private paste");
    }

    static String firstWords(String body) {
        String s = body.strip().replaceAll("\\s+", " ");
        return dev.vigil.core.text.Secrets.mask(s.length() > 80 ? s.substring(0, 80) + "…" : s);
    }
}
