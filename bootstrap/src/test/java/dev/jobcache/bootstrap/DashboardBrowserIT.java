package dev.jobcache.bootstrap;

import dev.jobcache.testkit.redis.RedisServer;
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
import org.openqa.selenium.WebElement;
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
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard page ({@code /admin/cache/dashboard}) in headless Chromium against the whole service: on Caffeine,
 * and on two-tier in front of a private Redis.
 */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ALICE = "alice-token-0001";
    private static final String ADMIN = "admin-token-0003";
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    /** Misses in one go: first reads of as many list pages of different sizes, enough for a recommendation. */
    private static final int MISS_BURST = 100;

    private Path data;
    private RunningService app;
    private RedisServer redis;
    private ChromeDriverService driverService;
    private WebDriver browser;

    @BeforeEach
    void start(@TempDir Path data, @TempDir Path profile) {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            System.out.println("*** SKIPPED: Chromium not installed — dashboard browser test NOT run ***");
        }
        Assumptions.assumeTrue(installed, "Chromium not installed: " + CHROMIUM + " or " + CHROMEDRIVER + " missing");
        this.data = data;
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
                "--no-first-run", "--window-size=1280,1300", "--user-data-dir=" + profile.toAbsolutePath());
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
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void showsABurstOfMissesAsADipOfItsSecondsAndInTheLast10SecondsMoreThanIn5Minutes() throws Exception {
        onCaffeine();
        connectedAs(ADMIN);

        // half a minute of hits, the burst, and some hits after it: the dip stands in the middle of the chart
        steadyHitsFor(Duration.ofSeconds(25));
        missBurst();
        steadyHitsFor(Duration.ofSeconds(8));

        waitUntil(() -> count("iv-10s-misses") >= MISS_BURST);
        double last10Seconds = percent("iv-10s-hitRatio");
        double last5Minutes = percent("iv-5m-hitRatio");
        assertThat(last10Seconds).as("the burst weighs more in the last 10 s").isLessThan(last5Minutes);
        assertThat(count("iv-5m-misses")).isGreaterThanOrEqualTo(MISS_BURST);
        assertThat(text("iv-10s-cached")).as("cached mean · p95 · p99").matches("[0-9.]+ · [0-9.]+ · [0-9.]+");
        assertThat(text("iv-5m-origin")).matches("[0-9.]+ · [0-9.]+ · [0-9.]+");
        List<Double> ratios = plottedHitRatios();
        assertThat(ratios).as("a point per second, mostly hits").hasSizeGreaterThanOrEqualTo(25).contains(1.0);
        assertThat(ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                .as("the burst's dip in the per-second chart").isLessThan(0.5);
        assertThat(browser.findElements(By.cssSelector("#chart-lookups rect.bar-misses"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#chart-latency path.lat-cached"))).hasSize(3);
        assertThat(text("health-backend")).isEqualTo("caffeine");
        assertThat(text("health-up")).startsWith("up");
        assertThat(text("health-breaker")).isEqualTo("none (no Redis)");
        assertThat(text("health-error-rate")).startsWith("0.00 %");
        assertThat(text("health-memory")).contains(" of 100.0 MiB");
        assertThat(text("recommendations")).contains("low-hit-ratio /jobs",
                "figure: hit ratio 0% over " + MISS_BURST + " lookups");
        assertThat(browser.findElements(By.cssSelector("tr.near-cache"))).noneMatch(WebElement::isDisplayed);
        Path shot = screenshot(Path.of(System.getProperty("basedir", "."), "target", "dashboard.png"));
        System.out.println("dashboard screenshot after a short load with a burst of " + MISS_BURST + " misses: "
                + shot.toAbsolutePath().normalize());
    }

    @Test
    void showsTheAnswersOfTheNearCacheApartFromRedisAndItsContactOnTwoTier() {
        redis = RedisServer.start("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru");
        app = service().with("CACHE_BACKEND", "two-tier").with("REDIS_URL", redis.uri()).start();
        connectedAs(ADMIN);

        steadyHitsFor(Duration.ofSeconds(3));

        waitUntil(() -> count("iv-10s-l1") > 0);
        assertThat(browser.findElements(By.cssSelector("tr.near-cache"))).hasSize(2).allMatch(WebElement::isDisplayed);
        // two hot entries: Redis is read again only when an L1 copy reaches its maximum age (5 s)
        assertThat(count("iv-10s-l1")).as("answered in process").isGreaterThan(count("iv-10s-l2"));
        assertThat(text("health-backend")).contains("near-cache");
        assertThat(text("health-breaker")).isEqualTo("closed");
        assertThat(text("health-bus")).isEqualTo("connected");
        assertThat(text("health-memory")).contains(" of 64.0 MiB");
    }

    @Test
    void showsTheFiguresChangeAndAnInvalidationMadeFromThePage() {
        onCaffeine();
        connectedAs(ADMIN);

        userTraffic();
        waitUntil(() -> count("iv-10s-hits") > 0 && !text("iv-10s-hitRatio").equals("–"));
        browser.findElement(By.id("tag")).sendKeys("health");
        browser.findElement(By.id("invalidate")).click();

        waitUntil(() -> text("invalidate-result").contains("entries removed"));
        waitUntil(() -> browser.findElement(By.id("history")).getText().contains("tag health"));
        assertThat(text("health-entries")).isNotEqualTo("–");
        assertThat(browser.findElements(By.cssSelector("#chart-hit-ratio path.ratio"))).isNotEmpty();
        assertThat(browser.findElement(By.id("routes")).getText()).contains("/health", "/jobs");
        thenTheTokenIsKeptNowhereButInMemory();
    }

    @Test
    void clearsTheCacheAfterTheOperatorConfirmsTheEntryCount() throws Exception {
        onCaffeine();
        connectedAs(ADMIN);
        userTraffic();
        waitUntil(() -> !text("health-entries").equals("0") && !text("health-entries").equals("–"));

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
        onCaffeine();
        browser.get(baseUri() + "/admin/cache/dashboard");

        browser.findElement(By.id("token")).sendKeys(ALICE);
        browser.findElement(By.id("connect")).click();

        waitUntil(() -> text("status").contains("403"));
        assertThat(text("iv-10s-hitRatio")).isEqualTo("–");
        assertThat(text("health-backend")).isEqualTo("–");
        assertThat(browser.findElement(By.id("invalidate")).isEnabled()).isFalse();
    }

    private void onCaffeine() {
        app = service().with("CACHE_BACKEND", "caffeine").start();
    }

    private RunningService.Environment service() {
        return RunningService.in(data)
                .with("AUTH_TOKENS", "alice:" + ALICE)
                .with("ADMIN_TOKENS", "root:" + ADMIN)
                .with("ACCESS_LOG", "false");
    }

    private void connectedAs(String token) {
        browser.get(baseUri() + "/admin/cache/dashboard");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("connect")).click();
        waitUntil(() -> text("status").startsWith("live") && !text("health-backend").equals("–"));
    }

    /** Cacheable traffic a user makes: misses first, hits after. */
    private void userTraffic() {
        for (int i = 0; i < 5; i++) {
            get("/health", null);
            get("/jobs", ALICE);
        }
    }

    /** Reads of entries warmed at start-up (hits but for the odd first one), about 40 a second for {@code time}. */
    private void steadyHitsFor(Duration time) {
        Instant end = Instant.now().plus(time);
        while (Instant.now().isBefore(end)) {
            get("/health", null);
            get("/version", null);
            pause(Duration.ofMillis(50));
        }
    }

    private void missBurst() {
        for (int limit = 1; limit <= MISS_BURST; limit++) {
            assertThat(app.get("/jobs?limit=" + limit, ALICE).headers().firstValue("X-Cache")).hasValue("MISS");
        }
    }

    private List<Double> plottedHitRatios() {
        Object ratios = ((JavascriptExecutor) browser).executeScript(
                "return Array.prototype.map.call(document.querySelectorAll('#chart-hit-ratio circle.ratio-dot'),"
                        + " function (c) { return Number(c.getAttribute('data-ratio')); });");
        return ((List<?>) ratios).stream().map(value -> ((Number) value).doubleValue()).toList();
    }

    private void thenTheTokenIsKeptNowhereButInMemory() {
        Object stored = ((JavascriptExecutor) browser).executeScript(
                "return localStorage.length + sessionStorage.length + document.cookie.length;");
        assertThat(((Number) stored).longValue()).isZero();
        assertThat(browser.getCurrentUrl()).doesNotContain(ADMIN);
        assertThat(browser.findElement(By.id("token")).getAttribute("value")).isEmpty();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    /** A whole number as the page writes it, e.g. {@code 1,580}. */
    private long count(String id) {
        return Long.parseLong(text(id).replace(",", ""));
    }

    /** A percentage as the page writes it, e.g. {@code 96.2 %}, as a ratio. */
    private double percent(String id) {
        return Double.parseDouble(text(id).replace("%", "").trim()) / 100;
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, PATIENCE).ignoring(NumberFormatException.class)
                .until(driver -> condition.getAsBoolean());
    }

    private Path screenshot(Path target) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private void get(String path, String token) {
        assertThat(app.get(path, token).statusCode()).as(path).isEqualTo(200);
    }

    private static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String baseUri() {
        return "http://127.0.0.1:" + app.port();
    }
}
