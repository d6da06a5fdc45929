package dev.vigil.server.apm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.access.Tokens;
import dev.vigil.server.Chromium;
import dev.vigil.server.RunningVigil;
import dev.vigil.server.http.OtlpListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's real client: a shop and a payments service (TracedShop, each in its own JVM) traced by
 * OpenTelemetry's Java agent from Maven Central, exporting OTLP/protobuf to Vigil's listener. Their requests
 * (fast, slow, failing; shop calling payments calling its database) become services, operations, dependencies
 * and kept traces.
 */
class ApmTracesTest {
    private static final Path AGENT = Path.of("target/otel/opentelemetry-javaagent.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Process> apps = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        apps.forEach(Process::destroyForcibly);
    }

    /** @param args the application's arguments, after the JVM's own ({@code -D…}) */
    private int launch(String service, int otlpPort, String token, String... args) throws Exception {
        List<String> jvm = List.of(args).stream().filter(a -> a.startsWith("-D")).toList();
        args = List.of(args).stream().filter(a -> !a.startsWith("-D")).toArray(String[]::new);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + AGENT.toAbsolutePath(), "-Dotel.service.name=" + service,
                "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + otlpPort,
                "-Dotel.exporter.otlp.headers=Authorization=Bearer%20" + token,
                "-Dotel.metric.export.interval=1000", "-Dotel.blrp.schedule.delay=200", "-Dotel.bsp.schedule.delay=200",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(jvm);
        command.addAll(List.of(TracedShop.class.getName(), service));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        apps.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("listening ")) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining the agent's output
                return Integer.parseInt(line.substring(10).trim());
            }
        }
        throw new IllegalStateException(service + " did not start");
    }

    private JsonNode get(RunningVigil v, String token, String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(v.base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode().put("status", r.statusCode());
    }

    @Test
    void anInstrumentedApplicationsRequestsBecomeServicesOperationsAndKeptTraces() throws Exception {
        assertThat(AGENT).as("the build copies OpenTelemetry's Java agent there").exists();
        try (RunningVigil v = new RunningVigil(dir, "apm: {otlp: {listen: 127.0.0.1:0}}\n");
             OtlpListener otlp = OtlpListener.of(v.vigil)) {
            int port = otlp.start("127.0.0.1", 0);
            String submit = v.vigil.tokens().create("otel", Tokens.Scope.SUBMIT, null).secret();
            String read = v.vigil.tokens().create("reader", Tokens.Scope.READ, null).secret();
            int payments = launch("payments", port, submit);
            int shop = launch("shop", port, submit, "-Dotel.resource.attributes=service.version=1.0.0", "http://127.0.0.1:" + payments);
            for (String mode : List.of("fast", "fast", "fast", "slow", "fail")) {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shop + "/checkout?mode=" + mode)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode services = get(v, read, "/api/v1/apm/services").path("services");
                assertThat(services.findValuesAsText("name")).contains("shop", "payments");
                JsonNode s = services.get(services.findValuesAsText("name").indexOf("shop"));
                assertThat(s.path("requests").asInt()).isEqualTo(5);
                assertThat(s.path("errorRate").asDouble()).isEqualTo(0.2);
                assertThat(s.path("p95").asDouble()).isGreaterThan(400); // the slow one
                assertThat(s.has("rate") && s.has("apdex")).isTrue();
            });
            // The shop's operation, its call to payments (known by the service that answered), payments' database.
            JsonNode shopOps = get(v, read, "/api/v1/apm/services/shop/operations");
            assertThat(shopOps.path("operations").findValuesAsText("name")).containsExactly("GET /checkout");
            assertThat(shopOps.path("dependencies").findValuesAsText("name")).contains("payments");
            assertThat(get(v, read, "/api/v1/apm/services/payments/operations").path("dependencies").findValuesAsText("name"))
                    .contains("sqlite");

            // The failing request was kept, with its spans across both services.
            JsonNode failed = get(v, read, "/api/v1/apm/traces?service=shop&error=true").path("traces");
            assertThat(failed).hasSize(1);
            String traceId = failed.get(0).path("traceId").asText();
            JsonNode trace = get(v, read, "/api/v1/apm/traces/" + traceId);
            assertThat(trace.path("traceId").asText()).isEqualTo(traceId);
            JsonNode spans = trace.path("spans");
            assertThat(spans.findValuesAsText("service")).contains("shop", "payments");
            for (JsonNode span : spans) {
                assertThat(span.fieldNames()).toIterable().contains("spanId", "parentSpanId", "name", "service", "start", "durationMs",
                        "status", "attributes");
            }
            assertThat(spans.findValuesAsText("status")).contains("ERROR");
            // The slow one is found by its duration.
            assertThat(get(v, read, "/api/v1/apm/traces?service=payments&minDuration=300ms").path("traces")).isNotEmpty();

            // The service map: the shop calls payments (a service), payments calls its database (a dependency).
            JsonNode calls = get(v, read, "/api/v1/apm/map").path("calls");
            assertThat(calls).anySatisfy(c -> assertThat(c.path("from").asText() + ">" + c.path("to").asText() + ":" + c.path("service"))
                    .isEqualTo("shop>payments:true"));
            assertThat(calls).anySatisfy(c -> assertThat(c.path("from").asText() + ">" + c.path("to").asText() + ":" + c.path("service"))
                    .isEqualTo("payments>sqlite:false"));

            // The agent's metrics came too (OTLP/protobuf, cumulative): a request-duration histogram per route, JVM gauges.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(v.vigil.metrics().store().series(null))
                    .extracting(i -> i.key().name())
                    .anySatisfy(n -> assertThat(n).startsWith("http.server.request.duration,").contains("http.route=/checkout").endsWith(".count"))
                    .anySatisfy(n -> assertThat(n).startsWith("jvm.memory.used,")));

            // The same on the dashboard, as a viewer sees it: the applications, the shop's page, the trace's waterfall.
            v.withUsers();
            WebDriver browser = Chromium.start(dir);
            try {
                Chromium.signIn(browser, v.base, "victor", RunningVigil.VIEWER_PASSWORD);
                browser.get(v.base + "/applications");
                assertThat(browser.findElement(By.tagName("main")).getText()).contains("payments").contains("shop").contains("20.0 %");
                browser.findElement(By.linkText("shop")).click();
                String shopPage = browser.findElement(By.tagName("main")).getText();
                assertThat(shopPage).contains("GET /checkout").contains("Dependencies").contains("payments").contains("Failed traces");
                browser.get(v.base + "/trace?id=" + traceId);
                assertThat(browser.findElements(By.cssSelector("table.waterfall tbody tr"))).hasSize(spans.size());
                assertThat(browser.findElements(By.cssSelector("table.waterfall rect.bar.error"))).isNotEmpty();
                assertThat(browser.findElement(By.tagName("main")).getText()).contains("payments").contains("GET /pay");
                // The shop's log line of that request came over OTLP logs with the trace id, and is shown with its trace.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    browser.navigate().refresh();
                    assertThat(browser.findElement(By.tagName("main")).getText()).contains("payment failed for a checkout: card declined")
                            .contains("trace_id=" + traceId);
                });
                browser.get(v.base + "/applications");
                assertThat(browser.findElements(By.cssSelector(".service-map .node"))).hasSize(3);
                assertThat(browser.findElements(By.cssSelector(".service-map a .node.service"))).hasSize(2);

                // A new version of the shop goes out: its traces say so, and the deploy is an event marked on its graphs.
                apps.get(1).destroy();
                apps.get(1).waitFor();
                int shop2 = launch("shop", port, submit, "-Dotel.resource.attributes=service.version=1.1.0", "http://127.0.0.1:" + payments);
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shop2 + "/checkout?mode=fast")).build(),
                        HttpResponse.BodyHandlers.discarding());
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(v, read, "/api/v1/events?host=shop"))
                        .anySatisfy(e -> {
                            assertThat(e.path("kind").asText()).isEqualTo("deploy");
                            assertThat(e.path("title").asText()).isEqualTo("shop deployed 1.1.0 (was 1.0.0)");
                        }));
                // The minute closes (here by hand, not to wait for the clock): its figures become series, and the shop's
                // page draws its latency with the deploy, each point a way to that minute's traces.
                java.time.Instant now = v.vigil.scheduler().clock().instant();
                v.vigil.apm().operations().close(now.plusSeconds(1));
                await().atMost(Duration.ofSeconds(20)).until(() -> v.vigil.metrics().store()
                        .info(new dev.vigil.metrics.SeriesKey("shop", "apm.p95")).isPresent());
                browser.get(v.base + "/application?name=shop");
                await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(browser.findElement(By.id("latency")).getAttribute("data-ready")));
                browser.findElement(By.cssSelector("#latency .u-over")).click();
                assertThat(browser.getCurrentUrl()).contains("/application?name=shop&minute=");
                assertThat(browser.findElement(By.tagName("main")).getText()).contains("Traces kept from");
                browser.get(v.base + "/application?name=shop&minute=" + failed.get(0).path("start").asText().transform(t ->
                        java.time.Instant.parse(t).getEpochSecond()));
                assertThat(browser.findElement(By.id("minute")).getText()).startsWith("Traces kept from");
                assertThat(browser.findElements(By.cssSelector("a[href='/trace?id=" + traceId + "']"))).isNotEmpty();
            } finally {
                browser.quit();
            }
        }
    }
}
