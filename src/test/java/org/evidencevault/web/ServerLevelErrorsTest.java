package org.evidencevault.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests that never reach a controller (refused by Spring Security's firewall, or by Tomcat itself
 * before the application sees them) still get a problem document, never Spring's default JSON with the
 * request's path or Tomcat's HTML page naming the server. Sent over a raw socket to a real server, since
 * MockMvc has neither Tomcat nor its parser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class ServerLevelErrorsTest {

    private static final String MARK = "zqmark7741";

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("vault-server-errors");
        registry.add("vault.store.data-dir", dir::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/incidents/%2e%2e/" + MARK,          // encoded dot segment: the firewall
            "/api/v1/incidents/a%2F" + MARK,             // encoded slash: the firewall
            "/api/v1/incidents/a%00" + MARK,             // encoded NUL
            "/api/v1/incidents;" + MARK + "=1",          // path parameter: the firewall
            "/api/v1/incidents/%zz" + MARK,              // broken escape: Tomcat
            "/api/v1/incidents/a|" + MARK,               // illegal character: Tomcat
            "/api/v1/incidents/a{" + MARK + "}"})
    void refusedRequestsGetAProblemDocumentThatEchoesNothing(String target) throws Exception {
        String response = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 4");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(body).contains("\"type\":\"urn:evidence-vault:problem:").doesNotContain(MARK)
                .doesNotContain("<html").doesNotContain("Tomcat").doesNotContain("\"path\"").doesNotContain("Exception");
    }

    @Test
    void aMalformedRequestLineGetsAProblemDocument() throws Exception {
        String response = raw("GET /api/v1/" + MARK + " HTTP/1.1 extra\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).doesNotContain(MARK).doesNotContain("<html").doesNotContain("Tomcat");
    }

    @Test
    void stylesheetsAndScriptsAreSentCompressedPagesNever() throws Exception {
        // a page holds a CSRF token: compressed next to reflected text its length could give it away (BREACH)
        String css = raw("GET /vendor/govuk-frontend/govuk-frontend.min.css HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(css).startsWith("HTTP/1.1 200").containsIgnoringCase("content-encoding: gzip");
        String page = raw("GET /login HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nAccept-Language: es\r\nConnection: close\r\n\r\n");
        assertThat(page).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("content-encoding").contains("name=\"_csrf\"");
    }

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
