package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.web.browser.VaultPages.await;
import static org.evidencevault.web.browser.VaultPages.awaitPath;
import static org.evidencevault.web.browser.VaultPages.checkPage;
import static org.evidencevault.web.browser.VaultPages.msg;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A passkey, end to end, with Chromium's virtual authenticator (CTAP2, built in, resident keys, user verification
 * done): an officer logged in with password and authenticator code adds a passkey from the home page's link; then,
 * on an evidence item's page, "Use my passkey" confirms it is them (a step-up) and the page comes back with the
 * download link, which downloads the item: its bytes are the file's.
 *
 * <p>A passkey is bound to the relying party (the site's domain, {@code localhost}) and the browser's origin, which
 * includes the port: the vault listens on a port chosen here, and is told that origin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"demo", "test"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PasskeyBrowserTest {

    private static final int PORT = freePort();

    /** Fetches the download link with the page's session; answers its status and its bytes' SHA-256 (hex). */
    private static final String DOWNLOAD = """
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {credentials: 'same-origin'})
              .then(r => r.arrayBuffer().then(b => crypto.subtle.digest('SHA-256', b))
                .then(h => done({status: r.status, sha256: Array.from(new Uint8Array(h)).map(x => x.toString(16).padStart(2, '0')).join('')})))
              .catch(e => done({error: String(e)}));
            """;

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @DynamicPropertySource
    static void vault(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("vault-browser-passkey");
        registry.add("vault.store.data-dir", dir::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
        registry.add("server.port", () -> PORT);
        registry.add("vault.security.passkey-rp-id", () -> "localhost");
        registry.add("vault.security.passkey-origins", () -> "http://localhost:" + PORT);
    }

    private final VaultPages vault = new VaultPages(PORT);

    @Test
    void anOfficerAddsAPasskeyAndConfirmsWithItToDownloadAnItem(@TempDir Path dir) throws Exception {
        SoftAssertions softly = new SoftAssertions();
        Path file = VaultPages.pdf(dir, "lab-report.pdf", 30_000);
        WebDriver driver = browser.driver("en");
        VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2).setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));
        vault.logIn(driver, DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD);

        // an item to download: sent from the seed case's page
        WebElement seedCase = driver.findElement(By.cssSelector("main table a[href^='/cases/']"));
        String caseHref = seedCase.getDomAttribute("href");
        seedCase.click();
        awaitPath(driver, caseHref);
        String item = VaultPages.upload(driver, "en", "LAB_REPORT", file, VaultPages.WAIT).getDomAttribute("href");
        String id = item.substring("/evidence/".length());

        // the passkey, added from the home page's link
        driver.get(vault.url("/"));
        WebElement add = driver.findElement(By.cssSelector("main a[href='/account/second-factor']"));
        assertThat(add.getText()).isEqualTo(msg("en", "home.addPasskey"));
        add.click();
        awaitPath(driver, "/account/second-factor");
        BrowserSupport.screenshot(driver, "add-passkey-en");
        checkPage(softly, driver, "second-factor enrolment (en)");
        WebElement register = driver.findElement(By.id("passkey-register"));
        assertThat(register.getText()).isEqualTo(msg("en", "enrol.addPasskey"));
        register.click();
        String after = awaitPath(driver, "the page after the passkey is added (/login/second-factor or /)",
                p -> p.equals("/login/second-factor") || p.equals("/"));
        System.out.println("after adding the passkey, the browser is at " + after);
        List<Credential> credentials = authenticator.getCredentials();
        assertThat(credentials).as("the passkey in the authenticator").singleElement()
                .satisfies(c -> assertThat(c.isResidentCredential()).as("a discoverable credential").isTrue())
                .satisfies(c -> assertThat(c.getRpId()).isEqualTo("localhost"));
        BrowserSupport.screenshot(driver, "passkey-added-en");
        checkPage(softly, driver, "after adding a passkey (en)");

        // the step-up on the item's page
        driver.get(vault.url(item));
        assertThat(driver.findElements(By.cssSelector("a[href$='/content']"))).as("no download link before the confirmation").isEmpty();
        driver.findElement(By.id("passkey-login")).click();
        WebElement download = await(driver, By.cssSelector("a[href$='/content']"));
        assertThat(VaultPages.pageLanguage(driver)).isEqualTo("en");
        assertThat(currentPath(driver)).as("the page it comes back to").isEqualTo(item);
        assertThat(download.getDomAttribute("href")).isEqualTo("/api/v1/evidence/" + id + "/content");
        assertThat(download.getText()).isEqualTo(msg("en", "evidence.download"));
        assertThat(driver.findElements(By.id("passkey-login"))).as("no passkey button once confirmed").isEmpty();
        assertThat(authenticator.getCredentials().get(0).getSignCount()).as("the passkey signed the confirmation").isPositive();
        BrowserSupport.screenshot(driver, "evidence-confirmed-en");
        checkPage(softly, driver, "evidence item after the passkey confirmation (en)");

        Object answer = ((JavascriptExecutor) driver).executeAsyncScript(DOWNLOAD, download.getDomAttribute("href"));
        assertThat(answer).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", 200L).containsEntry("sha256", VaultPages.sha256(file));
        driver.navigate().refresh();
        List<String> actions = driver.findElements(By.cssSelector("main table tbody tr td:nth-child(4)")).stream().map(WebElement::getText).toList();
        softly.assertThat(actions).as("the download in the chain of custody").contains(msg("en", "action.evidence.download"));
        softly.assertAll();
    }

    private static String currentPath(WebDriver driver) {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
