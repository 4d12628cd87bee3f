package org.evidencevault.ui;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.common.DemoTotpSecrets;
import org.evidencevault.crypto.Totp;
import org.evidencevault.security.DemoAccounts;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Server time to render the officer's case list (the home page) and the seed case's page, over HTTP on loopback with
 * a real session (password, then the demo TOTP code), p50 and p99 of sequential requests after a warm-up; and the
 * weight of each main page: its HTML and the stylesheets and scripts it loads, in bytes and as sent to a browser that
 * accepts gzip (the server compresses stylesheets and scripts, never pages). Every request of the home page and the case
 * page is an audited read (a signed entry), as in real use.
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" org.evidencevault.ui.PageRenderBench 200
 * </pre>
 */
public final class PageRenderBench {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:value|content)=\"([^\"]+)\"");
    private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/(?:assets|vendor)/[^\"]+)\"");
    private static final Pattern CASE = Pattern.compile("href=\"(/cases/[0-9a-f-]{36})\"");

    private PageRenderBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path work = Files.createTempDirectory(Path.of("target"), "render-bench");
        ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class).profiles("demo")
                .run("--vault.store.data-dir=" + work.resolve("data"), "--vault.keys.path=keys-example/vault-keys.json", "--server.port=0",
                        "--logging.level.root=warn", "--vault.integrity.sweep-enabled=false");
        try {
            String base = "http://127.0.0.1:" + vault.getEnvironment().getProperty("local.server.port");
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
            String login = get(client, base + "/login").body();
            post(client, base + "/login", "username=" + DemoAccounts.OFFICER + "&password=" + DemoAccounts.OFFICER_PASSWORD + "&_csrf=" + csrf(login));
            String second = get(client, base + "/login/second-factor").body();
            String code = Totp.code(Totp.fromBase32(DemoTotpSecrets.OFFICER), Instant.now());
            post(client, base + "/login/totp", "code=" + code + "&_csrf=" + csrf(second));
            String home = get(client, base + "/").body();
            Matcher m = CASE.matcher(home);
            if (!m.find()) {
                throw new IllegalStateException("no case on the officer's home page: the login did not work");
            }
            String casePath = m.group(1);
            System.out.printf("# %d requests each, %d cores, %s%n", n, Runtime.getRuntime().availableProcessors(), Instant.now());
            for (String path : List.of("/", casePath, "/login")) {
                for (int i = 0; i < n / 4; i++) {
                    get(client, base + path);
                }
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = get(client, base + path);
                    times.add(System.nanoTime() - t);
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + r.statusCode());
                    }
                }
                times.sort(null);
                String html = get(client, base + path).body();
                long weight = html.getBytes(StandardCharsets.UTF_8).length;
                Set<String> assets = new LinkedHashSet<>();
                Matcher a = ASSET.matcher(html);
                while (a.find()) {
                    assets.add(a.group(1));
                }
                if (assets.contains("/assets/js/ui.js")) {
                    assets.add("/vendor/govuk-frontend/govuk-frontend.min.js"); // imported by ui.js
                }
                long sent = weight;
                for (String asset : assets) {
                    weight += client.send(HttpRequest.newBuilder(URI.create(base + asset)).build(), HttpResponse.BodyHandlers.ofByteArray())
                            .body().length;
                    sent += client.send(HttpRequest.newBuilder(URI.create(base + asset)).header("Accept-Encoding", "gzip").build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body().length;
                }
                System.out.printf("%-8s p50 %.1f ms, p99 %.1f ms | html %,d bytes; with its %d assets %,d bytes, %,d sent with gzip%n",
                        path.startsWith("/cases/") ? "/cases/…" : path, times.get(n / 2) / 1e6, times.get(n * 99 / 100) / 1e6,
                        html.getBytes(StandardCharsets.UTF_8).length, assets.size(), weight, sent);
            }
        } finally {
            vault.close();
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in the page");
        }
        return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void post(HttpClient client, String url, String form) throws Exception {
        client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
