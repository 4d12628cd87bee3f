package org.evidencevault.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a vault outside the demo profile shows to someone without an account, on a real server: the API
 * documentation needs a login, health says only UP or DOWN, no demo account exists, redirects never
 * carry the Host header a client sent, the metrics need the scraper's token, and the session cookie is
 * {@code __Host-} prefixed and {@code Secure} when the public base URL is https.
 */
class ProductionExposureTest {

    @TempDir
    static Path dir;

    private static ConfigurableApplicationContext vault;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path keys = dir.resolve("vault-keys.json");
        KeySetFile.generate(keys, false);
        vault = VaultContexts.start(dir.resolve("data"), keys,
                List.of("--vault.web.public-base-url=https://vault.example.org"), "test");
    }

    @AfterAll
    static void stop() {
        if (vault != null) {
            vault.close();
        }
    }

    @Test
    void apiDocumentationNeedsALogin() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs", "application/json");
        assertThat(docs.statusCode()).isEqualTo(401);
        assertThat(docs.body()).contains("urn:evidence-vault:problem:unauthenticated").doesNotContain("paths");
        HttpResponse<String> ui = get("/swagger-ui/index.html", "text/html");
        assertThat(ui.statusCode()).isEqualTo(302);
        assertThat(ui.headers().firstValue("Location")).contains("/login");
    }

    @Test
    void anonymousHealthIsOnlyUpOrDown() throws Exception {
        HttpResponse<String> health = get("/actuator/health", "application/json");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void theMetricsNeedTheScrapeTokenAndAreNeverARedirect() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/prometheus", "text/plain");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Location")).isEmpty();
        assertThat(anonymous.body()).doesNotContain("vault_");
        HttpResponse<String> scraped = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + MetricsEndpointTest.SCRAPE_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("vault_audit_appends_total", "vault_logins_total", "mongodb_driver_commands_seconds_count");
        HttpResponse<String> index = get("/actuator", "application/json");
        assertThat(index.statusCode()).as("no discovery page").isIn(401, 404);
        assertThat(index.body()).doesNotContain("prometheus");
    }

    @Test
    void thereAreNoDemoAccounts() throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"officer\",\"password\":\"" + DemoAccounts.OFFICER_PASSWORD
                        + "\",\"code\":\"123456\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(vault.getBean(AccountService.class).find(DemoAccounts.OFFICER)).isEmpty();
    }

    @Test
    void redirectsNeverCarryTheHostAClientSent() throws Exception {
        List<String> head = rawGet("/", "evil.example");
        assertThat(head.get(0)).contains(" 302");
        assertThat(head).anyMatch(h -> h.equalsIgnoreCase("Location: /login"));
        assertThat(String.join("\n", head)).doesNotContain("evil.example");
    }

    @Test
    void theSessionCookieIsHostBoundAndSecureOverTls() throws Exception {
        HttpResponse<String> login = get("/login", "text/html");
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.contains("vault-session")).findFirst().orElseThrow();
        assertThat(cookie).startsWith("__Host-vault-session=").contains("Secure").contains("HttpOnly").contains("Path=/")
                .contains("SameSite=Strict").doesNotContain("Domain=");
    }

    private static String base() {
        return "http://127.0.0.1:" + vault.getEnvironment().getProperty("local.server.port");
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a Host header of our choosing (java.net.http does not allow one): the status line and headers. */
    private static List<String> rawGet(String path, String host) throws Exception {
        int port = Integer.parseInt(vault.getEnvironment().getProperty("local.server.port"));
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }
}
