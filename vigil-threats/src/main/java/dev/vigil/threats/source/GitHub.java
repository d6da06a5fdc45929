package dev.vigil.threats.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.threats.triage.Document;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API (v3), or GitHub Enterprise's: code search and commit search for each watched term (and the
 * configured {@code queries}), newest first, and the public gists feed. Each search is a conditional request
 * ({@code If-None-Match} with the last ETag: an unchanged answer costs no rate limit); pages are followed
 * through the {@code Link} header while they hold unseen items; a code hit is judged on the whole file
 * fetched raw, a commit on its message, a gist on its files. The rate limit is respected: a 403 or 429 that
 * says so makes the run wait for {@code X-RateLimit-Reset} or {@code Retry-After}, and a run stops early when
 * {@code X-RateLimit-Remaining} reaches 0.
 */
final class GitHub implements Source {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    static final int PER_PAGE = 50;
    private static final int MAX_PAGES = 3;
    private static final int KEEP = 5000;
    private static final int MAX_FILE = 1 << 20;

    private final SourcePlan plan;

    GitHub(SourcePlan plan) {
        this.plan = plan;
    }

    @Override
    public void poll(Pull pull) throws IOException, InterruptedException {
        List<String> queries = new ArrayList<>();
        pull.watch().terms().forEach(t -> queries.add("\"" + t.text().replace("\"", "") + "\""));
        queries.addAll(plan.queries());
        for (String q : queries) {
            search(pull, "/search/code?q=" + enc(q) + "&sort=indexed&order=desc&per_page=" + PER_PAGE, this::codeHit);
            search(pull, "/search/commits?q=" + enc(q) + "&sort=committer-date&order=desc&per_page=" + PER_PAGE, this::commitHit);
        }
        gists(pull);
    }

    private interface Hit {
        void handle(Pull pull, JsonNode item) throws IOException, InterruptedException;
    }

    private void search(Pull pull, String first, Hit hit) throws IOException, InterruptedException {
        URI uri = plan.at(first);
        for (int page = 0; page < MAX_PAGES && uri != null; page++) {
            Web.Response r = get(pull, uri, "application/vnd.github.text-match+json", true);
            if (r.status() == 304) {
                return; // nothing new since the last run
            }
            JsonNode items = r.json("GitHub's answer to " + uri.getRawPath()).path("items");
            boolean allNew = true;
            for (JsonNode item : items) {
                String id = id(item);
                if (id.isEmpty() || pull.remembered("seen", id)) {
                    allNew = false;
                    continue;
                }
                hit.handle(pull, item);
                pull.remember("seen", id, KEEP);
                pull.checkpoint();
            }
            stopWhenSpent(r, pull.now());
            uri = allNew ? next(r) : null;
        }
    }

    private static String id(JsonNode item) {
        if (item.has("commit")) {
            return "commit:" + item.path("sha").asText("");
        }
        String repo = item.path("repository").path("full_name").asText("");
        return repo.isEmpty() ? "" : "code:" + repo + ":" + item.path("path").asText("") + "@" + item.path("sha").asText("");
    }

    private void codeHit(Pull pull, JsonNode item) throws IOException, InterruptedException {
        String repo = item.path("repository").path("full_name").asText();
        String path = item.path("path").asText();
        String api = item.path("url").asText("");
        URI raw = api.startsWith(plan.at("/").toString()) ? URI.create(api) : plan.at("/repos/" + repo + "/contents/" + encPath(path));
        String text;
        Web.Response file = get(pull, raw, "application/vnd.github.raw+json", false);
        if (file.status() == 200) {
            text = file.body().length() > MAX_FILE ? file.body().substring(0, MAX_FILE) : file.body();
        } else {
            // The file went away (or is too big for the contents API): the search's own fragments are what there is.
            StringBuilder b = new StringBuilder();
            item.path("text_matches").forEach(m -> b.append(m.path("fragment").asText("")).append('\n'));
            text = b.toString();
        }
        pull.found(Document.outside("github", plan.name(), id(item), item.path("html_url").asText(""), repo + ": " + path, text));
    }

