package dev.vigil.server.web;

import dev.vigil.server.RunningVigil;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in Debian's headless Chromium, driven by Selenium through Debian's chromedriver. */
class DashboardBrowserTest {
    @TempDir
    Path dir;

    private RunningVigil vigil;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        vigil = new RunningVigil(dir).withUsers();
        browser = dev.vigil.server.Chromium.start(dir);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        vigil.close();
    }

    /** Replaces an input's value (typing into a number field would append to its default). */
    private static void set(org.openqa.selenium.WebElement e, String value) {
        e.clear();
        e.sendKeys(value);
    }

    /** alice signs in, and the shop starts answering 502. */
    private void signInAsAdminWithTheShopFailing() {
        dev.vigil.server.Chromium.signIn(browser, vigil.base, "alice", RunningVigil.ADMIN_PASSWORD);
        vigil.targetStatus = 502;
    }

    private WebDriverWait waiting(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    @Test
    void signInSeeAFailingServiceAcknowledgeItAndSignOut() throws Exception {
        browser.get(vigil.base + "/");
        assertThat(browser.getCurrentUrl()).contains("/login");
        dev.vigil.server.Chromium.signIn(browser, vigil.base, "alice", RunningVigil.ADMIN_PASSWORD);
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("live")));
        assertThat(browser.getTitle()).startsWith("Overview");

        vigil.targetStatus = 502; // the shop starts answering 502
        By failing = By.cssSelector("#problems tr[data-host='shop'][data-service='web']");
        // The overview refreshes itself every 5 s; no reload here.
        waiting(30).until(ExpectedConditions.presenceOfElementLocated(failing));
        assertThat(browser.findElement(failing).getText()).contains("CRITICAL").contains("502");
        Path shot = Path.of("target", "overview.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844)); // a phone
        Files.write(Path.of("target", "overview-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat((Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth")).isLessThanOrEqualTo(420L);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

        browser.findElement(failing).findElement(By.name("comment")).sendKeys("restarting the app");
        browser.findElement(failing).findElement(By.cssSelector("button.ack")).click();
        By acknowledged = By.cssSelector("#acknowledged tr[data-host='shop'][data-service='web']");
        waiting(15).until(ExpectedConditions.presenceOfElementLocated(acknowledged));
        assertThat(browser.findElement(acknowledged).getText()).contains("acknowledged by alice: restarting the app");
        assertThat(browser.findElements(failing)).isEmpty();

        // An admin saves a log search as an alert rule; it is listed, can be opened, and deleted.
        browser.get(vigil.base + "/logs?q=" + java.net.URLEncoder.encode("status:502", java.nio.charset.StandardCharsets.UTF_8));
        browser.findElement(By.cssSelector("#save-search input[name=name]")).sendKeys("gateway errors");
        set(browser.findElement(By.cssSelector("#save-search input[name=threshold]")), "50");
        browser.findElement(By.cssSelector("#save-search button")).click();
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        assertThat(browser.findElement(By.id("saved")).getText()).contains("gateway errors").contains("status:502")
                .contains("alerts above 50 in 5m");
        assertThat(vigil.vigil.logs().savedSearches()).anySatisfy(s -> assertThat(s.threshold()).isEqualTo(50));
        browser.findElement(By.cssSelector("#saved form[action='/actions/delete-search'] button")).click();
        // The page is /logs before and after: wait for the deletion itself, not for the address.
        waiting(10).until(d -> vigil.vigil.logs().savedSearches().isEmpty());
        waiting(10).until(ExpectedConditions.urlContains("/logs"));

        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        waiting(10).until(ExpectedConditions.urlContains("/login"));
        browser.get(vigil.base + "/hosts");
        assertThat(browser.getCurrentUrl()).contains("/login");
    }

    @Test
    void theUpstreamPageShowsEveryProvidersStateAndOpenIncidentOnOneScreen() throws Exception {
        // The provider's status page, as Statuspage serves it: a minor outage with an incident being investigated.
        vigil.targetBody = java.nio.file.Files.readString(Path.of("../vigil-checks/src/test/resources/statuspage/degraded.json"));
        String url = "http://127.0.0.1:" + vigil.target.getAddress().getPort() + "/api/v2/summary.json";
        vigil.vigil.liveConfig().registerByConfig(new dev.vigil.checks.config.Registrations.Registration(
                dev.vigil.checks.config.Registrations.Kind.SERVICE, "shop", "github", java.util.Map.of("name", "github", "host", "shop",
                "type", "statuspage", "url", url, "interval", "1s")));
        signInAsAdminWithTheShopFailing();
        vigil.targetStatus = 200;
        browser.get(vigil.base + "/upstream");
        By row = By.xpath("//tr[td[@data-label='Provider']/a[text()='github']]");
        waiting(30).until(d -> !d.findElements(row).isEmpty() && d.findElement(row).getText().contains("WARNING"));
        assertThat(browser.findElement(row).getText()).contains("Minor Service Outage (indicator minor)")
                .contains("incident: Disruption with some GitHub services (investigating)");
        Files.write(Path.of("target", "upstream.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Files.write(Path.of("target", "upstream-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat((Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth")).isLessThanOrEqualTo(420L);
    }

    @Test
    void anAdminMakesAJoinTokenSeesItOnceAndRevokesAnAgentAfterConfirming() throws Exception {
        signInAsAdminWithTheShopFailing();
        browser.get(vigil.base + "/agents");
        browser.findElement(By.cssSelector("#new-token input[name=labels]")).sendKeys("role=web");
        browser.findElement(By.cssSelector("#new-token button")).click();
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("created-token")));
        String token = browser.findElement(By.cssSelector("#created-token pre code")).getText();
        assertThat(token).startsWith("vigil_join_");
        assertThat(browser.findElement(By.id("join-tokens")).getText()).contains("role=web").doesNotContain(token);
        // The token enrolls (as an agent's join does), and the agent shows; reloading never shows the token again.
        vigil.vigil.agents().store().enroll(token, "agent-test", "web9", java.util.Map.of(), () -> "PEM", "{}");
        browser.get(vigil.base + "/agents");
        assertThat(browser.getPageSource()).doesNotContain(token);
        assertThat(browser.findElement(By.id("agents")).getText()).contains("web9").contains("role=web");
        browser.findElement(By.cssSelector("form[action='/actions/agent-revoke'] button")).click();
        browser.switchTo().alert().dismiss(); // asked first; dismissed, nothing happens
        assertThat(vigil.vigil.agents().store().agent("agent-test").orElseThrow().revoked()).isFalse();
        browser.findElement(By.cssSelector("form[action='/actions/agent-revoke'] button")).click();
        browser.switchTo().alert().accept();
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("agents"), "revoked"));
        assertThat(vigil.vigil.agents().store().agent("agent-test").orElseThrow().revoked()).isTrue();
    }

    @Test
    void anAdminsOverviewWithAProblemListedKeepsRefreshing() {
        signInAsAdminWithTheShopFailing();
        By failing = By.cssSelector("#problems tr[data-host='shop'][data-service='web'] button.ack");
        waiting(30).until(ExpectedConditions.presenceOfElementLocated(failing));
        var js = (org.openqa.selenium.JavascriptExecutor) browser;
        js.executeScript("window.swaps = 0; window.swapErrors = 0;"
                + "document.body.addEventListener('htmx:afterSettle', () => window.swaps++);"
                + "document.body.addEventListener('htmx:swapError', () => window.swapErrors++);"
                + "document.body.addEventListener('htmx:oobErrorNoTarget', () => window.swapErrors++);");
        // Three refreshes in a row with the admin's acknowledge form on the page (it used to die at the first).
        waiting(30).until(d -> ((Number) js.executeScript("return window.swaps")).intValue() >= 3);
        assertThat(((Number) js.executeScript("return window.swapErrors")).intValue()).isZero();
        assertThat(browser.findElement(failing).isDisplayed()).isTrue();
    }

    @Test
    void everyPageFitsAPhoneWithAProblemListed() {
        signInAsAdminWithTheShopFailing();
        waiting(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#problems button.ack")));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        var js = (org.openqa.selenium.JavascriptExecutor) browser;
        for (String page : java.util.List.of("/", "/hosts", "/events", "/logs?q=*", "/integrity", "/silences", "/notifications",
                "/service?host=shop&name=web")) {
            browser.get(vigil.base + page);
            long width = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
            long screen = ((Number) js.executeScript("return window.innerWidth")).longValue();
            assertThat(width).as("document width of %s at %d px", page, screen).isLessThanOrEqualTo(screen);
        }
        browser.get(vigil.base + "/");
        assertThat(browser.findElement(By.cssSelector("#problems button.ack")).isDisplayed()).isTrue();
    }

    @Test
    void serviceDetailShowsTheTimelineAndAViewerGetsNoActions() {
        vigil.targetStatus = 503;
        dev.vigil.server.Chromium.signIn(browser, vigil.base, "victor", RunningVigil.VIEWER_PASSWORD);
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("live")));
        browser.get(vigil.base + "/service?host=shop&name=web");
        waiting(30).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".timeline"),
                "web on shop is CRITICAL"));
        assertThat(browser.findElements(By.cssSelector("form[action^='/actions/']"))).isEmpty();

        // The host's graphs: interactive panels grouped by kind, drawn from the metric store.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                vigil.vigil.metrics().store().series("shop").size() > 5);
        browser.get(vigil.base + "/host?name=shop&range=1h");
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".panel-group h3")));
        assertThat(browser.findElements(By.cssSelector(".panel-group h3")).stream().map(e -> e.getText()).toList())
                .contains("Load", "CPU", "Memory", "Services");
        // Every panel ends drawn (a canvas) or saying it is still collecting, never stuck or broken.
        waiting(20).until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return Array.from(document.querySelectorAll('.chart.mini')).every(c => c.dataset.ready === 'true'"
                        + " || c.querySelector('.collecting') !== null)"));
        assertThat(browser.findElements(By.cssSelector(".chart.mini canvas"))).isNotEmpty();
        try {
            Files.write(Path.of("target", "host-graphs.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }

        // A series page: zoomable uPlot chart with the host's events as markers.
        browser.get(vigil.base + "/series?host=shop&name=web.time&range=day");
        waiting(15).until(ExpectedConditions.attributeToBe(By.id("chart"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("markers")).getText()).contains("web on shop is CRITICAL");
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        try {
            Files.write(Path.of("target", "series.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }

        // The log search page: the query box, the total, and a histogram.
        browser.get(vigil.base + "/logs?q=" + java.net.URLEncoder.encode("nothing-matches-this", java.nio.charset.StandardCharsets.UTF_8));
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("total")));
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("0");
        assertThat(browser.findElements(By.cssSelector(".histogram rect"))).hasSize(60);
        browser.get(vigil.base + "/logs?q=" + java.net.URLEncoder.encode("url:(broken", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(browser.findElement(By.cssSelector("p.error")).getText()).startsWith("invalid query:");

        // The integrity page says when integrity checking is off and how to turn it on.
        browser.get(vigil.base + "/integrity");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("File integrity is off");

        // Beside a local series, the busiest processes at its peak: who made the spike.
        browser.get(vigil.base + "/series?host=shop&name=load.1min&range=day");
        waiting(15).until(ExpectedConditions.attributeToBe(By.id("chart"), "data-ready", "true"));
        waiting(10).until(d -> d.findElement(By.id("processes")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#processes-rows tr"))).isNotEmpty();
    }
}
