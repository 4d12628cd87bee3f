package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.web.browser.VaultPages.awaitPath;
import static org.evidencevault.web.browser.VaultPages.checkPage;
import static org.evidencevault.web.browser.VaultPages.msg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.evidencevault.crypto.StreamingAead;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Sending evidence from a case page in a real Chromium (English: the flow is about bytes, not texts): the officer
 * chooses a kind and a file, sends it, and the page reloads with the item complete in the evidence table; the item's
 * page shows its chain of custody and, with no passkey confirmation yet, the "Use my passkey" button instead of a
 * download link. A file of 9 MiB goes in two PATCH requests of whole 1 MiB segments (8 segments, then the rest),
 * counted in the page, and the SHA-256 the item's page shows is the file's.
 */
class UploadBrowserTest extends VaultBrowserTest {

    /**
     * Counts the page's PATCH requests, and their body sizes, in sessionStorage (which outlives the reload the upload
     * ends with). Run by the driver, as axe is: the page's CSP does not apply to it, and the page's script calls
     * {@code fetch} by its global name, so it goes through this.
     */
    private static final String COUNT_PATCHES = """
            sessionStorage.setItem('patches', '[]');
            const original = window.fetch;
            window.fetch = function (url, options) {
              if (options && options.method === 'PATCH') {
                const sizes = JSON.parse(sessionStorage.getItem('patches'));
                sizes.push(options.body && options.body.size);
                sessionStorage.setItem('patches', JSON.stringify(sizes));
              }
              return original.apply(this, arguments);
            };
            """;

    @Test
    void aFileSentFromTheCasePageIsAnItemWithItsCustodyAndItsDownloadNeedsAPasskey(@TempDir Path dir) throws Exception {
        SoftAssertions softly = new SoftAssertions();
        Path file = VaultPages.pdf(dir, "lab-report.pdf", 20_000);
        WebDriver driver = browser.driver("en");
        vault.logIn(driver, DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD);
        openSeedCase(driver);
        WebElement form = driver.findElement(By.id("evidence-upload"));
        assertThat(form.isDisplayed()).as("the upload form, shown by its script").isTrue();
        checkPage(softly, driver, "case with the upload form (en)");

        WebElement link = VaultPages.upload(driver, "en", "LAB_REPORT", file, VaultPages.WAIT);
        assertThat(link.getText()).isEqualTo(msg("en", "kind.LAB_REPORT"));
        BrowserSupport.screenshot(driver, "case-with-evidence-en");
        checkPage(softly, driver, "case with an evidence item (en)");
        String href = link.getDomAttribute("href");
        link.click();
        awaitPath(driver, href);

        String id = href.substring("/evidence/".length());
        assertItemPage(softly, driver, file);
        WebElement passkey = driver.findElement(By.id("passkey-login"));
        assertThat(passkey.getText()).isEqualTo(msg("en", "secondFactor.usePasskey"));
        assertThat(passkey.isDisplayed()).isTrue();
        assertThat(driver.findElements(By.cssSelector("a[href$='/content']"))).as("no download link before a passkey confirmation").isEmpty();
        assertThat(driver.getPageSource()).as("the item's page does not give its content's address away").doesNotContain("/api/v1/evidence/" + id + "/content");
        BrowserSupport.screenshot(driver, "evidence-en");
        checkPage(softly, driver, "evidence item (en)");
        softly.assertAll();
    }

    @Test
    void aFileOfNineMebibytesGoesInTwoRequestsOfWholeSegmentsAndKeepsItsHash(@TempDir Path dir) throws Exception {
        Path file = VaultPages.pdf(dir, "device-backup.pdf", 9 * 1024 * 1024);
        WebDriver driver = browser.driver("en");
        vault.logIn(driver, DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD);
        openSeedCase(driver);
        ((JavascriptExecutor) driver).executeScript(COUNT_PATCHES);

        WebElement link = VaultPages.upload(driver, "en", "LAB_REPORT", file, Duration.ofSeconds(90));
        Object patches = ((JavascriptExecutor) driver).executeScript("return JSON.parse(sessionStorage.getItem('patches'));");
        long firstPiece = StreamingAead.FIRST_PLAINTEXT + 7L * StreamingAead.PLAINTEXT;
        assertThat((List<?>) patches).as("the PATCH requests' body sizes: 8 whole segments, then the rest")
                .map(n -> ((Number) n).longValue()).containsExactly(firstPiece, Files.size(file) - firstPiece);
        String href = link.getDomAttribute("href");
        link.click();
        awaitPath(driver, href);
        SoftAssertions softly = new SoftAssertions();
        assertItemPage(softly, driver, file);
        softly.assertAll();
    }

    /** From home, the first of the officer's cases (the demo seed's). */
    private static void openSeedCase(WebDriver driver) {
        WebElement seedCase = driver.findElement(By.cssSelector("main table a[href^='/cases/']"));
        String href = seedCase.getDomAttribute("href");
        seedCase.click();
        awaitPath(driver, href);
    }

    /** The item's page: complete, the file's size and SHA-256, a custody table with its registration and intake. */
    private static void assertItemPage(SoftAssertions softly, WebDriver driver, Path file) throws Exception {
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(msg("en", "kind.LAB_REPORT"));
        String summary = driver.findElement(By.cssSelector("main dl.govuk-summary-list")).getText();
        softly.assertThat(summary).contains(msg("en", "evidenceStatus.COMPLETE"), file.getFileName().toString(), "application/pdf");
        List<String> hashes = driver.findElements(By.cssSelector("main dl code.vault-hash")).stream().map(WebElement::getText).toList();
        assertThat(hashes).as("SHA-256 then SHA-512").hasSize(2);
        assertThat(hashes.get(0)).as("the SHA-256 shown").isEqualTo(VaultPages.sha256(file));
        WebElement custody = driver.findElement(By.xpath("//table[caption[normalize-space()=\"" + msg("en", "custody.caption") + "\"]]"));
        List<String> actions = custody.findElements(By.cssSelector("tbody tr td:nth-child(4)")).stream().map(WebElement::getText).toList();
        assertThat(actions).as("the chain of custody").contains(msg("en", "action.evidence.register"), msg("en", "action.evidence.intake"));
        softly.assertThat(custody.findElements(By.cssSelector("tbody tr td:nth-child(3)")).stream().map(WebElement::getText))
                .as("who").contains(DemoAccounts.OFFICER);
    }
}
