package dev.vigil.threats.source;

import dev.vigil.threats.detect.Masked;
import dev.vigil.threats.triage.Document;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One page watched as it changes (a forum thread, a competitor's "breaches" list, a public bucket listing): each
 * new version is judged whole. Conditional requests ({@code If-None-Match}, {@code If-Modified-Since}) and the
 * content's hash keep an unchanged page from being judged again.
 */
final class Page implements Source {
    private final SourcePlan plan;

    Page(SourcePlan plan) {
        this.plan = plan;
    }

    @Override
    public void poll(Pull pull) throws IOException, InterruptedException {
        Map<String, String> h = new LinkedHashMap<>();
        if (pull.resume().has("etag")) {
            h.put("If-None-Match", pull.resume().get("etag").asText());
        }
        if (pull.resume().has("modified")) {
            h.put("If-Modified-Since", pull.resume().get("modified").asText());
        }
        Web.Response r = pull.web().get(plan.url(), h);
        if (r.status() == 304) {
            return;
        }
        if (r.status() != 200) {
            throw new IOException("the page answered " + r.status());
        }
        String sha = Masked.sha256(r.body());
        if (!sha.equals(pull.resume().path("content").asText(""))) {
            pull.found(Document.outside("url", plan.name(), sha, plan.url().toString(), "Page " + plan.shownUrl(), r.body()));
        }
        pull.resume().put("content", sha);
        r.header("ETag").ifPresent(v -> pull.resume().put("etag", v));
        r.header("Last-Modified").ifPresent(v -> pull.resume().put("modified", v));
    }
}
