package org.evidencevault.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;

/**
 * The browser set-up itself, without the vault: axe, injected by the driver, runs under the vault's CSP (no
 * inline script, no eval) and does find violations there, so an empty list from it means a clean page, not a
 * blocked checker; and the CSP still refuses the page's own inline script, which the console shows.
 */
class BrowserSupportTest {

    /** As SecurityConfiguration sends it. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Two known WCAG A violations (no lang, an unlabelled field) and an inline script the CSP must refuse. */
    private static final String PAGE = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Test page</title></head>
            <body><main><h1>Test page</h1><form><input name="q"></form>
            <script>document.title = 'inline script ran'</script></main></body></html>
            """;

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    private static HttpServer server;

    @BeforeAll
    static void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = (exchange.getRequestURI().getPath().equals("/") ? PAGE : "").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().add("Content-Security-Policy", CSP);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/") ? 200 : 404, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void axeRunsUnderTheStrictCspAndFindsViolations() {
        WebDriver driver = browser.driver("en");
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");

        assertThat(driver.getTitle()).as("the CSP refused the inline script").isEqualTo("Test page");
        List<String> violations = BrowserSupport.axe(driver);
        assertThat(violations).anyMatch(v -> v.startsWith("html-has-lang (serious): "))
                .anyMatch(v -> v.startsWith("label (critical): ") && v.contains("input"));
        assertThatThrownBy(() -> BrowserSupport.assertNoAxeViolations(driver, "test page"))
                .hasMessageContaining("test page (http://127.0.0.1:").hasMessageContaining("html-has-lang");
        // the refused inline script is in the console, and nothing else: axe caused no refusal
        assertThat(BrowserSupport.consoleErrors(driver)).filteredOn(e -> e.contains("Content Security Policy"))
                .singleElement().asString().contains("inline script");
        assertThat(BrowserSupport.screenshot(driver, "browser-support-test")).isNotEmptyFile();
    }
}
