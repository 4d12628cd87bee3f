package org.evidencevault.web.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Real-browser tests: the system's headless Chromium, driven by its own chromedriver, with axe-core for
 * accessibility checks. A JUnit extension rather than a base class, so a browser test can still extend whatever
 * sets up its application context; register it on a static field:
 * <pre>
 *   &#64;RegisterExtension
 *   static final BrowserSupport browser = new BrowserSupport();
 * </pre>
 * Before the class (so before its Spring context starts) it checks that Chromium and chromedriver are installed:
 * if not, the class is skipped, or fails when {@code CI=true} (CI installs them, see {@code .ci/run}). After each
 * test it quits the drivers that test opened and deletes their profiles.
 *
 * <p>Nothing is downloaded: the driver is named explicitly, so Selenium Manager is never run (and were it run,
 * the {@code SE_*} properties set here keep it offline and without usage statistics). Chromium's own background
 * traffic (background networking, component updates, sync) is turned off by its arguments.
 */
public final class BrowserSupport implements ExecutionCondition, BeforeAllCallback, AfterEachCallback {

    /** Debian's paths ({@code apt-get install -y chromium chromium-driver}); overridable by system property. */
    static final Path CHROMIUM = Path.of(System.getProperty("vault.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("vault.test.chromedriver", "/usr/bin/chromedriver"));

    /** Where {@link #screenshot} writes (Maven runs tests from the project directory). */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** The WCAG 2.0, 2.1 and 2.2 A and AA rules of axe (its "best practices" are not WCAG and are left out). */
    static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private static final String AXE_RESOURCE = "/axe/axe.min.js";

    /**
     * Runs axe on the whole document and answers with how many rules ran and, per violation, what a report needs
     * (the nodes' selectors only, never their HTML: a page may show a defender's name).
     */
    private static final String RUN_AXE = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})
              .then(r => done({
                rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,
                violations: r.violations.map(v => ({
                  id: v.id, impact: String(v.impact), help: v.help, nodes: v.nodes.length,
                  targets: v.nodes.slice(0, 3).map(n => n.target.map(t => [].concat(t).join(' >>> ')).join(' | '))
                }))
              }))
              .catch(e => done({error: String(e && e.stack || e)}));
            """;

    /**
     * Quiet: ChromeDriver looks for a selenium-devtools-vNNN jar matching the browser (for CDP) and warns, once per
     * driver, that there is none. None is on the classpath on purpose: the tests use WebDriver only. (Held here:
     * java.util.logging keeps loggers weakly.)
     */
    private static final java.util.logging.Logger CDP_VERSION_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        // read by Selenium Manager, which gets the SE_* system properties as environment variables
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("SE_OFFLINE", "true");
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final List<Opened> opened = new ArrayList<>();

    private record Opened(WebDriver driver, Path profile) {
    }

    /** Without the browser, the class is reported as skipped, saying how to install it (but never on CI). */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = missing();
        return missing == null || onCi() ? ConditionEvaluationResult.enabled("Chromium and chromedriver installed")
                : ConditionEvaluationResult.disabled(missing + ", so the browser tests are skipped");
    }

    /** On CI, without the browser, the class fails. */
    @Override
    public void beforeAll(ExtensionContext context) {
        requireBrowser();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RuntimeException failure = null;
        int n = 0;
        for (Opened o : opened) {
            if (context.getExecutionException().isPresent()) {
                // the page a failed test ended on, to see what it saw
                try {
                    screenshot(o.driver(), ("failed-" + context.getRequiredTestClass().getSimpleName() + "-"
                            + context.getRequiredTestMethod().getName() + "-" + context.getDisplayName()
                            + (n++ == 0 ? "" : "-" + n)).replaceAll("[^A-Za-z0-9._-]+", "_"));
                } catch (RuntimeException ignored) {
                    // the browser may be what failed
                }
            }
            try {
                o.driver().quit();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                deleteQuietly(o.profile());
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A new headless Chromium whose {@code Accept-Language} is {@code lang} ("en", "es", "fr"), with a fresh
     * profile (no cookies, cache or storage from another test). Quit after the test.
     */
    public WebDriver driver(String lang) {
        return open(lang, true);
    }

    /**
     * As {@link #driver}, but with JavaScript turned off for every page (Chromium's content setting, as a user or an
     * administrator would turn it off): the pages' own scripts never run. Finding and driving elements works as
     * usual, but an asynchronous script never calls back, so {@link #axe} cannot run there.
     */
    public WebDriver driverWithoutJavaScript(String lang) {
        return open(lang, false);
    }

    private WebDriver open(String lang, boolean javascript) {
        requireBrowser();
        if (!lang.matches("[a-z]{2}(-[A-Z]{2})?")) {
            throw new IllegalArgumentException("a language tag such as en, es or fr, not " + lang);
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("vault-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        // the language the browser asks for: the pages' language comes from Accept-Language
        options.setExperimentalOption("prefs", javascript ? Map.of("intl.accept_languages", lang)
                : Map.of("intl.accept_languages", lang, "profile.managed_default_content_settings.javascript", 2));
        // the console (CSP refusals, failed loads), for consoleErrors
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
        opened.add(new Opened(driver, profile));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /**
     * The WCAG A/AA violations axe finds on the current page, one readable line each: rule id, impact, what to
     * fix, how many nodes, the selectors of the first three. Fails if axe could not run (rather than answer an
     * empty list). axe is injected by the driver, not by the page, so the page's CSP ({@code script-src 'self'},
     * no eval) does not stop it, and it causes no CSP refusal ({@code BrowserSupportTest} holds both).
     */
    public static List<String> axe(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(AxeSource.TEXT);
        Object answer = js.executeAsyncScript(RUN_AXE, WCAG_TAGS);
        if (!(answer instanceof Map<?, ?> result) || result.containsKey("error")) {
            throw new AssertionError("axe did not run on " + driver.getCurrentUrl() + ": "
                    + (answer instanceof Map<?, ?> m ? m.get("error") : answer));
        }
        if (!(result.get("rules") instanceof Number rules) || rules.intValue() == 0) {
            throw new AssertionError("axe ran no rule on " + driver.getCurrentUrl() + ": " + result);
        }
        List<String> lines = new ArrayList<>();
        for (Object o : (List<?>) result.get("violations")) {
            Map<?, ?> v = (Map<?, ?>) o;
            lines.add(String.format(Locale.ROOT, "%s (%s): %s [%s node(s): %s]", v.get("id"), v.get("impact"),
                    v.get("help"), v.get("nodes"), String.join(", ", ((List<?>) v.get("targets")).stream().map(String::valueOf).toList())));
        }
        return lines;
    }

    /** Fails, listing them, if axe finds WCAG A/AA violations on the current page. */
    public static void assertNoAxeViolations(WebDriver driver, String pageName) {
        List<String> violations = axe(driver);
        if (!violations.isEmpty()) {
            Assertions.fail(describe(pageName, driver.getCurrentUrl(), violations));
        }
    }

    /** The axe findings of a page, for a test's output. */
    static String describe(String pageName, String url, List<String> violations) {
        StringBuilder s = new StringBuilder(pageName + " (" + url + "): " + violations.size() + " axe WCAG A/AA violation(s)");
        violations.forEach(v -> s.append("\n  - ").append(v));
        return s.toString();
    }

    /**
     * The console's errors since the last call (chromedriver hands each entry out once): CSP refusals, resources
     * that failed to load, uncaught script errors.
     */
    public static List<String> consoleErrors(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}; answers the file. */
    public static Path screenshot(WebDriver driver, String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a plain file name, not " + name);
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips (or, on CI, fails) when Chromium or chromedriver is not installed. */
    private static void requireBrowser() {
        String missing = missing();
        if (missing == null) {
            return;
        }
        if (onCi()) {
            Assertions.fail(missing + " (CI=true: browser tests may not be skipped)");
        }
        Assumptions.abort(missing + ", so the browser tests are skipped");
    }

    /** What is missing and how to install it, or null. */
    private static String missing() {
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(p -> !Files.isExecutable(p)).map(Path::toString).toList();
        return missing.isEmpty() ? null : "Browser tests need Chromium and chromedriver; not found: " + String.join(", ", missing)
                + ". Install them with `apt-get install -y chromium chromium-driver` (Debian/Ubuntu)";
    }

    private static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory: the system cleans it eventually
        }
    }

    /** axe.min.js, vendored by {@code cd ui && npm run vendor} (see src/test/resources/axe/VERSION), read once. */
    private static final class AxeSource {

        static final String TEXT = read();

        private static String read() {
            try (InputStream in = BrowserSupport.class.getResourceAsStream(AXE_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(AXE_RESOURCE + " is not on the test classpath: run `cd ui && npm ci && npm run vendor`");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
