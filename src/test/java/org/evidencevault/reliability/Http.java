package org.evidencevault.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.evidencevault.crypto.Totp;
import org.evidencevault.security.DemoAccounts;
import org.springframework.context.ConfigurableApplicationContext;

/** A tiny HTTP client for tests against running vaults (real ports, real Tomcat). */
final class Http {

    /** A response: status, the Retry-After header (or null), body, and how long it took. */
    record Reply(int status, String retryAfter, String body, long millis) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static String base(ConfigurableApplicationContext vault) {
        return "http://127.0.0.1:" + vault.getEnvironment().getProperty("local.server.port");
    }

    static Reply get(ConfigurableApplicationContext vault, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base(vault) + path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static Reply post(ConfigurableApplicationContext vault, String path, String json, String token) throws Exception {
        return post(base(vault), path, json, token);
    }

    static Reply post(String base, String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /**
     * A bearer token for the demo officer: password and the current authenticator code. A code is used once,
     * so a second token within the same 30 seconds (another vault on the same store) takes the next code,
     * which the vault accepts one step early.
     */
    static String officerToken(ConfigurableApplicationContext vault) throws Exception {
        return officerToken(base(vault));
    }

    /** As {@link #officerToken(ConfigurableApplicationContext)}, for a vault at {@code base} (another process). */
    static String officerToken(String base) throws Exception {
        return token(base, DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD, DemoAccounts.OFFICER_TOTP);
    }

    /** A bearer token for the demo admin, as {@link #officerToken(String)}. */
    static String adminToken(String base) throws Exception {
        return token(base, DemoAccounts.ADMIN, DemoAccounts.ADMIN_PASSWORD, DemoAccounts.ADMIN_TOTP);
    }

    private static String token(String base, String user, String password, String totp) throws Exception {
        Reply r = null;
        for (int step = 0; step <= 1; step++) {
            String code = Totp.code(Totp.fromBase32(totp), Instant.now().plusSeconds(30L * step));
            r = post(base, "/api/v1/auth/token", "{\"username\":\"" + user + "\",\"password\":\""
                    + password + "\",\"code\":\"" + code + "\"}", null);
            if (r.status() == 200) {
                return r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            }
        }
        throw new AssertionError("no token: " + r);
    }

    private static Reply send(HttpRequest request) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}
