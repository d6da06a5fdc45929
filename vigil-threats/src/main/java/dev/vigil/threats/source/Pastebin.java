package dev.vigil.threats.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.threats.triage.Document;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pastebin's scraping API, or any mirror of it: {@code /api_scraping.php?limit=N} lists the newest pastes as
 * JSON objects ({@code key}, {@code date}, {@code title}, {@code size}, {@code expire}, {@code syntax},
 * {@code user}, {@code scrape_url}, {@code full_url}), then {@code /api_scrape_item.php?i=KEY} gives one raw.
 * The list has no cursor, so the keys already handled are remembered; a paste deleted between the list and
 * the fetch is skipped. Pastebin refuses an address not allowed to scrape with a plain-text 200: that is an
 * error showing its first words.
 */
final class Pastebin implements Source {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]{1,32}");
    static final int LIMIT = 100;
    private static final int KEEP = 1000;

    private final SourcePlan plan;

    Pastebin(SourcePlan plan) {
        this.plan = plan;
    }

    @Override
    public void poll(Pull pull) throws IOException, InterruptedException {
        JsonNode items = pull.web().get(plan.at("/api_scraping.php?limit=" + LIMIT), Map.of()).json("the paste list");
        if (!items.isArray()) {
            throw new IOException("the paste list is not a JSON list");
        }
        List<JsonNode> oldestFirst = new ArrayList<>();
        items.forEach(oldestFirst::add);
        java.util.Collections.reverse(oldestFirst);
        for (JsonNode item : oldestFirst) {
            String key = item.path("key").asText("");
            if (!KEY.matcher(key).matches() || pull.remembered("keys", key)) {
                continue;
            }
            Web.Response raw = pull.web().get(plan.at("/api_scrape_item.php?i=" + key), Map.of());
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

    private static boolean vanished(String body) {
        return body.startsWith("Error, we cannot find this paste") || body.startsWith("Error, this is a private paste");
    }

}
