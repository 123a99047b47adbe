package vn.thidua.systemtests.support;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A headless Chromium driven by Selenium: Debian's {@code chromium} and {@code chromedriver} at the paths given
 * ({@link #CHROMIUM}, {@link #CHROMEDRIVER}; system properties {@code thidua.chromium} and {@code thidua.chromedriver}),
 * set explicitly so Selenium Manager never looks for, let alone downloads, a browser or a driver. Each browser has a
 * fresh profile and download directory under the test's work directory.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = System.getProperty("thidua.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("thidua.chromedriver", "/usr/bin/chromedriver");
    public static final Dimension DESKTOP = new Dimension(1366, 1000);
    public static final Dimension PHONE = new Dimension(390, 844);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path downloads;
    private final Path screenshots;
    private final String name;

    private Browser(String name, ChromeDriver driver, Path downloads, Path screenshots) {
        this.name = name;
        this.driver = driver;
        this.downloads = downloads;
        this.screenshots = screenshots;
    }

    /** Whether this machine has the browser and its driver (the build's CI script installs Debian's packages). */
    public static boolean available() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    public static Browser start(String name, Path workDir, Path screenshots) {
        try {
            Path profile = Files.createDirectories(workDir.resolve("browser-" + name).resolve("profile"));
            Path downloads = Files.createDirectories(workDir.resolve("browser-" + name).resolve("downloads"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=vi-VN", "--user-data-dir=" + profile.toAbsolutePath(),
                    "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false,
                    "safebrowsing.enabled", false,
                    "intl.accept_languages", "vi-VN,vi"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort()
                    // the browser's own language (date and time fields show dd/mm/yyyy), as a Vietnamese user's is
                    .withEnvironment(Map.of("LANG", "vi_VN.UTF-8", "LANGUAGE", "vi"))
                    .withLogFile(workDir.resolve("browser-" + name).resolve("chromedriver.log").toFile()).build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            return new Browser(name, driver, downloads, Files.createDirectories(screenshots));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public <T> T await(Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(d -> condition.apply((ChromeDriver) d));
    }

    /** As {@link #await}, looking every 20 ms: for measuring how soon something shows. */
    public <T> T awaitClosely(Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(20)).until(d -> condition.apply((ChromeDriver) d));
    }

    public WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Types into a field after clearing it. */
    public void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    public void choose(By select, String value) {
        new Select(visible(select)).selectByValue(value);
    }

    /**
     * The local sign-in page of the app at {@code appUrl}: a role and, for a reporter, its unit; returns once the app
     * shows who is signed in.
     */
    public void signIn(String appUrl, String role, String unitId) {
        signIn(appUrl, role, unitId, null);
    }

    /** Signs in on the local page as a caller of a province ({@code 19}) or of the Ministry ({@code BTP}); {@code null}: the page's default (24). */
    public void signIn(String appUrl, String role, String unitId, String provinceCode) {
        driver.manage().window().setSize(DESKTOP);
        open(appUrl + "#/dang-nhap");
        List<WebElement> signOut = driver.findElements(By.id("sign-out"));
        if (!signOut.isEmpty()) {
            signOut.get(0).click();
        }
        visible(By.id("sign-in-role"));
        choose(By.id("sign-in-role"), role);
        if (provinceCode != null) {
            choose(By.id("sign-in-province"), provinceCode);
        }
        if (unitId != null && !driver.findElements(By.id("sign-in-unit-code")).isEmpty()) {
            type(By.id("sign-in-unit-code"), unitId);
        } else if (unitId != null) {
            choose(By.id("sign-in-unit"), unitId);
        }
        visible(By.id("sign-in-submit")).click();
        await(d -> d.findElements(By.cssSelector(".who[data-role='" + role + "']")).size() == 1);
    }

    /** A page of the app, by its hash route; waits for its heading. */
    public void go(String appUrl, String route) {
        open(appUrl + "#" + route);
        visible(By.cssSelector("main h1"));
    }

    /** Writes {@code <screenshots>/<file>.png} of the window as it is (the first screen of the page). */
    public Path screenshotOfWindow(String file) {
        try {
            Path target = screenshots.resolve(file + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code <screenshots>/<file>.png} of what the browser shows (the whole page's height at its width). */
    public Path screenshot(String file) {
        Dimension before = driver.manage().window().getSize();
        try {
            long height = ((Number) script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")).longValue();
            driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(Math.max(height + 40, before.getHeight()), 6000)));
            Path target = screenshots.resolve(file + ".png");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** The files the browser has saved, once each is complete (no partial download left). */
    public List<Path> downloads() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path awaitDownload(String suffix) {
        return await(d -> downloads().stream().filter(p -> p.toString().endsWith(suffix)).findFirst().orElse(null));
    }

    @Override
    public void close() {
        driver.quit();
    }

    @Override
    public String toString() {
        return "browser " + name;
    }
}
