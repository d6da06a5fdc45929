package dev.vigil.checks.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.http.HttpClients;
import dev.vigil.core.config.Section;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An upstream provider's state from its Atlassian Statuspage {@code summary.json} (GitHub, Atlassian and many others
 * publish one; so does Vigil's own status page): the page's indicator ({@code none} OK, {@code minor} WARNING,
 * {@code major} and {@code critical} CRITICAL, {@code maintenance} OK and said), or, with {@code components}, the
 * worst of those components ({@code degraded_performance} WARNING, {@code partial_outage} and {@code major_outage}
 * CRITICAL). The output names the indicator and the open incident.
 */
public final class StatuspageCheck implements Check {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4 << 20;

    /** @param components the components to judge by, by name; empty: the page's overall indicator */
    public record Config(URI url, List<String> components) {
        public static Config read(Section s) {
            URI url = HttpClients.url(s, "a Statuspage summary.json", "https://status.example.com/api/v2/summary.json");
            List<String> components = s.strings("components");
            return url == null ? null : new Config(url, components);
        }
    }

    private final Config config;

    public StatuspageCheck(Config config) {
        this.config = config;
    }

    @Override
    public CheckResult run(Duration timeout) throws InterruptedException {
        JsonNode summary;
        try {
            HttpClients.Document d = HttpClients.read(config.url(), timeout, "application/json", MAX_BODY);
            if (d.status() != 200) {
                return CheckResult.line("STATUSPAGE", ServiceState.UNKNOWN, config.url().getHost() + " answered HTTP " + d.status(), List.of());
            }
            summary = JSON.readTree(d.body());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return CheckResult.line("STATUSPAGE", ServiceState.UNKNOWN, "cannot read " + config.url().getHost() + ": " + firstLine(why), List.of());
        }
        return judge(summary);
    }

    private CheckResult judge(JsonNode summary) {
        JsonNode status = summary == null ? null : summary.path("status");
        String indicator = status == null ? "" : status.path("indicator").asText("");
        if (summary == null || !summary.isObject() || indicator.isEmpty()) {
            return CheckResult.line("STATUSPAGE", ServiceState.UNKNOWN, "not a Statuspage summary (no status.indicator) at " + config.url(), List.of());
        }
        String page = summary.path("page").path("name").asText(config.url().getHost());
        String description = status.path("description").asText(indicator);
        ServiceState state = switch (indicator) {
            case "none", "maintenance" -> ServiceState.OK;
            case "minor" -> ServiceState.WARNING;
            case "major", "critical" -> ServiceState.CRITICAL;
            default -> ServiceState.UNKNOWN;
        };
        List<String> notes = new ArrayList<>();
        int notOperational = 0;
        if (!config.components().isEmpty()) {
            state = ServiceState.OK;
            for (String wanted : config.components()) {
                JsonNode c = component(summary, wanted);
                if (c == null) {
                    state = ServiceState.worst(state, ServiceState.UNKNOWN);
                    notes.add(wanted + ": not on the page");
                    continue;
                }
                String s = c.path("status").asText("");
                ServiceState cs = switch (s) {
                    case "operational", "under_maintenance" -> ServiceState.OK;
                    case "degraded_performance" -> ServiceState.WARNING;
                    case "partial_outage", "major_outage" -> ServiceState.CRITICAL;
                    default -> ServiceState.UNKNOWN;
                };
                if (!s.equals("operational")) {
                    notOperational++;
                    notes.add(wanted + ": " + s.replace('_', ' '));
                }
                state = ServiceState.worst(state, cs);
            }
        } else {
            for (JsonNode c : summary.path("components")) {
                if (!c.path("group").asBoolean(false) && !"operational".equals(c.path("status").asText("operational"))) {
                    notOperational++;
                }
            }
        }
        StringBuilder out = new StringBuilder(page).append(": ").append(description).append(" (indicator ").append(indicator).append(')');
        if (!notes.isEmpty()) {
            out.append("; ").append(String.join(", ", notes));
        }
        for (JsonNode incident : summary.path("incidents")) {
            String st = incident.path("status").asText("");
            if (!st.equals("resolved") && !st.equals("postmortem")) {
                out.append("; incident: ").append(incident.path("name").asText("")).append(" (").append(st).append(')');
                break; // the newest open one; the rest are on the page
            }
        }
        for (JsonNode m : summary.path("scheduled_maintenances")) {
            if (m.path("status").asText("").equals("in_progress")) {
                out.append("; maintenance: ").append(m.path("name").asText(""));
                break;
            }
        }
        return CheckResult.line("STATUSPAGE", state, out.toString(),
                List.of(new PerfValue("components_not_operational", (double) notOperational, "", null, null, 0.0, null)));
    }

    private static JsonNode component(JsonNode summary, String name) {
        for (JsonNode c : summary.path("components")) {
            if (name.equalsIgnoreCase(c.path("name").asText(""))) {
                return c;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public Optional<String> target() {
        return Optional.ofNullable(config.url().getHost());
    }
}
