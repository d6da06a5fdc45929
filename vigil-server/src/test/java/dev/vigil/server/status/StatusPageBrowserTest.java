package dev.vigil.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.RunningVigil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The status page in Debian's Chromium: an admin tells the public about an incident, a visitor reads it, desktop and phone. */
class StatusPageBrowserTest {
    @TempDir
    Path dir;

    private RunningVigil vigil;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        vigil = new RunningVigil(dir, """
                status_pages:
                  - {name: public, title: "Shop status", colour: "#0b6e4f", components: [{name: Website, service: "shop/web"}]}
                """).withUsers();
        browser = dev.vigil.server.Chromium.start(dir);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        vigil.close();
    }

    @Test
    void anAdminOpensAnIncidentAndAnAnonymousVisitorReadsItOnDesktopAndPhone() throws Exception {
        dev.vigil.server.Chromium.signIn(browser, vigil.base, "alice", RunningVigil.ADMIN_PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("live")));
        browser.get(vigil.base + "/upstream");
        By form = By.id("new-public-incident");
        browser.findElement(form).findElement(By.name("name")).sendKeys("Checkout errors");
        new Select(browser.findElement(form).findElement(By.name("impact"))).selectByVisibleText("major");
        browser.findElement(form).findElement(By.name("body")).sendKeys("Some payments fail; we are looking into it.");
        browser.findElement(form).findElement(By.tagName("button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("told")));
        assertThat(browser.findElement(By.id("told")).getText()).contains("Checkout errors").contains("investigating");

        // A visitor: no session at all.
        browser.manage().deleteAllCookies();
        browser.get(vigil.base + "/status");
        assertThat(browser.getCurrentUrl()).endsWith("/status");
        assertThat(browser.findElement(By.cssSelector(".overall")).getText()).isEqualTo("Partial System Outage");
        assertThat(browser.findElement(By.cssSelector(".incident")).getText()).contains("Checkout errors").contains("Investigating");
        assertThat(browser.findElements(By.cssSelector(".component .day"))).hasSize(90);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "status.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        Files.write(Path.of("target", "status-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat((Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(420L);
    }
}
