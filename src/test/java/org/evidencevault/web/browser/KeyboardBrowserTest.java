package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.web.browser.VaultPages.awaitPath;
import static org.evidencevault.web.browser.VaultPages.describe;
import static org.evidencevault.web.browser.VaultPages.focused;
import static org.evidencevault.web.browser.VaultPages.msg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The keyboard alone, in a real Chromium (English): from the login page an officer reaches each field and button with
 * Tab (the skip link first, which goes past the header), types, and presses Enter; logs in with password and
 * authenticator code; on home tabs to "Register a case" and opens it; sends the empty form, lands on the error
 * summary, follows its first error to the field, fills the form in (Space ticks a box, typing chooses in a list) and
 * registers the case, then opens its edit form. A rapporteur logs in and records a letter the same way. No click, no
 * script: only keys, and the focus is checked at every step ({@code driver.switchTo().activeElement()}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KeyboardBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("vault-browser-keyboard");
        registry.add("vault.store.data-dir", dir::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @LocalServerPort
    int port;

    @Test
    void anOfficerLogsInAndOpensTheCaseFormWithTheKeyboardOnly() {
        VaultPages vault = new VaultPages(port);
        WebDriver driver = browser.driver("en");
        driver.get(vault.url("/login"));

        // login: the skip link, then the fields and the button in order
        skipToMain(driver);
        press(driver, Keys.TAB);
        assertFocus(driver, "the username field", e -> "username".equals(e.getDomAttribute("id")));
        type(driver, DemoAccounts.OFFICER);
        press(driver, Keys.TAB);
        assertFocus(driver, "the password field", e -> "password".equals(e.getDomAttribute("id")));
        type(driver, DemoAccounts.OFFICER_PASSWORD);
        press(driver, Keys.TAB);
        assertFocus(driver, "the Continue button", e -> e.getTagName().equals("button") && e.getText().equals(msg("en", "login.continue")));
        press(driver, Keys.ENTER);
        awaitPath(driver, "/login/second-factor");

        // the second factor: the code field, then its button
        skipToMain(driver);
        press(driver, Keys.TAB);
        assertFocus(driver, "the code field", e -> "code".equals(e.getDomAttribute("id")));
        type(driver, vault.code(DemoAccounts.OFFICER));
        press(driver, Keys.TAB);
        assertFocus(driver, "the Log in button", e -> e.getTagName().equals("button") && e.getText().equals(msg("en", "secondFactor.submit")));
        press(driver, Keys.ENTER);
        awaitPath(driver, "/");

        // home: past the passkey link to "Register a case"
        skipToMain(driver);
        press(driver, Keys.TAB);
        assertFocus(driver, "the link to add a passkey", e -> "/account/second-factor".equals(e.getDomAttribute("href")));
        press(driver, Keys.TAB);
        assertFocus(driver, "the Register a case button link", e -> "/cases/new".equals(e.getDomAttribute("href"))
                && e.getText().equals(msg("en", "cases.new")));
        press(driver, Keys.ENTER);
        awaitPath(driver, "/cases/new");

        // the form: Tab through every field to its button, send it empty, follow the first error to its field
        List<String> path = tabUntil(driver, 30, e -> e.getTagName().equals("button") && e.getText().equals(msg("en", "newCase.submit")));
        System.out.println("Tab order of the new-case form: " + path);
        assertThat(path).as("the fields in order").containsSubsequence(
                List.of("input#fullName", "input#role", "input#country", "input#shareWithUn", "input#title", "select#spyware",
                        "select#status", "input#infectionDate", "select#precision", "textarea#contextNotes"));
        press(driver, Keys.ENTER);
        new WebDriverWait(driver, VaultPages.WAIT).withMessage(() -> "the error summary should have the focus, not " + describe(focused(driver)))
                .until(d -> !d.findElements(By.cssSelector(".govuk-error-summary")).isEmpty()
                        && String.valueOf(focused(d).getDomAttribute("class")).contains("govuk-error-summary"));
        press(driver, Keys.TAB);
        WebElement first = driver.findElement(By.cssSelector(".govuk-error-summary__list a"));
        String target = first.getDomAttribute("href").substring(1);
        assertFocus(driver, "the first error of the summary", e -> e.equals(first));
        press(driver, Keys.ENTER);
        new WebDriverWait(driver, VaultPages.WAIT).withMessage(() -> "following the error should focus #" + target + ", not "
                + describe(focused(driver))).until(d -> target.equals(focused(d).getDomAttribute("id")));

        // the form filled in with keys only: text typed, the box ticked with Space, each choice typed on its list
        assertThat(target).isEqualTo("fullName");
        type(driver, "Keyboard Only Example");
        tabTo(driver, "country");
        type(driver, "MEX");
        tabTo(driver, "shareWithUn");
        press(driver, Keys.SPACE);
        assertThat(driver.findElement(By.id("shareWithUn")).isSelected()).as("Space ticks the box").isTrue();
        tabTo(driver, "title");
        type(driver, "Pegasus, by keyboard");
        tabTo(driver, "spyware");
        type(driver, msg("en", "spyware.PEGASUS"));
        tabTo(driver, "status");
        type(driver, msg("en", "status.SUSPECTED"));
        tabTo(driver, "infectionDate");
        type(driver, "2022-06");
        tabTo(driver, "precision");
        type(driver, msg("en", "precision.MONTH"));
        tabUntil(driver, 10, e -> e.getTagName().equals("button") && e.getText().equals(msg("en", "newCase.submit")));
        press(driver, Keys.ENTER);
        String casePath = awaitPath(driver, "the new case's page", p -> p.matches("/cases/[^/]+") && !p.equals("/cases/new"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Pegasus, by keyboard");

        // and from the case page to its edit form
        skipToMain(driver);
        tabUntil(driver, 10, e -> (casePath + "/edit").equals(e.getDomAttribute("href")));
        press(driver, Keys.ENTER);
        awaitPath(driver, casePath + "/edit");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(msg("en", "editCase.title"));
    }

    @Test
    void aRapporteurLogsInAndRecordsALetterWithTheKeyboardOnly() {
        VaultPages vault = new VaultPages(port);
        WebDriver driver = browser.driver("en");
        driver.get(vault.url("/login"));
        skipToMain(driver);
        tabTo(driver, "username");
        type(driver, DemoAccounts.RAPPORTEUR);
        tabTo(driver, "password");
        type(driver, DemoAccounts.RAPPORTEUR_PASSWORD);
        press(driver, Keys.ENTER);
        awaitPath(driver, "/login/second-factor");
        skipToMain(driver);
        tabTo(driver, "code");
        type(driver, vault.code(DemoAccounts.RAPPORTEUR));
        press(driver, Keys.ENTER);
        awaitPath(driver, "/");

        skipToMain(driver);
        tabUntil(driver, 30, e -> "/letters/new".equals(e.getDomAttribute("href")));
        press(driver, Keys.ENTER);
        awaitPath(driver, "/letters/new");
        skipToMain(driver);
        tabTo(driver, "reference");
        type(driver, "AL OTH 77/2024");
        tabTo(driver, "addresseeName");
        type(driver, "NSO Group");
        tabTo(driver, "sentOn");
        type(driver, "2024-05-06");
        tabTo(driver, "mandate-SR_HRD");
        if (!driver.findElement(By.id("mandate-SR_HRD")).isSelected()) {
            press(driver, Keys.SPACE);
        }
        tabTo(driver, "summary");
        type(driver, "Allegations of Pegasus use against defenders");
        tabUntil(driver, 30, e -> e.getTagName().equals("button") && e.getText().equals(msg("en", "newLetter.submit")));
        press(driver, Keys.ENTER);
        awaitPath(driver, "/letters/OTH-77-2024");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("AL OTH 77/2024");
    }

    /** Presses Tab until the field {@code id} has the focus, in at most a few presses (what lies between is skipped). */
    private static void tabTo(WebDriver driver, String id) {
        tabUntil(driver, 6, e -> id.equals(e.getDomAttribute("id")));
    }

    /** The first Tab of a page is its skip link; Enter on it goes past the header, to the main content. */
    private static void skipToMain(WebDriver driver) {
        press(driver, Keys.TAB);
        assertFocus(driver, "the skip link (the first Tab of the page)", e -> "#main-content".equals(e.getDomAttribute("href"))
                && e.getText().equals(msg("en", "layout.skip")));
        press(driver, Keys.ENTER);
    }

    /** Presses Tab until {@code wanted} has the focus (at most {@code max} times); answers what had it on the way. */
    private static List<String> tabUntil(WebDriver driver, int max, Predicate<WebElement> wanted) {
        List<String> path = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            press(driver, Keys.TAB);
            WebElement e = focused(driver);
            String id = e.getDomAttribute("id");
            path.add(e.getTagName() + (id == null ? "" : "#" + id));
            if (wanted.test(e)) {
                return path;
            }
        }
        throw new AssertionError("not reached in " + max + " presses of Tab, on " + driver.getCurrentUrl() + ": " + path);
    }

    private static void assertFocus(WebDriver driver, String what, Predicate<WebElement> expected) {
        WebElement e = focused(driver);
        assertThat(expected.test(e)).as("the focus should be on %s, but is on %s (%s)", what, describe(e), driver.getCurrentUrl()).isTrue();
    }

    private static void press(WebDriver driver, Keys key) {
        new Actions(driver).sendKeys(key).perform();
    }

    private static void type(WebDriver driver, String text) {
        new Actions(driver).sendKeys(text).perform();
    }
}
