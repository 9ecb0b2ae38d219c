package dev.jobcache.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard page ({@code /admin/cache/dashboard}) in headless Chromium against the whole service on Caffeine. */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ALICE = "alice-token-0001";
    private static final String ADMIN = "admin-token-0003";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private RunningService app;
    private ChromeDriverService driverService;
    private WebDriver browser;

    @BeforeEach
    void start(@TempDir Path data, @TempDir Path profile) {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            System.out.println("*** SKIPPED: Chromium not installed — dashboard browser test NOT run ***");
        }
        Assumptions.assumeTrue(installed, "Chromium not installed: " + CHROMIUM + " or " + CHROMEDRIVER + " missing");
        app = RunningService.in(data)
                .with("CACHE_BACKEND", "caffeine")
                .with("AUTH_TOKENS", "alice:" + ALICE)
                .with("ADMIN_TOKENS", "root:" + ADMIN)
                .start();
        // the driver is named explicitly so that Selenium Manager never tries to download one
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1150", "--user-data-dir=" + profile.toAbsolutePath());
        browser = new ChromeDriver(driverService, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void showsTheFiguresChangeAndAnInvalidationMadeFromThePage() throws Exception {
        connectedAs(ADMIN);
        long lookupsBefore = Long.parseLong(text("lookups"));

        userTraffic();
        waitUntil(() -> Long.parseLong(text("lookups")) > lookupsBefore && !text("hit-ratio").equals("0.0 %"));
        browser.findElement(By.id("tag")).sendKeys("health");
        browser.findElement(By.id("invalidate")).click();

        waitUntil(() -> text("invalidate-result").contains("entries removed"));
        waitUntil(() -> browser.findElement(By.id("history")).getText().contains("tag health"));
        assertThat(text("entries")).isNotEqualTo("–");
        assertThat(browser.findElements(By.cssSelector("#chart-hit-ratio path"))).isNotEmpty();
        assertThat(browser.findElement(By.id("routes")).getText()).contains("/health", "/jobs");
        thenTheTokenIsKeptNowhereButInMemory();
        // a few more seconds of points, so the screenshot shows the charts moving
        waitUntil(() -> chartPoints("chart-hit-ratio") >= 8);
        screenshot(Path.of(System.getProperty("basedir", "."), "target", "dashboard.png"));
    }

    @Test
    void clearsTheCacheAfterTheOperatorConfirmsTheEntryCount() throws Exception {
        connectedAs(ADMIN);
        userTraffic();
        waitUntil(() -> !text("entries").equals("0") && !text("entries").equals("–"));

        browser.findElement(By.id("clear")).click();
        Alert confirm = new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.alertIsPresent());
        String question = confirm.getText();
        confirm.accept();

        assertThat(question).matches("(?s).*removes all [1-9][0-9]* entries.*");
        waitUntil(() -> text("clear-result").startsWith("cleared:"));
        waitUntil(() -> browser.findElement(By.id("history")).getText().contains("everything"));
        assertThat(app.app().wiring().cacheStore().usage().entries()).isZero();
    }

    @Test
    void saysSoWhenTheTokenIsNotAnAdminsAndShowsNothing() {
        browser.get(baseUri() + "/admin/cache/dashboard");

        browser.findElement(By.id("token")).sendKeys(ALICE);
        browser.findElement(By.id("connect")).click();

        waitUntil(() -> text("status").contains("403"));
        assertThat(text("lookups")).isEqualTo("–");
        assertThat(browser.findElement(By.id("invalidate")).isEnabled()).isFalse();
    }

    private void connectedAs(String token) {
        browser.get(baseUri() + "/admin/cache/dashboard");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("connect")).click();
        waitUntil(() -> text("status").startsWith("live") && !text("lookups").equals("–"));
    }

    /** Cacheable traffic a user makes: misses first, hits after. */
    private void userTraffic() {
        for (int i = 0; i < 5; i++) {
            get("/health", null);
            get("/jobs", ALICE);
        }
    }

    private void thenTheTokenIsKeptNowhereButInMemory() {
        Object stored = ((JavascriptExecutor) browser).executeScript(
                "return localStorage.length + sessionStorage.length + document.cookie.length;");
        assertThat(((Number) stored).longValue()).isZero();
        assertThat(browser.getCurrentUrl()).doesNotContain(ADMIN);
        assertThat(browser.findElement(By.id("token")).getAttribute("value")).isEmpty();
    }

    private long chartPoints(String id) {
        Object points = ((JavascriptExecutor) browser).executeScript(
                "return document.querySelector('#" + id + " path').getAttribute('d').split('L').length;");
        return ((Number) points).longValue();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, PATIENCE).ignoring(NumberFormatException.class)
                .until(driver -> condition.getAsBoolean());
    }

    private void screenshot(Path target) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private void get(String path, String token) {
        assertThat(app.get(path, token).statusCode()).as(path).isEqualTo(200);
    }

    private String baseUri() {
        return "http://127.0.0.1:" + app.port();
    }
}
