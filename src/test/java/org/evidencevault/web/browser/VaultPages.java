package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.evidencevault.common.DemoTotpSecrets;
import org.evidencevault.crypto.Totp;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser tests of the vault's pages share: its address, logging a demo account in as a person would
 * (password, then the code an authenticator app shows), waiting for a page, checking a page (axe, CSP, no missing
 * message), the interface's own texts in each language, and sending a file from a case page.
 *
 * <p>One per test class (its Spring context): it remembers the last TOTP step each demo account logged in with in
 * that context's store, because the vault takes a step once per account. A second login of the same account within
 * 30 seconds uses the next step's code, as an authenticator whose clock is a little ahead would (the vault accepts one
 * step either side); a third waits for the clock.
 */
final class VaultPages {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final int port;
    private final Map<String, Long> lastStep = new HashMap<>();

    VaultPages(int port) {
        this.port = port;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /**
     * Logs {@code username} in from the login page with its password and then the authenticator code of its
     * published demo secret, by clicking as a person would; answers on the page the login leads to (home).
     */
    void logIn(WebDriver driver, String username, String password) {
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        submit(driver.findElement(By.id("password")));
        awaitPath(driver, "/login/second-factor");
        driver.findElement(By.id("code")).sendKeys(code(username));
        submit(driver.findElement(By.id("code")));
        awaitPath(driver, "/");
    }

    /** The code to log {@code username} in with now: a step it has not used yet, waiting if it must. */
    synchronized String code(String username) {
        String secret = DemoTotpSecrets.BY_ACCOUNT.get(username);
        if (secret == null) {
            throw new IllegalArgumentException("not a demo account: " + username);
        }
        long step = Math.max(step(), lastStep.getOrDefault(username, Long.MIN_VALUE) + 1);
        while (step > step() + 1) {
            sleep(250);
        }
        lastStep.put(username, step);
        return Totp.code(Totp.fromBase32(secret), Instant.ofEpochSecond(step * 30));
    }

    private static long step() {
        return Instant.now().getEpochSecond() / 30;
    }

    /** Clicks the submit button of the field's form, as a user would (not form.submit(), which skips the button). */
    static void submit(WebElement field) {
        field.findElement(By.xpath("./ancestor::form[1]//button[@type='submit' or not(@type)]")).click();
    }

    static void awaitPath(WebDriver driver, String path) {
        awaitPath(driver, "the path " + path, path::equals);
    }

    static String awaitPath(WebDriver driver, String what, Predicate<String> path) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "expected " + what + ", at " + driver.getCurrentUrl())
                .until(d -> path.test(URI.create(d.getCurrentUrl()).getPath()));
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Waits for an element (ignoring a page that reloads meanwhile); answers it. */
    static WebElement await(WebDriver driver, By by) {
        return new WebDriverWait(driver, WAIT).ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "expected " + by + " on " + driver.getCurrentUrl()).until(d -> d.findElement(by));
    }

    /**
     * Checks the current page, recording (rather than stopping at) what is wrong: no WCAG A/AA violation by axe
     * (which fails outright if axe could not run), no CSP refusal in the console, and no message missing from the
     * page's language (Thymeleaf shows one as {@code ??key_lang??}). Other console errors (the browser's own
     * request for /favicon.ico) are printed, to target/surefire-reports/...-output.txt.
     */
    static void checkPage(SoftAssertions softly, WebDriver driver, String page) {
        List<String> violations = BrowserSupport.axe(driver);
        softly.assertThat(violations).as(() -> BrowserSupport.describe(page, driver.getCurrentUrl(), violations)).isEmpty();
        checkPageWithoutAxe(softly, driver, page);
    }

    /**
     * As {@link #checkPage} but without axe, for a browser without JavaScript: axe answers asynchronously, and a
     * page without scripts never calls back (the same pages pass axe with JavaScript).
     */
    static void checkPageWithoutAxe(SoftAssertions softly, WebDriver driver, String page) {
        List<String> console = BrowserSupport.consoleErrors(driver);
        console.forEach(e -> System.out.println(page + ": console: " + e));
        softly.assertThat(console).as("CSP refusals on " + page).noneMatch(e -> e.contains("Content Security Policy"));
        softly.assertThat(driver.findElement(By.tagName("html")).getText()).as("missing messages on " + page).doesNotContain("??");
    }

    /** The language the page is in, as its {@code <html lang>} says. */
    static String pageLanguage(WebDriver driver) {
        return driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    /** The element that has the keyboard focus, described for a failure message. */
    static String describe(WebElement e) {
        String id = e.getDomAttribute("id");
        String cls = e.getDomAttribute("class");
        String href = e.getDomAttribute("href");
        return e.getTagName() + (id == null ? "" : "#" + id) + (cls == null ? "" : "." + cls.trim().replace(' ', '.'))
                + (href == null ? "" : "[href=" + href + "]") + " \"" + e.getText().strip() + "\"";
    }

    static WebElement focused(WebDriver driver) {
        return driver.switchTo().activeElement();
    }

    /**
     * The interface's text {@code key} in {@code lang}, from the vault's own bundles (messages.properties is English;
     * never the JVM's locale). Only for texts without arguments, which the pages show as written.
     */
    static String msg(String lang, String key) {
        ResourceBundle bundle = ResourceBundle.getBundle("messages", "en".equals(lang) ? Locale.ROOT : Locale.forLanguageTag(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return bundle.getString(key);
    }

    /** A small file whose bytes are a PDF's (the vault detects a type from its first bytes). */
    static Path pdf(Path dir, String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        byte[] head = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, bytes, 0, Math.min(head.length, size));
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * On a case page: chooses {@code kind} and {@code file} in the upload form and sends it; waits for the page to
     * reload with the item complete in the evidence table; answers that table row's link to the item.
     */
    static WebElement upload(WebDriver driver, String lang, String kind, Path file, Duration wait) {
        new Select(driver.findElement(By.id("evidence-kind"))).selectByValue(kind);
        driver.findElement(By.id("evidence-file")).sendKeys(file.toAbsolutePath().toString());
        WebElement form = driver.findElement(By.id("evidence-upload"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String complete = msg(lang, "evidenceStatus.COMPLETE");
        By row = By.xpath("//table[.//th[normalize-space()='" + msg(lang, "evidence.kind") + "']]//tbody/tr[td[2][normalize-space()='"
                + file.getFileName() + "']]");
        new WebDriverWait(driver, wait).ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
                .withMessage(() -> "expected " + file.getFileName() + " complete in the evidence table, at " + driver.getCurrentUrl()
                        + "; the upload form said: " + uploadStatus(driver))
                .until(d -> d.findElements(row).stream().anyMatch(r -> r.findElement(By.xpath("td[4]")).getText().strip().equals(complete)));
        WebElement found = driver.findElement(row);
        assertThat(found.findElement(By.xpath("td[3]")).getText().replaceAll("[^0-9]", "")).as("the size shown")
                .isEqualTo(Long.toString(file.toFile().length()));
        return found.findElement(By.cssSelector("td a[href^='/evidence/']"));
    }

    private static String uploadStatus(WebDriver driver) {
        try {
            return String.valueOf(((JavascriptExecutor) driver).executeScript(
                    "var s = document.getElementById('evidence-status'); return s ? s.textContent : null;"));
        } catch (RuntimeException e) {
            return "(" + e.getClass().getSimpleName() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
