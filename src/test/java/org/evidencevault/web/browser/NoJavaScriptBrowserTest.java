package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.web.browser.VaultPages.awaitPath;
import static org.evidencevault.web.browser.VaultPages.checkPageWithoutAxe;
import static org.evidencevault.web.browser.VaultPages.focused;
import static org.evidencevault.web.browser.VaultPages.msg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pages without JavaScript (Chromium with scripts turned off), as the interface promises: an officer logs in with
 * password and authenticator code, sees the cases on home, gets the new-case form's errors from the server and
 * registers a case; on the case page the upload form (which needs a script) stays hidden and a {@code noscript} text
 * says so; the case and its defender are edited (a date added, a consent given). A rapporteur records a letter, the
 * server's error first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NoJavaScriptBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("vault-browser-nojs");
        registry.add("vault.store.data-dir", dir::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @LocalServerPort
    int port;

    @Test
    void anOfficerLogsInAndRegistersACaseWithoutJavaScript() {
        SoftAssertions softly = new SoftAssertions();
        VaultPages vault = new VaultPages(port);
        WebDriver driver = browser.driverWithoutJavaScript("en");
        vault.logIn(driver, DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD);

        // home: the officer's cases (the demo seed's)
        List<WebElement> cases = driver.findElements(By.cssSelector("main table a[href^='/cases/']"));
        assertThat(cases).as("the officer's cases on home").isNotEmpty();
        assertThat(driver.findElement(By.tagName("body")).getDomAttribute("class")).as("GOV.UK Frontend's script did not run")
                .doesNotContain("govuk-frontend-supported");
        checkPageWithoutAxe(softly, driver, "officer home without JavaScript");

        // the new-case form: the server's errors, then the case
        driver.findElement(By.cssSelector("main a[href='/cases/new']")).click();
        awaitPath(driver, "/cases/new");
        driver.findElement(By.cssSelector("main form[action='/cases/new'] button[type=submit]")).click();
        WebElement summary = VaultPages.await(driver, By.cssSelector(".govuk-error-summary"));
        assertThat(summary.isDisplayed()).isTrue();
        assertThat(summary.findElements(By.cssSelector(".govuk-error-summary__list a")).stream().map(a -> a.getDomAttribute("href")))
                .contains("#fullName", "#title", "#spyware", "#status", "#infectionDate");
        assertThat(driver.findElement(By.id("title-error")).isDisplayed()).isTrue();
        assertThat(focused(driver).getTagName()).as("no script moved the focus").isEqualTo("body");
        BrowserSupport.screenshot(driver, "new-case-errors-nojs-en");
        checkPageWithoutAxe(softly, driver, "new case with errors, without JavaScript");

        driver.findElement(By.id("fullName")).sendKeys("Sam Taylor Example");
        driver.findElement(By.id("country")).sendKeys("MEX");
        driver.findElement(By.id("title")).sendKeys("Predator link sent to a lawyer");
        new Select(driver.findElement(By.id("spyware"))).selectByValue("PREDATOR");
        new Select(driver.findElement(By.id("status"))).selectByValue("SUSPECTED");
        driver.findElement(By.id("infectionDate")).sendKeys("2023-03");
        new Select(driver.findElement(By.id("precision"))).selectByValue("MONTH");
        driver.findElement(By.cssSelector("main form[action='/cases/new'] button[type=submit]")).click();
        awaitPath(driver, "a case page", p -> p.matches("/cases/[^/]+") && !p.equals("/cases/new"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Predator link sent to a lawyer");
        assertThat(driver.findElement(By.cssSelector("main dd ul")).getText()).contains("Sam Taylor Example");
        assertThat(driver.findElement(By.cssSelector("figure.vault-timeline svg")).isDisplayed()).as("the timeline, drawn by the server").isTrue();

        // sending evidence needs a script: its form stays hidden, and the page says why
        assertThat(driver.findElement(By.id("evidence-upload")).isDisplayed()).as("the upload form").isFalse();
        WebElement section = driver.findElement(By.cssSelector("section[aria-labelledby='upload-heading']"));
        assertThat(section.getText()).as("the upload section without JavaScript").contains(msg("en", "upload.needsScript"));
        BrowserSupport.screenshot(driver, "case-nojs-en");
        checkPageWithoutAxe(softly, driver, "case without JavaScript");

        // editing the case and the defender are plain forms too
        String casePath = awaitPath(driver, "the case page", p -> p.matches("/cases/[^/]+"));
        driver.findElement(By.cssSelector("main a[href='" + casePath + "/edit']")).click();
        awaitPath(driver, casePath + "/edit");
        driver.findElement(By.id("newEvent")).sendKeys("2023-04-02");
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitPath(driver, casePath);
        assertThat(driver.findElements(By.cssSelector("figure.vault-timeline svg circle.vault-tl-mark"))).as("the date added").hasSize(2);
        driver.findElement(By.cssSelector("main a[href^='/defenders/'][href*='/edit?case=']")).click();
        awaitPath(driver, "the defender's form", p -> p.matches("/defenders/[^/]+/edit"));
        checkPageWithoutAxe(softly, driver, "defender's form without JavaScript");
        driver.findElement(By.cssSelector("label[for='consent-SHARE_WITH_UN']")).click();
        driver.findElement(By.cssSelector("main form[action$='/edit'] button[type=submit]")).click();
        awaitPath(driver, casePath);
        assertThat(driver.findElement(By.cssSelector("main .vault-consents")).getText()).contains(msg("en", "consent.SHARE_WITH_UN"));
        softly.assertAll();
    }

    @Test
    void aRapporteurRecordsALetterWithoutJavaScript() {
        SoftAssertions softly = new SoftAssertions();
        VaultPages vault = new VaultPages(port);
        WebDriver driver = browser.driverWithoutJavaScript("en");
        vault.logIn(driver, DemoAccounts.RAPPORTEUR, DemoAccounts.RAPPORTEUR_PASSWORD);
        driver.findElement(By.cssSelector("main a[href='/letters/new']")).click();
        awaitPath(driver, "/letters/new");
        driver.findElement(By.id("reference")).sendKeys("UA OTH 88/2024");
        driver.findElement(By.id("sentOn")).sendKeys("2024-02-03");
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        assertThat(VaultPages.await(driver, By.id("addresseeName-error")).getText()).contains(msg("en", "rule.oth-needs-name"));
        checkPageWithoutAxe(softly, driver, "new letter with errors, without JavaScript");
        driver.findElement(By.id("addresseeName")).sendKeys("NSO Group");
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitPath(driver, "/letters/OTH-88-2024");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("UA OTH 88/2024");
        checkPageWithoutAxe(softly, driver, "letter without JavaScript");
        softly.assertAll();
    }
}
