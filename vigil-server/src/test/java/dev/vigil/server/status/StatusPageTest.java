package dev.vigil.server.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import dev.vigil.checks.engine.ResultHistory;
import dev.vigil.core.access.Tokens;
import dev.vigil.server.RunningVigil;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public status page over real HTTP, anonymous, against a real engine checking a local web page. */
class StatusPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil running;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        running = new RunningVigil(dir, """
                status_pages:
                  - name: public
                    title: "Shop status"
                    timezone: Europe/Berlin
                    components:
                      - {name: Website, service: "shop/web"}
                      - {name: Backups, service: "shop/backup", description: "Nightly copies"}
                """);
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.base + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode summary() throws Exception {
        HttpResponse<String> r = get("/status/api/v2/summary.json");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode component(JsonNode summary, String name) {
        for (JsonNode c : summary.get("components")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no component " + name);
    }

    @Test
    void anonymousVisitorsReadStatuspagesJsonWithOnlyPublicNames() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> running.vigil.engine().status(dev.vigil.checks.Target.service("shop", "web"))
                .map(s -> s.lastCheck() != null).orElse(false));
        running.vigil.statusPages().changed();
        JsonNode s = summary();
        assertThat(s.fieldNames()).toIterable().containsExactly("page", "components", "incidents", "scheduled_maintenances", "status");
        assertThat(s.get("page").get("name").asText()).isEqualTo("Shop status");
        assertThat(s.get("page").get("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(component(s, "Website").get("status").asText()).isEqualTo("operational");
        assertThat(component(s, "Backups").get("description").asText()).isEqualTo("Nightly copies");
        for (JsonNode c : s.get("components")) {
            assertThat(c.fieldNames()).toIterable().contains("id", "name", "status", "updated_at", "position", "description", "group", "page_id");
        }
        assertThat(s.get("status").get("indicator").asText()).isEqualTo("none");
        assertThat(s.get("status").get("description").asText()).isEqualTo("All Systems Operational");
        // Nothing internal: no host or service names, no plugin output.
        assertThat(s.toString()).doesNotContain("shop/web").doesNotContain("\"shop\"").doesNotContain("HTTP OK");

        // The shop fails: the component is an outage, the page's indicator says so.
        running.targetStatus = 502;
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            running.vigil.statusPages().changed();
            return component(summary(), "Website").get("status").asText().equals("major_outage");
        });
        assertThat(summary().get("status").get("indicator").asText()).isEqualTo("major");
        JsonNode status = JSON.readTree(get("/status/api/v2/status.json").body());
        assertThat(status.get("status").get("description").asText()).isEqualTo("Partial System Outage");
        assertThat(JSON.readTree(get("/status/public/api/v2/components.json").body()).get("components")).hasSize(2);
    }

    @Test
    void anIncidentAnAdminPostsIsOnThePageInTheJsonAndInTheFeeds() throws Exception {
        String admin = running.vigil.tokens().create("admin", Tokens.Scope.ADMIN, null).secret();
        String reader = running.vigil.tokens().create("viewer", Tokens.Scope.READ, null).secret();
        String body = "{\"name\":\"Checkout errors\",\"status\":\"investigating\",\"impact\":\"major\",\"body\":\"Some payments fail <b>now</b>.\","
                + "\"components\":[\"Website\"]}";
        assertThat(client.send(HttpRequest.newBuilder(URI.create(running.base + "/api/v1/status/incidents")).header("Authorization", "Bearer " + reader)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        HttpResponse<String> opened = client.send(HttpRequest.newBuilder(URI.create(running.base + "/api/v1/status/incidents"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String id = JSON.readTree(opened.body()).get("id").asText();

        JsonNode s = summary();
        assertThat(s.get("status").get("indicator").asText()).isEqualTo("major"); // the incident's impact, whatever the checks say
        JsonNode incident = s.get("incidents").get(0);
        assertThat(incident.get("name").asText()).isEqualTo("Checkout errors");
        assertThat(incident.get("status").asText()).isEqualTo("investigating");
        assertThat(incident.get("impact").asText()).isEqualTo("major");
        assertThat(incident.get("incident_updates").get(0).get("body").asText()).isEqualTo("Some payments fail <b>now</b>.");
        assertThat(incident.get("components").get(0).get("name").asText()).isEqualTo("Website");

        HttpResponse<String> resolved = client.send(HttpRequest.newBuilder(URI.create(running.base + "/api/v1/status/incidents/" + id + "/updates"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"status\":\"resolved\",\"body\":\"Payments work again.\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(summary().get("incidents")).isEmpty(); // resolved: no longer in the summary
        JsonNode all = JSON.readTree(get("/status/api/v2/incidents.json").body()).get("incidents");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("status").asText()).isEqualTo("resolved");
        assertThat(all.get(0).get("incident_updates")).hasSize(2);
        assertThat(all.get(0).get("resolved_at").isNull()).isFalse();

        // Both feeds parse in Rome; the update's words are there, escaped.
        for (String feed : List.of("/status/history.rss", "/status/history.atom")) {
            HttpResponse<String> r = get(feed);
            assertThat(r.statusCode()).isEqualTo(200);
            SyndFeed parsed = new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8))));
            assertThat(parsed.getTitle()).isEqualTo("Shop status - Incident History");
            assertThat(parsed.getEntries()).singleElement().satisfies(e -> {
                assertThat(e.getTitle()).isEqualTo("Checkout errors");
                String text = e.getDescription() != null ? e.getDescription().getValue() : e.getContents().get(0).getValue();
                assertThat(text).contains("<strong>Resolved</strong> - Payments work again.").contains("Some payments fail &lt;b&gt;now&lt;/b&gt;.");
            });
        }
        // The HTML page: anonymous, no script, the incident under past incidents.
        HttpResponse<String> html = get("/status");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("Shop status").contains("Checkout errors").contains("Payments work again.")
                .doesNotContain("<script").doesNotContain("shop/web");
    }

    @Test
    void answersAreCachedWithAnEtagAndBadgesAreSvg() throws Exception {
        HttpResponse<String> first = get("/status/api/v2/summary.json");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).contains("public, max-age=15");
        assertThat(get("/status/api/v2/summary.json", "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<String> badge = get("/status/badge/Website.svg");
        assertThat(badge.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(badge.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(svg.getDocumentElement().getAttribute("aria-label")).startsWith("Website: ");
        assertThat(get("/status/badge/Website-uptime.svg").body()).contains("Website: ");
        assertThat(get("/status/badge/Nope.svg").statusCode()).isEqualTo(404);
        assertThat(get("/status/nope").statusCode()).isEqualTo(404);
        assertThat(get("/status/api/v2/secrets.json").statusCode()).isEqualTo(404);
    }

    @Test
    void aDayOfTheUptimeBarsIsALocalDayAcrossTheChangeOfClocks() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // Hourly buckets over Sunday 25 October 2026, which has 25 hours in Berlin; one failed result at 23:30 local.
        List<ResultHistory.Availability> hours = new ArrayList<>();
        Instant from = LocalDate.of(2026, 10, 25).atStartOfDay(berlin).toInstant();
        Instant to = LocalDate.of(2026, 10, 26).atStartOfDay(berlin).toInstant();
        for (Instant h = from; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
            hours.add(new ResultHistory.Availability(h, h.equals(to.minus(Duration.ofHours(1))) ? 59 : 60, 60));
        }
        assertThat(hours).hasSize(25);
        List<StatusPages.Day> days = StatusPages.days(hours, berlin, LocalDate.of(2026, 10, 26));
        assertThat(days).hasSize(90);
        StatusPages.Day sunday = days.get(88);
        assertThat(sunday.date()).isEqualTo(LocalDate.of(2026, 10, 25));
        assertThat(sunday.title()).isEqualTo("2026-10-25: 99.93 % up"); // 1,499 of 1,500: every hour of that day, none of the next
        assertThat(sunday.css()).isEqualTo("ok");
        assertThat(days.get(89).css()).isEqualTo("none");
    }
}
