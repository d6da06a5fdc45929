package dev.vigil.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium driven through Debian's chromedriver, 1280x900, with its profile under {@code dir}. */
public final class Chromium {
    private Chromium() {}

    public static WebDriver start(Path dir) throws java.io.IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Signs {@code user} in through the sign-in page and returns once the browser has left it: a page asked for
     * before the sign-in's answer lands would cancel the sign-in.
     */
    public static void signIn(WebDriver browser, String base, String user, String password) {
        browser.get(base + "/login");
        browser.findElement(org.openqa.selenium.By.id("username")).sendKeys(user);
        browser.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
        browser.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(15))
                .until(d -> !d.getCurrentUrl().contains("/login"));
    }
}