    private void commitHit(Pull pull, JsonNode item) {
        String repo = item.path("repository").path("full_name").asText("");
        String message = item.path("commit").path("message").asText("");
        pull.found(Document.outside("github", plan.name(), id(item), item.path("html_url").asText(""),
                repo + " commit " + item.path("sha").asText("").substring(0, Math.min(12, item.path("sha").asText("").length())), message));
    }

    /** The public gists, newest first; each new one (or updated one) judged on its description and files. */
    private void gists(Pull pull) throws IOException, InterruptedException {
        URI uri = plan.at("/gists/public?per_page=" + PER_PAGE);
        Web.Response r = get(pull, uri, "application/vnd.github+json", true);
        if (r.status() == 304) {
            return;
        }
        for (JsonNode gist : r.json("GitHub's answer to " + uri.getRawPath())) {
            String id = "gist:" + gist.path("id").asText("") + "@" + gist.path("updated_at").asText("");
            if (gist.path("id").asText("").isEmpty() || pull.remembered("seen", id)) {
                continue;
            }
            StringBuilder text = new StringBuilder(gist.path("description").asText("")).append('\n');
            for (JsonNode f : gist.path("files")) {
                String rawUrl = f.path("raw_url").asText("");
                if (f.path("size").asLong(0) > MAX_FILE || !rawUrl.matches("https?://.+")) {
                    continue;
                }
                Web.Response file = pull.web().get(URI.create(rawUrl), Map.of());
                if (file.status() == 200) {
                    text.append("--- ").append(f.path("filename").asText("")).append('\n').append(file.body()).append('\n');
                }
            }
            pull.found(Document.outside("github", plan.name(), id, gist.path("html_url").asText(""), "Gist " + gist.path("id").asText(""),
                    text.toString()));
            pull.remember("seen", id, KEEP);
            pull.checkpoint();
        }
        stopWhenSpent(r, pull.now());
    }

    /** A GET with the token and, for listings, the last ETag of that URL; a new ETag is remembered. */
    private Web.Response get(Pull pull, URI uri, String accept, boolean conditional) throws IOException, InterruptedException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", accept);
        h.put("X-GitHub-Api-Version", "2022-11-28");
        if (plan.token() != null) {
            h.put("Authorization", "Bearer " + plan.token().reveal());
        }
        String key = uri.getRawPath() + "?" + uri.getRawQuery();
        if (conditional && pull.resume().path("etags").has(key)) {
            h.put("If-None-Match", pull.resume().path("etags").get(key).asText());
        }
        Web.Response r = pull.web().get(uri, h);
        if (r.status() == 401) {
            throw new IOException("GitHub refused the token (401): check 'token'");
        }
        if (conditional && r.status() == 200) {
            r.header("ETag").ifPresent(etag -> pull.resume().withObject("etags").put(key, etag));
        }
        return r;
    }

    private static void stopWhenSpent(Web.Response r, java.time.Instant now) throws Web.Busy {
        if (r.header("X-RateLimit-Remaining").map(String::trim).filter("0"::equals).isPresent()) {
            long reset = r.header("X-RateLimit-Reset").map(v -> {
                try {
                    return Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    return 0L;
                }
            }).orElse(0L);
            long wait = Math.max(60, reset - now.getEpochSecond());
            throw new Web.Busy("GitHub rate limit used up", java.time.Duration.ofSeconds(wait));
        }
    }

    private static URI next(Web.Response r) {
        return r.header("Link").map(NEXT::matcher).filter(Matcher::find).map(m -> URI.create(m.group(1))).orElse(null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String encPath(String path) {
        return String.join("/", java.util.Arrays.stream(path.split("/")).map(p -> enc(p).replace("+", "%20")).toList());
    }
}
