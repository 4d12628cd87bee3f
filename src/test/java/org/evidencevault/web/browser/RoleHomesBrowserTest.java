package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.web.browser.VaultPages.checkPage;
import static org.evidencevault.web.browser.VaultPages.msg;
import static org.evidencevault.web.browser.VaultPages.pageLanguage;

import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The rapporteur's and the auditor's home pages in each language, in a real Chromium: the rapporteur's letters
 * awaiting a reply (the demo seed's AL OTH 62/2023), the auditor's integrity at a glance (each check named and given
 * a state). Each account logs in once, in the browser's language (French, Spanish), and then reads the page in the two
 * others with the header's language switch. Each page passes axe's WCAG A/AA rules with no CSP refusal, and is
 * photographed ({@code target/screenshots/rapporteur-home-<lang>.png}, {@code auditor-home-<lang>.png}).
 */
class RoleHomesBrowserTest extends VaultBrowserTest {

    /** The auditor's checks at a glance (Pages.INTEGRITY), each with its name in the messages. */
    private static final List<String> CHECKS = List.of("AuditVerification", "IntegritySweep", "IntegrityAlarms",
            "KeyRingHealthIndicator", "StoreHealthIndicator", "StoreTimeHealthIndicator");
    private static final List<String> HEALTH = List.of("UP", "DOWN", "UNKNOWN", "OUT_OF_SERVICE");

    @Test
    void theRapporteurSeesTheLettersAwaitingAReplyInEachLanguage() {
        SoftAssertions softly = new SoftAssertions();
        WebDriver driver = browser.driver("fr");
        vault.logIn(driver, DemoAccounts.RAPPORTEUR, DemoAccounts.RAPPORTEUR_PASSWORD);
        for (String lang : List.of("fr", "es", "en")) {
            inLanguage(driver, lang);
            WebElement letters = driver.findElement(By.cssSelector("main section[aria-labelledby='letters-heading']"));
            assertThat(letters.findElement(By.id("letters-heading")).getText()).isEqualTo(msg(lang, "letters.awaiting"));
            WebElement table = letters.findElement(By.tagName("table"));
            softly.assertThat(table.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText))
                    .as("the letters' columns (%s)", lang).containsExactly(msg(lang, "letters.reference"), msg(lang, "letters.addressee"),
                            msg(lang, "letters.sentOn"), msg(lang, "letters.dueOn"), msg(lang, "letters.replies"));
            List<String> references = table.findElements(By.cssSelector("tbody tr td:first-child")).stream().map(WebElement::getText).toList();
            assertThat(references).as("the seed's letter awaiting a reply (%s)", lang).contains("AL OTH 62/2023");
            softly.assertThat(references).as("letters with a reply are not awaiting one").doesNotContain("AL OTH 52/2019", "AL OTH 2/2020");
            BrowserSupport.screenshot(driver, "rapporteur-home-" + lang);
            checkPage(softly, driver, "rapporteur home (" + lang + ")");
        }
        softly.assertAll();
    }

    @Test
    void theRapporteurRecordsALetterInEachLanguage() {
        SoftAssertions softly = new SoftAssertions();
        WebDriver driver = browser.driver("es");
        vault.logIn(driver, DemoAccounts.RAPPORTEUR, DemoAccounts.RAPPORTEUR_PASSWORD);
        int number = 500;
        for (String lang : List.of("es", "fr", "en")) {
            inLanguage(driver, lang);
            driver.findElement(By.cssSelector("main a[href='/letters/new']")).click();
            VaultPages.awaitPath(driver, "/letters/new");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(msg(lang, "newLetter.title"));
            // a reference as it is often mistyped, and a letter to OTH without the company's name
            String reference = "AL OTH " + (++number) + "/2024";
            driver.findElement(By.id("reference")).sendKeys(reference.replace("/", "-"));
            driver.findElement(By.id("sentOn")).sendKeys("2024-03-04");
            driver.findElement(By.cssSelector("main form button[type=submit]")).click();
            WebElement summary = VaultPages.await(driver, By.cssSelector(".govuk-error-summary"));
            softly.assertThat(summary.findElements(By.cssSelector("a")).stream().map(a -> a.getDomAttribute("href")))
                    .as("the errors (%s)", lang).contains("#reference");
            softly.assertThat(driver.findElement(By.id("reference-error")).getText()).contains(msg(lang, "rule.reference-format"));
            BrowserSupport.screenshot(driver, "new-letter-errors-" + lang);
            checkPage(softly, driver, "new letter with errors (" + lang + ")");
            WebElement field = driver.findElement(By.id("reference"));
            field.clear();
            field.sendKeys(reference);
            driver.findElement(By.id("addresseeName")).sendKeys("NSO Group");
            WebElement mandate = driver.findElement(By.id("mandate-SR_HRD"));
            if (!mandate.isSelected()) {
                driver.findElement(By.cssSelector("label[for='mandate-SR_HRD']")).click();
            }
            driver.findElement(By.id("summary")).sendKeys("Pegasus");
            driver.findElement(By.cssSelector("main form button[type=submit]")).click();
            VaultPages.awaitPath(driver, "the letter's page", p -> p.startsWith("/letters/OTH-"));
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(reference);
            softly.assertThat(driver.findElement(By.cssSelector(".govuk-notification-banner")).getText()).contains(msg(lang, "newLetter.done"));
            BrowserSupport.screenshot(driver, "letter-" + lang);
            checkPage(softly, driver, "letter (" + lang + ")");
            driver.findElement(By.cssSelector("header a.govuk-header__link--homepage")).click();
        }
        softly.assertAll();
    }

    @Test
    void theAuditorSeesTheIntegrityAtAGlanceInEachLanguage() {
        SoftAssertions softly = new SoftAssertions();
        WebDriver driver = browser.driver("es");
        vault.logIn(driver, DemoAccounts.AUDITOR, DemoAccounts.AUDITOR_PASSWORD);
        for (String lang : List.of("es", "en", "fr")) {
            inLanguage(driver, lang);
            WebElement integrity = driver.findElement(By.cssSelector("main section[aria-labelledby='integrity-heading']"));
            assertThat(integrity.findElement(By.id("integrity-heading")).getText()).isEqualTo(msg(lang, "integrity.title"));
            List<WebElement> rows = integrity.findElements(By.cssSelector("dl.govuk-summary-list .govuk-summary-list__row"));
            List<String> names = rows.stream().map(r -> r.findElement(By.tagName("dt")).getText()).toList();
            assertThat(names).as("the checks (%s)", lang).isNotEmpty().contains(msg(lang, "integrity.AuditVerification"))
                    .isSubsetOf(CHECKS.stream().map(c -> msg(lang, "integrity." + c)).toList());
            List<String> states = rows.stream().map(r -> r.findElement(By.cssSelector("dd .govuk-tag")).getText()).toList();
            softly.assertThat(states).as("each check's state (%s)", lang).isSubsetOf(HEALTH.stream().map(h -> msg(lang, "health." + h)).toList());
            // a check's details are in the page's language too, not the health indicator's own keys and English values
            List<String> details = integrity.findElements(By.cssSelector("ul.vault-details li")).stream().map(WebElement::getText).toList();
            softly.assertThat(details).as("the checks' details, in %s", lang)
                    .noneMatch(d -> d.matches("[a-z]+[A-Z][A-Za-z]*: .*"))
                    .noneMatch(d -> !"en".equals(lang) && d.contains("none yet"));
            BrowserSupport.screenshot(driver, "auditor-home-" + lang);
            checkPage(softly, driver, "auditor home (" + lang + ")");
        }
        softly.assertAll();
    }

    /** On home, in {@code lang}: the browser's language, else chosen with the header's switch. */
    private void inLanguage(WebDriver driver, String lang) {
        if (!lang.equals(pageLanguage(driver))) {
            WebElement option = driver.findElement(By.cssSelector("header form[action='/language'] button[value='" + lang + "']"));
            option.click();
            new WebDriverWait(driver, VaultPages.WAIT).ignoring(StaleElementReferenceException.class).withMessage(() -> "the page in " + lang + ", at " + driver.getCurrentUrl())
                    .until(d -> lang.equals(pageLanguage(d)));
        }
        VaultPages.awaitPath(driver, "/");
        WebElement current = driver.findElement(By.cssSelector("header form[action='/language'] button[aria-current='true']"));
        assertThat(current.getDomAttribute("value")).as("the language switch shows the page's language").isEqualTo(lang);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(msg(lang, "home.title"));
    }
}
