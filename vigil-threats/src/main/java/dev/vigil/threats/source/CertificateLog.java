package dev.vigil.threats.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigil.threats.triage.Document;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.watch.LookAlikes;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Certificate Transparency through crt.sh's JSON output ({@code /?q=%.example.com&output=json}): a certificate
 * naming a host of a watched domain not seen before (someone issued one for {@code admin.example.com}?) is a
 * medium finding; a certificate for a look-alike domain ({@code examp1e.com}, {@code example-login.com}) is a
 * high one. The first run only learns the names already there. Look-alike candidates are looked up
 * {@value #CANDIDATES_PER_RUN} per run, in turn, so a run stays a few requests.
 */
final class CertificateLog implements Source {
    static final int CANDIDATES_PER_RUN = 10;
    private static final int KEEP_NAMES = 20_000;

    private final SourcePlan plan;

    CertificateLog(SourcePlan plan) {
        this.plan = plan;
    }

    @Override
    public void poll(Pull pull) throws IOException, InterruptedException {
        List<String> domains = pull.watch().domains();
        for (String domain : domains) {
            boolean first = !pull.resume().path("known").has(domain);
            for (JsonNode cert : query(pull, "%." + domain)) {
                own(pull, domain, cert, first);
            }
            pull.resume().withObject("known").put(domain, true);
            pull.checkpoint();
        }
        List<String> candidates = new ArrayList<>();
        for (String d : domains) {
            candidates.addAll(LookAlikes.candidates(d));
        }
        if (candidates.isEmpty()) {
            return;
        }
        int next = pull.resume().path("nextCandidate").asInt(0);
        for (int i = 0; i < Math.min(CANDIDATES_PER_RUN, candidates.size()); i++) {
            String candidate = candidates.get((next + i) % candidates.size());
            for (JsonNode cert : query(pull, candidate)) {
                lookAlike(pull, domains, cert);
            }
            pull.resume().put("nextCandidate", (next + i + 1) % candidates.size());
            pull.checkpoint();
        }
    }

    private List<JsonNode> query(Pull pull, String q) throws IOException, InterruptedException {
        Web.Response r = pull.web().get(plan.at("/?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&output=json"),
                Map.of("Accept", "application/json"));
        if (r.status() == 404 || r.status() == 200 && r.body().isBlank()) {
            return List.of(); // nothing logged for that name
        }
        JsonNode n = r.json("crt.sh");
        if (!n.isArray()) {
            throw new IOException("crt.sh's answer is not a JSON list");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private void own(Pull pull, String domain, JsonNode cert, boolean learning) {
        ArrayNode known = pull.resume().withObject("names").withArray(domain);
        Set<String> seen = new HashSet<>();
        known.forEach(n -> seen.add(n.asText()));
        List<String> fresh = new ArrayList<>();
        for (String name : names(cert)) {
            if ((name.equals(domain) || name.endsWith("." + domain)) && !seen.contains(name)) {
                fresh.add(name);
                known.add(name);
            }
        }
        while (known.size() > KEEP_NAMES) {
            known.remove(0);
        }
        if (!learning && !fresh.isEmpty()) {
            pull.found(document(cert).flagged(Level.MEDIUM, "first certificate for " + String.join(", ", fresh))
                    .identifiedBy("crtsh:" + cert.path("id").asText()));
        }
    }

    private void lookAlike(Pull pull, List<String> domains, JsonNode cert) {
        for (String name : names(cert)) {
            for (String domain : domains) {
                if (LookAlikes.resembles(name, domain)) {
                    pull.found(document(cert).flagged(Level.HIGH, "certificate for " + name + ", which looks like " + domain)
                            .identifiedBy("crtsh:lookalike:" + name.replaceFirst("^\\*\\.", "")));
                    return;
                }
            }
        }
    }

    private static Set<String> names(JsonNode cert) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : (cert.path("common_name").asText("") + "\n" + cert.path("name_value").asText("")).split("\\s+")) {
            if (!n.isBlank()) {
                out.add(n.toLowerCase(Locale.ROOT).replaceFirst("^\\*\\.", ""));
            }
        }
        return out;
    }

    private Document document(JsonNode cert) {
        String id = cert.path("id").asText("");
        String text = "Certificate " + id + " for " + String.join(", ", names(cert)) + "\nissued by " + cert.path("issuer_name").asText("")
                + "\nlogged " + cert.path("entry_timestamp").asText("") + ", valid " + cert.path("not_before").asText("") + " to "
                + cert.path("not_after").asText("");
        return Document.outside("crtsh", plan.name(), id, plan.at("/?id=" + id).toString(),
                "Certificate " + id, text);
    }
}
