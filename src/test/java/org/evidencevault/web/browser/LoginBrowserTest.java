package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.evidencevault.crypto.Totp;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The browser-test set-up end to end, in a real Chromium against the running vault: in each language the home page
 * sends an anonymous visitor to the login page; the password and then an authenticator code (computed from the
 * demo account's published secret, as an authenticator app would) lead to the home page. Each page must pass axe's
 * WCAG A/AA rules, its CSP must refuse nothing, and it is photographed ({@code target/screenshots/}).
 *
 * <p>One demo account per language: a TOTP code is taken once per 30-second step per account, so the same account
 * could not log in three times in a row without waiting for the next step.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class LoginBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("vault-browser");
        registry.add("vault.store.data-dir", dir::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "en, " + DemoAccounts.OFFICER + ", " + DemoAccounts.OFFICER_PASSWORD + ", " + DemoAccounts.OFFICER_TOTP,
            "es, " + DemoAccounts.OFFICER2 + ", " + DemoAccounts.OFFICER2_PASSWORD + ", " + DemoAccounts.OFFICER2_TOTP,
            "fr, " + DemoAccounts.RAPPORTEUR + ", " + DemoAccounts.RAPPORTEUR_PASSWORD + ", " + DemoAccounts.RAPPORTEUR_TOTP})
    void aDemoAccountLogsInWithPasswordAndAuthenticatorCode(String lang, String username, String password, String totp) throws Exception {
        assertServedWithStrictCsp("/login");
        WebDriver driver = browser.driver(lang);

        driver.get(url("/"));
        awaitPath(driver, "/login");
        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).as("the page's language").isEqualTo(lang);
        BrowserSupport.screenshot(driver, "login-" + lang);
        checkPage(driver, "login (" + lang + ")");

        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        submit(driver.findElement(By.name("password")));
        awaitPath(driver, "/login/second-factor");
        BrowserSupport.screenshot(driver, "second-factor-" + lang);
        checkPage(driver, "second factor (" + lang + ")");

        driver.findElement(By.name("code")).sendKeys(Totp.code(Totp.fromBase32(totp), Instant.now()));
        submit(driver.findElement(By.name("code")));
        awaitPath(driver, "/");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains(username);
        BrowserSupport.screenshot(driver, "home-" + lang);
        checkPage(driver, "home (" + lang + ")");
    }

    /**
     * No WCAG A/AA violation by axe (which fails if axe could not run), and no CSP refusal; other console errors
     * (such as the browser's own request for /favicon.ico) are printed, to target/surefire-reports/...-output.txt.
     */
    private static void checkPage(WebDriver driver, String page) {
        BrowserSupport.assertNoAxeViolations(driver, page);
        List<String> console = BrowserSupport.consoleErrors(driver);
        console.forEach(e -> System.out.println(page + ": console: " + e));
        assertThat(console).as("CSP refusals on " + page).noneMatch(e -> e.contains("Content Security Policy"));
    }

    /** The page really carries the strict CSP that axe is injected under. */
    private void assertServedWithStrictCsp(String path) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'", "script-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval");
    }

    /** Clicks the submit button of the field's form, as a user would (not form.submit(), which skips the button). */
    private static void submit(WebElement field) {
        field.findElement(By.xpath("./ancestor::form[1]//button[@type='submit' or not(@type)]")).click();
    }

    private static void awaitPath(WebDriver driver, String path) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).withMessage(() -> "expected " + path + ", at " + driver.getCurrentUrl())
                .until(d -> URI.create(d.getCurrentUrl()).getPath().equals(path));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
