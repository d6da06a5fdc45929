package dev.vigil.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.access.Users;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.incidents.Incident;
import dev.vigil.server.Main;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.config.LiveConfig;
import dev.vigil.server.http.HttpServer;
import dev.vigil.server.web.Pages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code vigil demo --check} end to end, as the acceptance runs it, then the incident page of its security incident
 * in Debian's Chromium on the data it left.
 */
class DemoTest {
    @TempDir
    static Path dir;

    private static int exit;
    private static String printed;

    @BeforeAll
    static void replay() {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            exit = Main.run("demo", "--check", "--data", dir.resolve("demo-data").toString());
        } finally {
            System.setOut(out);
        }
        printed = buf.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
    }

    @Test
    void everyStepIsCaughtOnceAndInTimeWithItsIncident() {
        assertThat(exit).as(printed).isZero();
        List<String> steps = printed.lines().filter(l -> l.startsWith("step ") && !l.startsWith("step   verdict")).toList();
        assertThat(steps).hasSize(7).allSatisfy(l -> assertThat(l).matches("step \\d +caught +#\\d+ .*"));
        // Steps 4, 6 and 7 are one security incident; 1 and 2 one recurring incident.
        assertThat(incidentOf(steps.get(3))).isEqualTo(incidentOf(steps.get(5))).isEqualTo(incidentOf(steps.get(6)));
        assertThat(incidentOf(steps.get(0))).isEqualTo(incidentOf(steps.get(1))).isNotEqualTo(incidentOf(steps.get(3)));
        assertThat(printed).containsPattern("\\d+ events, \\d+ incidents, \\d+ notifications");
    }

    @Test
    void aDirectoryTheDemoDidNotMakeIsNeverReplaced() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("not-a-demo"));
        Files.writeString(foreign.resolve("precious.txt"), "keep me");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Demo.run(foreign, true, "127.0.0.1:0", new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("was not made by vigil demo");
        assertThat(Files.readString(foreign.resolve("precious.txt"))).isEqualTo("keep me");
    }

    private static long incidentOf(String line) {
        Matcher m = Pattern.compile("#(\\d+)").matcher(line);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void theSecurityIncidentPageShowsItsTimelineGraphsLogLinesAndLinksInABrowser() throws Exception {
        assertThat(exit).isZero();
        Path data = dir.resolve("demo-data");
        ConfigFiles files = new ConfigFiles(data.resolve("vigil.yml"), "vigil.yml");
        SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
        var workers = SystemScheduler.workers();
        try (Vigil vigil = new Vigil(files, LiveConfig.load(files, InstantSource.system(), 8080, List.of(), List.of()), scheduler, workers,
                new Random(), Vigil.Machine.replayed(data.resolve("web1")))) {
            vigil.users().add("ann", Users.Role.ADMIN, "ann password 1".toCharArray());
            vigil.start();
            HttpServer http = new HttpServer(vigil, null, new Pages(vigil, false));
            String base = "http://127.0.0.1:" + http.start("127.0.0.1", 0);
            Incident security = vigil.incidents().list(null, 100).stream().filter(i -> i.kind() == Incident.Kind.SECURITY).findFirst()
                    .orElseThrow();
            WebDriver browser = dev.vigil.server.Chromium.start(data);
            try {
                browser.get(base + "/login");
                browser.findElement(By.id("username")).sendKeys("ann");
                browser.findElement(By.id("password")).sendKeys("ann password 1");
                browser.findElement(By.cssSelector("button[type=submit]")).click();
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("live")));
                browser.get(base + "/incidents/" + security.id());
                WebElement timeline = browser.findElement(By.id("timeline"));
                assertThat(timeline.getText()).contains("Error page (503)").contains("shop on web1 is CRITICAL")
                        .contains("SSH brute force").contains("SSH login succeeded").contains("Paste").contains("earliest signal")
                        .doesNotContain(ShopSite.DB_PASSWORD);
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#graphs .chart[data-ready=true] canvas")));
                assertThat(browser.findElements(By.cssSelector("#graphs figure"))).isNotEmpty();
                assertThat(browser.findElement(By.id("loglines")).getText()).contains("Failed password").contains("203.0.113.77");
                assertThat(browser.findElements(By.cssSelector("#timeline a[href^='/logs?']"))).isNotEmpty();
                Path shots = Files.createDirectories(Path.of("target", "demo"));
                Files.write(shots.resolve("security-incident.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                Files.write(shots.resolve("security-incident-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                assertThat((Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth"))
                        .isLessThanOrEqualTo(420L);

                // Both ways: the events page links each event to its incident.
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
                browser.get(base + "/events");
                assertThat(browser.findElements(By.cssSelector("a.incident-link[href='/incidents/" + security.id() + "']"))).isNotEmpty();
                // ... and the log line whose alert is in it, on the logs page.
                browser.get(base + "/logs?q=rule%3A100124&range=30d");
                assertThat(browser.findElements(By.cssSelector("a.incident-link[href='/incidents/" + security.id() + "']"))).isNotEmpty();
            } finally {
                browser.quit();
                http.close();
            }
        } finally {
            scheduler.close();
            workers.shutdownNow();
        }
    }
}
