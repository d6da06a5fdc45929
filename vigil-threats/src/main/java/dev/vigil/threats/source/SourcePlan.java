package dev.vigil.threats.source;

import dev.vigil.core.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One configured source.
 *
 * @param name unique among the sources: its resume point and its row on the sources page are kept under it
 * @param url the service's base URL (an API, a compatible mirror, a feed, a page); null for the own sites' probe
 * @param token an API token (GitHub), or null
 * @param gap the least time between two requests to the service (its rate limit)
 * @param sites the exposure probe's sites besides every http check's
 * @param queries GitHub's searches besides the watched terms
 */
public record SourcePlan(String type, String name, URI url, Duration interval, Secret token, Duration gap, List<String> sites,
                         List<String> queries) {
    public SourcePlan {
        sites = List.copyOf(sites);
        queries = List.copyOf(queries);
    }

    /** An address under the service's base URL: {@code at("/api_scraping.php?limit=100")}, whether the base ends in '/' or not. */
    public URI at(String pathAndQuery) {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    /** The URL to show (the sources page, logs): without any credentials or query it may carry. */
    public String shownUrl() {
        if (url == null) {
            return "";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + (url.getPath() == null ? "" : url.getPath());
    }
}
