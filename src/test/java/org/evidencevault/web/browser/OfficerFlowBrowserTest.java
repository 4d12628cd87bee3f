package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.web.browser.VaultPages.await;
import static org.evidencevault.web.browser.VaultPages.awaitPath;
import static org.evidencevault.web.browser.VaultPages.checkPage;
import static org.evidencevault.web.browser.VaultPages.describe;
import static org.evidencevault.web.browser.VaultPages.focused;
import static org.evidencevault.web.browser.VaultPages.msg;
import static org.evidencevault.web.browser.VaultPages.pageLanguage;

import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An officer registers a case from the home page, in each language, in a real Chromium: the "Register a case" button
 * leads to the form; the empty form comes back with GOV.UK's error summary, which takes the focus and links each
 * error to its field (each field marked and described by its message); the form filled in registers the case, whose
 * page names the defender and draws its timeline (an SVG, and the same events as a table). Home, the form with its
 * errors and the case page pass axe's WCAG A/AA rules with no CSP refusal, and are photographed
 * ({@code target/screenshots/officer-home-<lang>.png}, {@code new-case-errors-<lang>.png}, {@code case-<lang>.png}). Then the
 * officer edits the case (a date that does not match its precision refused on its row, then a second infection date
 * added: two marks on the timeline) and the defender (a consent to share with UN mandates given), the forms
 * checked and photographed too ({@code edit-case-errors-<lang>.png}, {@code edit-defender-<lang>.png}).
 *
 * <p>The English and French runs log the same officer in (there are two demo officers): see {@link VaultPages#code}.
 */
class OfficerFlowBrowserTest extends VaultBrowserTest {

    /** The form's fields that must be filled in: the error summary names each. */
    private static final List<String> REQUIRED = List.of("fullName", "title", "spyware", "status", "infectionDate");

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "en | " + DemoAccounts.OFFICER + " | " + DemoAccounts.OFFICER_PASSWORD + " | Alex Morgan Example | Pegasus on a journalist's phone | June 2022",
            "es | " + DemoAccounts.OFFICER2 + " | " + DemoAccounts.OFFICER2_PASSWORD + " | Lucía Ramírez Ejemplo | Pegasus en el teléfono de una periodista | junio de 2022",
            "fr | " + DemoAccounts.OFFICER + " | " + DemoAccounts.OFFICER_PASSWORD + " | Camille Dubois Exemple | Pegasus sur le téléphone d'une journaliste | juin 2022"})
    void anOfficerRegistersACaseFromTheHomePage(String lang, String username, String password, String defender, String title,
                                                String june2022) {
        SoftAssertions softly = new SoftAssertions();
        WebDriver driver = browser.driver(lang);
        vault.logIn(driver, username, password);

        // home: the officer's cases and the button to register one
        assertThat(pageLanguage(driver)).as("the page's language").isEqualTo(lang);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(msg(lang, "home.title"));
        assertThat(driver.findElement(By.id("cases-heading")).getText()).isEqualTo(msg(lang, "cases.title"));
        BrowserSupport.screenshot(driver, "officer-home-" + lang);
        checkPage(softly, driver, "officer home (" + lang + ")");
        WebElement register = driver.findElement(By.cssSelector("main a[href='/cases/new']"));
        assertThat(register.getText()).isEqualTo(msg(lang, "cases.new"));
        assertThat(register.getDomAttribute("class")).contains("govuk-button");
        register.click();
        awaitPath(driver, "/cases/new");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(msg(lang, "newCase.title"));

        // the empty form: the error summary, focused, each error linking to its field
        driver.findElement(By.cssSelector("main form[action='/cases/new'] button[type=submit]")).click();
        WebElement summary = await(driver, By.cssSelector(".govuk-error-summary"));
        new WebDriverWait(driver, VaultPages.WAIT).withMessage(() -> "the error summary should take the focus (GOV.UK Frontend's"
                        + " error summary), but it is on " + describe(focused(driver)))
                .until(d -> focused(d).getDomAttribute("class") != null && focused(d).getDomAttribute("class").contains("govuk-error-summary"));
        assertThat(summary.findElement(By.cssSelector(".govuk-error-summary__title")).getText()).isEqualTo(msg(lang, "error.summary"));
        List<WebElement> links = summary.findElements(By.cssSelector(".govuk-error-summary__list a"));
        List<String> targets = links.stream().map(a -> a.getDomAttribute("href")).toList();
        assertThat(targets).as("the errors of the empty form").containsAll(REQUIRED.stream().map(f -> "#" + f).toList());
        // as GOV.UK's error summary asks: the errors in the order of the fields on the page
        List<String> fieldOrder = driver.findElements(By.cssSelector("main form[action='/cases/new'] :is(input:not([type=hidden]), select, textarea)"))
                .stream().map(e -> "#" + e.getDomAttribute("id")).toList();
        softly.assertThat(targets).as("the error summary's links, in the order of the form's fields %s", fieldOrder)
                .containsExactlyElementsOf(targets.stream().sorted(java.util.Comparator.comparingInt(fieldOrder::indexOf)).toList());
        // and a field's hint is read with it
        for (WebElement hint : driver.findElements(By.cssSelector("main form[action='/cases/new'] .govuk-hint"))) {
            String id = hint.getDomAttribute("id");
            WebElement field = hint.findElement(By.xpath("./ancestor::div[contains(@class,'govuk-form-group')][1]//*[self::input or self::select or self::textarea]"));
            softly.assertThat(String.valueOf(field.getDomAttribute("aria-describedby")).split(" "))
                    .as("#%s is described by its hint #%s (aria-describedby)", field.getDomAttribute("id"), id).contains(id);
        }
        for (WebElement link : links) {
            String id = link.getDomAttribute("href").substring(1);
            List<WebElement> fields = driver.findElements(By.id(id));
            softly.assertThat(fields).as("the field the error %s links to", link.getDomAttribute("href")).hasSize(1);
            if (fields.size() != 1) {
                continue;
            }
            WebElement field = fields.get(0);
            softly.assertThat(field.getTagName()).as("#%s is a field", id).isIn("input", "select", "textarea");
            softly.assertThat(link.getText()).as("the error of #%s names it", id).startsWith(msg(lang, "field." + id));
            WebElement message = driver.findElement(By.id(id + "-error"));
            softly.assertThat(message.isDisplayed()).as("#%s-error is shown", id).isTrue();
            softly.assertThat(field.findElement(By.xpath("./ancestor::div[contains(@class,'govuk-form-group')][1]")).getDomAttribute("class"))
                    .as("#%s's form group is marked in error", id).contains("govuk-form-group--error");
            softly.assertThat(String.valueOf(field.getDomAttribute("aria-describedby")).split(" "))
                    .as("#%s is described by its error message (aria-describedby)", id).contains(id + "-error");
            softly.assertThat(field.getDomAttribute("class")).as("#%s is styled in error", id).containsPattern("govuk-(input|select|textarea)--error");
        }
        BrowserSupport.screenshot(driver, "new-case-errors-" + lang);
        checkPage(softly, driver, "new case with errors (" + lang + ")");
        // following an error moves the focus to its field
        summary.findElement(By.cssSelector("a[href='#fullName']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(5)).withMessage(() -> "following the error should focus #fullName, not "
                + describe(focused(driver))).until(d -> "fullName".equals(focused(d).getDomAttribute("id")));

        // the form filled in: the case
        driver.findElement(By.id("fullName")).sendKeys(defender);
        driver.findElement(By.id("country")).sendKeys("MEX");
        driver.findElement(By.id("title")).sendKeys(title);
        new Select(driver.findElement(By.id("spyware"))).selectByValue("PEGASUS");
        new Select(driver.findElement(By.id("status"))).selectByValue("SUSPECTED");
        driver.findElement(By.id("infectionDate")).sendKeys("2022-06");
        new Select(driver.findElement(By.id("precision"))).selectByValue("MONTH");
        driver.findElement(By.cssSelector("main form[action='/cases/new'] button[type=submit]")).click();
        awaitPath(driver, "a case page", p -> p.matches("/cases/[^/]+") && !p.equals("/cases/new"));

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(title);
        assertThat(driver.findElements(By.cssSelector("main dd ul li .vault-defender__name")).stream().map(WebElement::getText)).as("the defenders")
                .contains(defender);
        softly.assertThat(driver.findElement(By.cssSelector("main")).getText()).contains(msg(lang, "status.SUSPECTED"));
        WebElement svg = driver.findElement(By.cssSelector("figure.vault-timeline svg"));
        assertThat(svg.isDisplayed()).as("the timeline's drawing is shown").isTrue();
        softly.assertThat(svg.getDomAttribute("role")).isEqualTo("img");
        softly.assertThat(svg.getDomAttribute("aria-label")).isEqualTo(msg(lang, "timeline.svgLabel"));
        softly.assertThat(svg.findElements(By.cssSelector("circle.vault-tl-mark"))).as("the infection's mark").hasSize(1);
        WebElement table = driver.findElement(By.xpath("//table[caption[normalize-space()=\"" + msg(lang, "timeline.asList") + "\"]]"));
        List<String> rows = table.findElements(By.cssSelector("tbody tr")).stream().map(r -> r.getText().strip()).toList();
        assertThat(rows).as("the timeline as a table: the month, as a month").containsExactly(june2022 + " " + msg(lang, "timeline.infection"));
        BrowserSupport.screenshot(driver, "case-" + lang);
        checkPage(softly, driver, "case (" + lang + ")");
        String casePath = VaultPages.awaitPath(driver, "the case page", p -> p.matches("/cases/[^/]+"));

        // edit the case: a date that does not match its precision is refused on its row, then an infection date is added
        driver.findElement(By.cssSelector("main a[href='" + casePath + "/edit']")).click();
        awaitPath(driver, casePath + "/edit");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(msg(lang, "editCase.title"));
        driver.findElement(By.id("newEvent")).sendKeys("2022-09");
        new Select(driver.findElement(By.id("newEventPrecision"))).selectByValue("DAY");
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        WebElement editErrors = await(driver, By.cssSelector(".govuk-error-summary"));
        assertThat(editErrors.findElements(By.cssSelector("a")).stream().map(a -> a.getDomAttribute("href"))).containsExactly("#newEvent");
        softly.assertThat(driver.findElement(By.id("newEvent-error")).getText()).contains(msg(lang, "rule.precision-mismatch"));
        BrowserSupport.screenshot(driver, "edit-case-errors-" + lang);
        checkPage(softly, driver, "edit case with errors (" + lang + ")");
        new Select(driver.findElement(By.id("newEventPrecision"))).selectByValue("MONTH");
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitPath(driver, casePath);
        softly.assertThat(driver.findElement(By.cssSelector(".govuk-notification-banner")).getText()).contains(msg(lang, "editCase.saved"));
        softly.assertThat(driver.findElements(By.cssSelector("figure.vault-timeline svg circle.vault-tl-mark"))).as("two infections").hasSize(2);

        // edit the defender: their consent to share the case with UN mandates, given later, recorded from today
        driver.findElement(By.cssSelector("main a[href^='/defenders/'][href$='/edit?case=" + casePath.substring("/cases/".length()) + "']")).click();
        awaitPath(driver, "the defender's form", p -> p.matches("/defenders/[^/]+/edit"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(msg(lang, "editDefender.title"));
        WebElement share = driver.findElement(By.id("consent-SHARE_WITH_UN"));
        assertThat(share.isSelected()).as("no such consent at registration").isFalse();
        BrowserSupport.screenshot(driver, "edit-defender-" + lang);
        checkPage(softly, driver, "edit defender (" + lang + ")");
        driver.findElement(By.cssSelector("label[for='consent-SHARE_WITH_UN']")).click();
        assertThat(share.isSelected()).isTrue();
        driver.findElement(By.cssSelector("main form[action$='/edit'] button[type=submit]")).click();
        awaitPath(driver, casePath);
        softly.assertThat(driver.findElement(By.cssSelector("main .vault-consents")).getText()).as("the consent in force")
                .contains(msg(lang, "consent.SHARE_WITH_UN"));
        softly.assertAll();
    }
}
