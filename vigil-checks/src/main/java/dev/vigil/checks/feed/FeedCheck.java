package dev.vigil.checks.feed;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.http.HttpClients;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Section;
import dev.vigil.core.feed.FeedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's status feed (RSS or Atom), for those that publish no summary.json: an incident entry newer than
 * {@code max_age} is a WARNING until an entry says it is resolved (Statuspage's "Resolved" update, "[RESOLVED]" in
 * the title, a completed maintenance) or it ages out. Judged from the feed each time, so nothing is kept between runs.
 */
public final class FeedCheck implements Check {
    private static final int MAX_BODY = 4 << 20;
    /** The first status word of an entry's text: Statuspage writes its updates newest first, "<strong>Resolved</strong> - ...". */
    private static final Pattern STATUS_WORD = Pattern.compile(
            "(?i)\\b(resolved|completed|postmortem|monitoring|identified|investigating|update|scheduled|in progress|verifying)\\b");
    private static final Pattern RESOLVED_TITLE = Pattern.compile("(?i)(\\[resolved]|^resolved\\b|\\bresolved:|operating normally)");

    public record Config(URI url, Duration maxAge) {
        public static Config read(Section s) {
            URI url = HttpClients.url(s, "a provider's RSS or Atom status feed", "https://status.example.com/history.rss");
            Duration maxAge = s.duration("max_age", Duration.ofHours(24));
            return url == null ? null : new Config(url, maxAge);
        }
    }

    private final Config config;
    private final InstantSource clock;

    public FeedCheck(Config config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public CheckResult run(Duration timeout) throws InterruptedException {
        List<FeedReader.Entry> entries;
        try {
            HttpClients.Document d = HttpClients.read(config.url(), timeout,
                    "application/rss+xml, application/atom+xml, application/xml, text/xml", MAX_BODY);
            if (d.status() != 200) {
                return CheckResult.line("FEED", ServiceState.UNKNOWN, config.url().getHost() + " answered HTTP " + d.status(), List.of());
            }
            entries = FeedReader.parse(new String(d.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return CheckResult.line("FEED", ServiceState.UNKNOWN, "cannot read " + config.url().getHost() + ": " + why, List.of());
        }
        Instant now = clock.instant();
        List<FeedReader.Entry> open = new ArrayList<>();
        for (FeedReader.Entry e : entries) {
            boolean recent = e.updated() == null || e.updated().isAfter(now.minus(config.maxAge()));
            if (recent && !resolved(e)) {
                open.add(e);
            }
        }
        open.sort(Comparator.comparing((FeedReader.Entry e) -> e.updated() == null ? now : e.updated()).reversed());
        List<PerfValue> perf = List.of(new PerfValue("open_incidents", (double) open.size(), "", null, null, 0.0, null));
        if (open.isEmpty()) {
            return CheckResult.line("FEED", ServiceState.OK, config.url().getHost() + ": no open incident in the last "
                    + Durations.format(config.maxAge()) + " (" + entries.size() + " entries)", perf);
        }
        FeedReader.Entry newest = open.get(0);
        String status = firstStatus(newest);
        return CheckResult.line("FEED", ServiceState.WARNING, config.url().getHost() + ": " + newest.title()
                + (status == null ? "" : " (" + status.toLowerCase(java.util.Locale.ROOT) + ")")
                + (open.size() > 1 ? "; " + (open.size() - 1) + " more open" : ""), perf);
    }

    /** Said resolved in its title, or its newest update (the first status word of its text) ends it. */
    static boolean resolved(FeedReader.Entry e) {
        if (RESOLVED_TITLE.matcher(e.title()).find()) {
            return true;
        }
        String s = firstStatus(e);
        return s != null && (s.equalsIgnoreCase("resolved") || s.equalsIgnoreCase("completed") || s.equalsIgnoreCase("postmortem"));
    }

    private static String firstStatus(FeedReader.Entry e) {
        String text = e.text().replaceAll("<[^>]+>", " ");
        Matcher m = STATUS_WORD.matcher(text.length() > 4000 ? text.substring(0, 4000) : text);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public Optional<String> target() {
        return Optional.ofNullable(config.url().getHost());
    }
}
