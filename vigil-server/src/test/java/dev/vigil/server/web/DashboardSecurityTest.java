package dev.vigil.server.web;

import dev.vigil.core.event.EventKind;
import dev.vigil.server.RunningVigil;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may see and do what on the dashboard, over real HTTP. */
class DashboardSecurityTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final List<String> PAGES = List.of("/", "/hosts", "/host?name=shop", "/service?host=shop&name=web",
            "/events", "/silences", "/notifications", "/graph?host=shop&name=load.1min", "/threats", "/incidents",
            "/series?host=shop&name=load.1min", "/series-data?host=shop&name=load.1min", "/applications");
    private static final List<String> ACTIONS = List.of("/actions/recheck", "/actions/acknowledge",
            "/actions/unacknowledge", "/actions/downtime", "/actions/remove", "/actions/silence", "/actions/unsilence",
            "/actions/test-receiver", "/actions/acknowledge-event", "/actions/cancel-downtime", "/actions/threats-triage",
            "/actions/incident");

    @TempDir
    Path dir;

    private RunningVigil vigil;

    @BeforeEach
    void start() throws Exception {
        vigil = new RunningVigil(dir);
    }

    @AfterEach
    void stop() {
        vigil.close();
    }

    /** A browser-like client: keeps cookies, does not follow redirects. */
    private final class Browser {
        final HttpClient client;
        String csrf;

        Browser() {
            this("127.0.0.1");
        }

        /** A browser on another machine: the connection comes from {@code address} (any 127.x works on loopback). */
        Browser(String address) {
            try {
                client = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                        .localAddress(java.net.InetAddress.getByName(address)).build();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }

        HttpResponse<String> get(String path) throws Exception {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(vigil.base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return client.send(HttpRequest.newBuilder(URI.create(vigil.base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> signIn(String user, String password) throws Exception {
            get("/login");
            return post("/login", Map.of("username", user, "password", password, "csrf", csrf, "next", "/"));
        }

    }

    @Test
    void anonymousCallersAreSentToSignInOrRefused() throws Exception {
        vigil.withUsers();
        Browser anonymous = new Browser();
        for (String page : PAGES) {
            HttpResponse<String> r = anonymous.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(r.headers().firstValue("Location").orElseThrow()).as(page).startsWith("/login");
        }
        for (String action : ACTIONS) {
            assertThat(anonymous.post(action, Map.of("host", "shop", "service", "web")).statusCode()).as(action).isEqualTo(403);
        }
        assertThat(anonymous.get("/api/v1/services").statusCode()).isEqualTo(401);
    }

    @Test
    void signInNeedsItsCsrfTokenAndGetsAFreshSessionId() throws Exception {
        vigil.withUsers();
        Browser b = new Browser();
        b.get("/login");
        HttpResponse<String> noToken = b.post("/login", Map.of("username", "alice", "password", RunningVigil.ADMIN_PASSWORD));
        assertThat(noToken.statusCode()).isEqualTo(403);

        // A session id planted before sign-in must not become the signed-in session.
        ((CookieManager) b.client.cookieHandler().orElseThrow()).getCookieStore().add(URI.create(vigil.base),
                new java.net.HttpCookie("vigil_session", "planted-by-attacker"));
        HttpResponse<String> ok = b.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        assertThat(ok.statusCode()).isEqualTo(303);
        String session = ok.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("vigil_session="))
                .findFirst().orElseThrow().replaceAll("^vigil_session=([^;]*).*$", "$1");
        assertThat(session).isNotEqualTo("planted-by-attacker").hasSizeGreaterThan(30);
        assertThat(ok.headers().allValues("Set-Cookie")).anySatisfy(c ->
                assertThat(c).startsWith("vigil_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict"));
        assertThat(b.get("/").body()).contains("id=\"problems\"");
    }

    @Test
    void formsWithoutTheSessionCsrfTokenAreRefused() throws Exception {
        vigil.withUsers();
        Browser b = new Browser();
        b.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        b.get("/");
        assertThat(b.post("/actions/recheck", Map.of("host", "shop", "service", "web")).statusCode()).isEqualTo(403);
        assertThat(b.post("/actions/recheck", Map.of("host", "shop", "service", "web", "csrf", "forged")).statusCode())
                .isEqualTo(403);
        assertThat(b.post("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(b.post("/actions/recheck", Map.of("host", "shop", "service", "web", "csrf", b.csrf, "back", "/"))
                .statusCode()).isEqualTo(303);
    }

    @Test
    void aViewerSeesEverythingButCannotAct() throws Exception {
        vigil.withUsers();
        Browser viewer = new Browser();
        viewer.signIn("victor", RunningVigil.VIEWER_PASSWORD);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                vigil.vigil.metrics().store().info(new dev.vigil.metrics.SeriesKey("shop", "load.1min")).isPresent());
        for (String page : PAGES) {
            assertThat(viewer.get(page).statusCode()).as(page).isEqualTo(200);
        }
        for (String action : ACTIONS) {
            HttpResponse<String> r = viewer.post(action, Map.of("host", "shop", "service", "web", "csrf", viewer.csrf,
                    "comment", "x"));
            assertThat(r.statusCode()).as(action).isEqualTo(403);
            assertThat(r.body()).contains("Only admins");
        }
        assertThat(vigil.vigil.engine().status(dev.vigil.checks.Target.service("shop", "web")).orElseThrow()
                .acknowledgement()).isNull();
    }

    @Test
    void repeatedWrongPasswordsAreRateLimited() throws Exception {
        vigil.withUsers();
        Browser attacker = new Browser();
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(attacker.signIn("alice", "wrong password " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = attacker.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(blocked.body()).contains("Too many failed sign-ins");
    }

    @Test
    void wrongPasswordsFromOneAddressDoNotLockTheUserOutElsewhere() throws Exception {
        vigil.withUsers();
        Browser attacker = new Browser("127.0.0.1");
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(attacker.signIn("alice", "wrong password " + i).statusCode()).isEqualTo(401);
        }
        assertThat(attacker.signIn("alice", RunningVigil.ADMIN_PASSWORD).statusCode()).isEqualTo(429);
        // alice, at her own desk, is not locked out by someone else's guesses.
        assertThat(new Browser("127.0.0.2").signIn("alice", RunningVigil.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        // And the attacker's count survives a restart.
        vigil.restart();
        assertThat(new Browser("127.0.0.1").signIn("alice", RunningVigil.ADMIN_PASSWORD).statusCode()).isEqualTo(429);
    }

    @Test
    void removingAUserOrChangingAPasswordFromTheCommandLineEndsTheirSessionsAtOnce() throws Exception {
        vigil.withUsers();
        Browser alice = new Browser();
        Browser victor = new Browser();
        assertThat(alice.signIn("alice", RunningVigil.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        assertThat(victor.signIn("victor", RunningVigil.VIEWER_PASSWORD).statusCode()).isEqualTo(303);
        assertThat(alice.get("/").statusCode()).isEqualTo(200);
        assertThat(victor.get("/").statusCode()).isEqualTo(200);
        String data = dir.resolve("data").toString();

        // The CLI changes the same database from another process in real life; here from the same JVM.
        assertThat(dev.vigil.server.Main.run("user", "remove", "victor", "--data", data)).isZero();
        HttpResponse<String> gone = victor.get("/");
        assertThat(gone.statusCode()).isEqualTo(303);
        assertThat(gone.headers().firstValue("Location").orElseThrow()).startsWith("/login");

        java.io.InputStream in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("a brand new password\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(dev.vigil.server.Main.run("user", "passwd", "alice", "--data", data)).isZero();
        } finally {
            System.setIn(in);
        }
        assertThat(alice.get("/").statusCode()).isEqualTo(303);
        assertThat(alice.signIn("alice", "a brand new password").statusCode()).isEqualTo(303);
        assertThat(alice.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void afterSignInOnlyAPathOnThisSiteIsFollowed() throws Exception {
        vigil.withUsers();
        for (String next : List.of("/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/",
                "/%09/evil.example", " /x", "/\n/evil.example")) {
            Browser b = new Browser();
            b.get("/login");
            HttpResponse<String> r = b.post("/login", Map.of("username", "alice", "password", RunningVigil.ADMIN_PASSWORD,
                    "csrf", b.csrf, "next", next));
            assertThat(r.statusCode()).as(next).isEqualTo(303);
            assertThat(r.headers().firstValue("Location").orElseThrow()).as(next).isEqualTo("/");
        }
        Browser b = new Browser();
        b.get("/login");
        HttpResponse<String> r = b.post("/login", Map.of("username", "alice", "password", RunningVigil.ADMIN_PASSWORD,
                "csrf", b.csrf, "next", "/logs?q=rule%3A100+AND+host%3Ashop"));
        assertThat(r.headers().firstValue("Location").orElseThrow()).isEqualTo("/logs?q=rule%3A100+AND+host%3Ashop");
        assertThat(Pages.safeNext("/\t/evil.example")).isEqualTo("/");
    }

    @Test
    void problemsFromLogsIntegrityAndAuditAreListedCountedAndAcknowledgeable() throws Exception {
        vigil.withUsers();
        java.time.Instant now = java.time.Instant.now();
        String ssh = dev.vigil.core.event.Event.fingerprint("logs", "web7", "5720", "192.0.2.7");
        vigil.vigil.events().append(List.of(
                new dev.vigil.core.event.Event(now, "web7", "logs", EventKind.PROBLEM, dev.vigil.core.event.Severity.CRITICAL,
                        "SSH login from a brute-forcing address (192.0.2.7) on web7", "", ssh, List.of(), null),
                new dev.vigil.core.event.Event(now, "shop", "integrity", EventKind.PROBLEM, dev.vigil.core.event.Severity.WARNING,
                        "/etc/sudoers.d/eve added on shop", "", "fp-integrity", List.of(), null),
                new dev.vigil.core.event.Event(now, "shop", "audit", EventKind.PROBLEM, dev.vigil.core.event.Severity.CRITICAL,
                        "web-root-777: /var/www/shop/tmp on shop", "", "fp-audit", List.of(), null),
                new dev.vigil.core.event.Event(now, "shop", "audit", EventKind.PROBLEM, dev.vigil.core.event.Severity.WARNING,
                        "sshd: PasswordAuthentication yes on shop", "", "fp-fixed", List.of(), null),
                new dev.vigil.core.event.Event(now.plusMillis(1), "shop", "audit", EventKind.RECOVERY, dev.vigil.core.event.Severity.OK,
                        "sshd: fixed", "", "fp-fixed", List.of(), null)));
        Browser alice = new Browser();
        alice.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        String page = alice.get("/").body();
        String problems = page.substring(page.indexOf("id=\"problems\""), page.indexOf("Hosts at a glance"));
        assertThat(problems).contains("SSH login from a brute-forcing address").contains("/etc/sudoers.d/eve added")
                .contains("web-root-777: /var/www/shop/tmp").doesNotContain("PasswordAuthentication");
        assertThat(page).doesNotContain("No unhandled problems").contains("Logs, integrity, audit");
        // The host known only from its logs is a host at a glance.
        assertThat(page.substring(page.indexOf("Hosts at a glance"))).contains(">web7<");

        HttpResponse<String> ack = alice.post("/actions/acknowledge-event", Map.of("csrf", alice.csrf, "fingerprint", ssh,
                "comment", "on it", "back", "/"));
        assertThat(ack.statusCode()).isEqualTo(303);
        page = alice.get("/").body();
        String acknowledged = page.substring(page.indexOf("id=\"acknowledged\""), page.indexOf("Hosts at a glance"));
        assertThat(acknowledged).contains("SSH login from a brute-forcing address").contains("acknowledged by alice: on it");
        assertThat(alice.post("/actions/acknowledge-event", Map.of("csrf", alice.csrf, "fingerprint", "fp-fixed")).statusCode())
                .isEqualTo(400);
        // The events page filters by every source and host that has events.
        String events = alice.get("/events").body();
        assertThat(events).contains("<option value=\"logs\"").contains("<option value=\"audit\"")
                .contains("<option value=\"integrity\"").contains("<option value=\"web7\"");
        Browser victor = new Browser();
        victor.signIn("victor", RunningVigil.VIEWER_PASSWORD);
        assertThat(victor.post("/actions/acknowledge-event", Map.of("csrf", victor.csrf, "fingerprint", "fp-audit")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aSilencedProblemSaysUntilWhenAndByWhom() throws Exception {
        vigil.withUsers();
        Browser alice = new Browser();
        alice.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        vigil.targetStatus = 502;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                alice.get("/").body().contains("data-service=\"web\""));
        alice.get("/");
        assertThat(alice.post("/actions/silence", Map.of("csrf", alice.csrf, "host", "shop", "service", "web", "duration", "2h",
                "back", "/")).statusCode()).isEqualTo(303);
        assertThat(alice.get("/?done=silence").body()).contains("class=\"notice\"").contains("Silenced:");
        String row = alice.get("/").body();
        row = row.substring(row.indexOf("data-service=\"web\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("silenced until").contains("by alice");
    }

    @Test
    void aHostInDowntimeSaysSoAndItsPageListsTheDowntimeWithACancelButton() throws Exception {
        vigil.withUsers();
        Browser alice = new Browser();
        alice.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        alice.get("/host?name=shop");
        assertThat(alice.post("/actions/downtime", Map.of("csrf", alice.csrf, "host", "shop", "duration", "1h",
                "comment", "disk swap", "back", "/host?name=shop")).statusCode()).isEqualTo(303);
        assertThat(alice.get("/hosts").body()).contains("In downtime until");
        String page = alice.get("/host?name=shop").body();
        assertThat(page).contains("id=\"downtimes\"").contains("host and its services").contains("disk swap")
                .contains("/actions/cancel-downtime");
        String id = page.replaceAll("(?s).*name=\"id\" value=\"([^\"]+)\".*", "$1");
        assertThat(alice.post("/actions/cancel-downtime", Map.of("csrf", alice.csrf, "id", id, "back", "/host?name=shop"))
                .statusCode()).isEqualTo(303);
        assertThat(alice.get("/host?name=shop").body()).doesNotContain("id=\"downtimes\"");
        assertThat(alice.get("/hosts").body()).doesNotContain("In downtime until");
    }

    @Test
    void aSeriesGraphShowsItsOwnAlertsAndTheHostsOtherEventsButNotOtherSeriesAlerts() throws Exception {
        vigil.withUsers();
        Browser alice = new Browser();
        alice.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                alice.get("/series-data?host=shop&name=load.1min").statusCode() == 200);
        java.time.Instant now = java.time.Instant.now();
        vigil.vigil.events().append(List.of(
                new dev.vigil.core.event.Event(now, "shop", "metric", EventKind.PROBLEM, dev.vigil.core.event.Severity.WARNING,
                        "load high", "", "f1", List.of(), null, Map.of("series", "load.1min")),
                new dev.vigil.core.event.Event(now, "shop", "metric", EventKind.PROBLEM, dev.vigil.core.event.Severity.WARNING,
                        "disk filling", "", "f2", List.of(), null, Map.of("series", "disk./.percent")),
                new dev.vigil.core.event.Event(now, "shop", "logs", EventKind.PROBLEM, dev.vigil.core.event.Severity.WARNING,
                        "502 burst", "", "f3", List.of(), null)));
        String data = alice.get("/series-data?host=shop&name=load.1min").body();
        assertThat(data).contains("load high").contains("502 burst").doesNotContain("disk filling");
    }

    @Test
    void aServicePageShowsUptimeOverWindowsAStripOfHoursAndItsOwnGraphs() throws Exception {
        vigil.withUsers();
        Browser alice = new Browser();
        alice.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        var web = dev.vigil.checks.Target.service("shop", "web");
        var results = vigil.vigil.results();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                results.results(web, java.time.Instant.EPOCH, 10).size() >= 3); // a few OK results (every second)
        vigil.targetStatus = 502;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                results.results(web, java.time.Instant.EPOCH, 3).stream().allMatch(r -> !r.state().equals("OK"))); // and a few failed ones
        String page = alice.get("/service?host=shop&name=web").body();
        String uptime = page.substring(page.indexOf("<h2>Uptime</h2>"), page.indexOf("<h2>State changes</h2>"));
        java.util.regex.Matcher day = java.util.regex.Pattern.compile("<dt>24 h</dt><dd>([0-9.]+) %</dd>").matcher(uptime);
        assertThat(day.find()).as(uptime).isTrue();
        assertThat(Double.parseDouble(day.group(1))).isStrictlyBetween(0.0, 100.0);
        assertThat(uptime).contains("class=\"bar critical\"").contains("class=\"bar none\"");
        assertThat(page).contains("Graphs of this service").contains("name=web.time");
    }

    @Test
    void aMachineMeasurementIsOneSeriesWithTheServicesThresholdsAndStaleSeriesAreHiddenAndRemovable() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("conf.d"));
        java.nio.file.Files.writeString(dir.resolve("conf.d/local.yml"), """
                services:
                  - {name: load, host: shop, type: system, metric: load, warning: '50,50,50', critical: '90,90,90', interval: 1s}
                  - {name: 'disk /', host: shop, type: system, metric: disk, mount: /, warning: '85', critical: '95', interval: 1s}
                """);
        vigil.restart();
        vigil.withUsers();
        var metrics = vigil.vigil.metrics().store();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(metrics.info(new dev.vigil.metrics.SeriesKey("shop", "load.1min"))).get()
                    .satisfies(i -> assertThat(List.of(i.warning(), i.critical(), i.source())).containsExactly(50.0, 90.0, "local"));
            assertThat(metrics.info(new dev.vigil.metrics.SeriesKey("shop", "disk./.percent"))).get()
                    .satisfies(i -> assertThat(List.of(i.warning(), i.critical())).containsExactly(85.0, 95.0));
        });
        assertThat(metrics.series("shop")).extracting(i -> i.key().name())
                .noneMatch(n -> n.startsWith("load.load") || n.startsWith("disk /"));
        Browser alice = new Browser();
        alice.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        assertThat(alice.get("/service?host=shop&name=load").body()).contains("name=load.1min");
        assertThat(alice.get("/service?host=shop&name=disk+%2F").body()).contains("name=disk.%2F.percent");

        // A removed service's series: hidden from the graphs, listed with a Remove button.
        var gone = new dev.vigil.metrics.SeriesKey("shop", "oldservice.time");
        metrics.record(dev.vigil.metrics.SeriesInfo.of(gone, "s", "perfdata"), java.time.Instant.now().minus(java.time.Duration.ofDays(3)), 1);
        String page = alice.get("/host?name=shop").body();
        assertThat(page).contains("Series without data for two days").contains("/actions/remove-series")
                .doesNotContain("data-name=\"oldservice.time\"");
        assertThat(alice.post("/actions/remove-series", Map.of("csrf", alice.csrf, "host", "shop", "name", "oldservice.time",
                "back", "/host?name=shop")).statusCode()).isEqualTo(303);
        assertThat(metrics.info(gone)).isEmpty();
        assertThat(alice.get("/host?name=shop").body()).doesNotContain("oldservice.time");
    }

    @Test
    void eachRowOfTheHostsPageHasAStripOfTheLast24Hours() throws Exception {
        vigil.withUsers();
        Browser victor = new Browser();
        victor.signIn("victor", RunningVigil.VIEWER_PASSWORD);
        vigil.targetStatus = 502; // the web check fails from the start: this hour's bar is not all OK
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> vigil.vigil.results()
                .results(dev.vigil.checks.Target.service("shop", "web"), java.time.Instant.EPOCH, 10).size() >= 2);
        String page = victor.get("/hosts").body();
        java.util.regex.Matcher strip = java.util.regex.Pattern.compile("(?s)<div class=\"uptime-bars compact\"[^>]*>(.*?)</div>")
                .matcher(page);
        assertThat(strip.find()).as(page).isTrue();
        List<String> bars = List.of(strip.group(1).split("</span>"));
        assertThat(bars).hasSize(25);
        assertThat(bars.get(24)).containsPattern("class=\"bar (critical|warning)\"").containsPattern("\\d+ of \\d+ OK");
        assertThat(bars.get(0)).contains("class=\"bar none\"").contains("no results");
    }

    @Test
    void unconfirmedProblemsAreCountedWithAHint() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("conf.d"));
        java.nio.file.Files.writeString(dir.resolve("conf.d/flaky.yml"), "services:\n  - {name: flaky, host: shop, type: http, "
                + "url: 'http://127.0.0.1:1/', interval: 1s, retry_interval: 1h, max_attempts: 5}\n");
        vigil.restart();
        vigil.withUsers();
        Browser alice = new Browser();
        alice.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                alice.get("/").body().contains("(1 soft)"));
        assertThat(alice.get("/").body()).contains("1 of them not confirmed yet (SOFT");
    }

    @Test
    void recheckNowSaysItWasScheduled() throws Exception {
        vigil.withUsers();
        Browser alice = new Browser();
        alice.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        alice.get("/service?host=shop&name=web");
        HttpResponse<String> r = alice.post("/actions/recheck", Map.of("csrf", alice.csrf, "host", "shop", "service", "web",
                "back", "/service?host=shop&name=web"));
        assertThat(r.statusCode()).isEqualTo(303);
        String back = r.headers().firstValue("Location").orElseThrow();
        assertThat(back).isEqualTo("/service?host=shop&name=web&done=recheck");
        assertThat(alice.get(back).body()).contains("Recheck scheduled");
        assertThat(alice.get("/service?host=shop&name=web").body()).doesNotContain("Recheck scheduled");
    }

    @Test
    void theFaviconIsThereForEveryone() throws Exception {
        HttpResponse<String> icon = new Browser().get("/favicon.ico");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(icon.body()).startsWith("<svg");
    }

    @Test
    void aSetupLinkDoesNotComeBackToLifeWhenEveryUserIsRemoved() throws Exception {
        String link = vigil.http.site().setupLink().orElseThrow();
        vigil.vigil.users().add("temp", dev.vigil.core.access.Users.Role.ADMIN, "a long admin pass".toCharArray());
        vigil.vigil.users().remove("temp"); // done from the CLI, unseen by the server in between
        assertThat(vigil.vigil.users().isEmpty()).isTrue();
        assertThat(new Browser().get(link).statusCode()).isEqualTo(404);
        assertThat(vigil.http.site().setupLink()).isEmpty();
        assertThat(new Browser().get("/login").body()).contains("vigil user add");
    }

    @Test
    void firstStartOffersAOneTimeSetupLinkInsteadOfADefaultPassword() throws Exception {
        String link = vigil.http.site().setupLink().orElseThrow();
        Browser b = new Browser();
        assertThat(b.get("/setup?token=wrong").statusCode()).isEqualTo(404);
        assertThat(b.get(link).statusCode()).isEqualTo(200);
        String token = link.substring(link.indexOf('=') + 1);
        HttpResponse<String> created = b.post("/setup", Map.of("csrf", b.csrf, "token", token, "username", "root",
                "password", "a long admin pass", "repeat", "a long admin pass"));
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(b.get("/").statusCode()).isEqualTo(200);
        assertThat(vigil.http.site().setupLink()).isEmpty();
        assertThat(new Browser().get(link).statusCode()).isEqualTo(404);
    }

    @Test
    void errorPagesShowAnIncidentIdAndNothingInternal() throws Exception {
        vigil.withUsers();
        Browser b = new Browser();
        b.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        assertThat(b.get("/host?name=nope").statusCode()).isEqualTo(404);
        vigil.vigil.close(); // the database goes away under the running server
        HttpResponse<String> broken = b.get("/service?host=shop&name=web");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("Incident id").doesNotContain("Exception").doesNotContain("SQL")
                .doesNotContain(dir.toString()).doesNotContain("at dev.vigil");
    }

    @Test
    void everyApiRouteRefusesCallersWithoutABearerTokenEvenWhenSignedIn() throws Exception {
        vigil.withUsers();
        Browser b = new Browser();
        b.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        List<String[]> routes = List.of(
                new String[] {"GET", "/api/v1/hosts"}, new String[] {"POST", "/api/v1/hosts"},
                new String[] {"DELETE", "/api/v1/hosts?name=shop"}, new String[] {"GET", "/api/v1/services"},
                new String[] {"POST", "/api/v1/services"}, new String[] {"DELETE", "/api/v1/services?host=shop&service=web"},
                new String[] {"GET", "/api/v1/results?host=shop&service=web"}, new String[] {"POST", "/api/v1/results"},
                new String[] {"GET", "/api/v1/events"}, new String[] {"GET", "/api/v1/downtimes"},
                new String[] {"POST", "/api/v1/downtimes"}, new String[] {"DELETE", "/api/v1/downtimes/x"},
                new String[] {"POST", "/api/v1/acknowledgements"}, new String[] {"DELETE", "/api/v1/acknowledgements?host=shop"},
                new String[] {"POST", "/api/v1/checks"}, new String[] {"POST", "/api/v1/reload"},
                new String[] {"GET", "/api/v1/silences"}, new String[] {"POST", "/api/v1/silences"},
                new String[] {"DELETE", "/api/v1/silences/x"}, new String[] {"GET", "/api/v1/notifications"},
                new String[] {"GET", "/api/v1/receivers"}, new String[] {"POST", "/api/v1/receivers/x/test"});
        for (String[] route : routes) {
            // The browser's session cookie is sent along, and must not count: the API takes bearer tokens only,
            // so a page on another site cannot drive it through a signed-in browser.
            HttpResponse<String> r = b.client.send(HttpRequest.newBuilder(URI.create(vigil.base + route[1]))
                    .method(route[0], HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
        }
    }

    @Test
    void eventsCanBeFilteredByTime() throws Exception {
        vigil.withUsers();
        Browser b = new Browser();
        b.signIn("alice", RunningVigil.ADMIN_PASSWORD);
        assertThat(b.get("/events?since=1h&severity=CRITICAL&host=shop").statusCode()).isEqualTo(200);
        assertThat(b.get("/events?since=bogus").statusCode()).isEqualTo(200);
    }
}
