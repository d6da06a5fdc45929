package dev.vigil.threats.source;

import dev.vigil.threats.triage.Document;
import dev.vigil.threats.triage.Level;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The own sites seen from outside: every http check's site and the configured {@code sites} are asked for the
 * files that should never be served ({@code /.env}, {@code /.git/config}, {@code /wp-config.php.bak},
 * {@code /backup.sql}, {@code /phpinfo.php}, {@code /server-status}) and for open directory listings. A hit is
 * judged on what the answer holds, not on its status alone (many sites answer 200 to everything), and is a
 * high finding with the masked evidence; a secret in it makes it critical.
 */
final class Exposures implements Source {
    private static final Pattern ENV_LINE = Pattern.compile("(?m)^[A-Z][A-Z0-9_]*=");
    private static final Pattern LISTING = Pattern.compile("(?i)<title>\\s*(Index of /|Directory listing for /)");
    private static final int MAX_EVIDENCE = 64 * 1024;

    /** One probe: a path, what a real exposure's answer holds, and what it means. */
    record Probe(String path, Predicate<String> exposed, String why) {}

    static final List<Probe> PROBES = List.of(
            new Probe("/.env", b -> !b.stripLeading().startsWith("<") && ENV_LINE.matcher(b).results().limit(2).count() == 2,
                    "the .env file is served"),
            new Probe("/.git/config", b -> b.contains("[core]") && b.contains("repositoryformatversion"), "the git repository is served"),
            new Probe("/wp-config.php.bak", b -> b.contains("DB_NAME") || b.contains("define("), "a WordPress config backup is served"),
            new Probe("/backup.sql", b -> b.contains("-- MySQL dump") || b.contains("PostgreSQL database dump") || b.contains("CREATE TABLE")
                    || b.contains("INSERT INTO"), "a database dump is served"),
            new Probe("/phpinfo.php", b -> b.contains("phpinfo()") || b.contains("PHP Version") && b.contains("Configuration File"),
                    "phpinfo() is served"),
            new Probe("/server-status", b -> b.contains("Apache Server Status") || b.contains("Server Version:") && b.contains("Server uptime"),
                    "the web server's status page is public"),
            new Probe("/", b -> LISTING.matcher(b).find(), "a directory listing is open"),
            new Probe("/uploads/", b -> LISTING.matcher(b).find(), "a directory listing is open"),
            new Probe("/backup/", b -> LISTING.matcher(b).find(), "a directory listing is open"),
            new Probe("/tmp/", b -> LISTING.matcher(b).find(), "a directory listing is open"));

    private final SourcePlan plan;
    private final Supplier<List<Site>> ownSites;

    Exposures(SourcePlan plan, Supplier<List<Site>> ownSites) {
        this.plan = plan;
        this.ownSites = ownSites;
    }

    @Override
    public void poll(Pull pull) throws IOException, InterruptedException {
        Map<URI, Site> sites = new LinkedHashMap<>();
        ownSites.get().forEach(s -> sites.putIfAbsent(s.root(), s));
        plan.sites().forEach(s -> {
            Site site = Site.of(URI.create(s), null);
            sites.putIfAbsent(site.root(), site);
        });
        List<String> failed = new ArrayList<>();
        for (Site site : sites.values()) {
            for (Probe p : PROBES) {
                URI uri = site.root().resolve(p.path().substring(1));
                Web.Response r;
                try {
                    r = pull.web().get(uri, Map.of());
                } catch (Web.Busy busy) {
                    throw busy;
                } catch (IOException e) {
                    failed.add(uri.getHost());
                    break; // the site is down or refuses: its check says so; the next site
                }
                if (r.status() == 200 && p.exposed().test(r.body())) {
                    String evidence = r.body().length() > MAX_EVIDENCE ? r.body().substring(0, MAX_EVIDENCE) : r.body();
                    pull.found(Document.ownSite("exposure", plan.name(), uri.toString(), uri.toString(), evidence, site.host(), null)
                            .flagged(Level.HIGH, p.why()).identifiedBy("exposure:" + uri));
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new IOException("could not reach " + String.join(", ", failed));
        }
    }
}
