package org.evidencevault.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evidencevault.crypto.Totp;

/**
 * Logins and authenticated requests against a running vault, over HTTP, with many clients at once:
 * {@code java -cp ... org.evidencevault.bench.LoginBench <base-url> <new|old> [clients] [logins-per-client] [seconds]}.
 *
 * <ul>
 * <li>{@code new}: the vault with two factors. An ADMIN (the demo admin, password and code) creates
 *     {@code clients x logins} accounts; each enrols an authenticator through the browser pages (password
 *     form, enrolment page, confirmation code), as a person would. Then each client logs in its accounts
 *     one after the other: {@code POST /api/v1/auth/token} with password and a current code (a full login,
 *     both factors, one Argon2id verification, one TOTP check, the audit entries).</li>
 * <li>{@code teams}: as {@code new}, for a build with case teams: the accounts are created in the team
 *     {@code geneva-desk} (an officer in no team may create nothing).</li>
 * <li>{@code old}: the vault before two factors (commit 0649ffd): the same number of logins, each
 *     {@code POST /api/v1/auth/token} with the demo officer's password.</li>
 * </ul>
 * Then every client, with one of its tokens, sends {@code GET /api/v1/auth/whoami} and
 * {@code GET /api/v1/incidents?size=20} for {@code seconds} seconds each. Prints p50/p99/max latency and
 * requests per second. Each login of the new vault uses a new account, because a code is accepted once.
 */
public final class LoginBench {

    private static boolean teams;

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("<code>([A-Z2-7]{16,})</code>");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final String ADMIN_TOTP = "DEMOADMINTOTPSECRETAAAAAAAAAAAAA";

    private record Person(String username, String password, String secret, long enrolledStep) {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        // "teams": a build with case teams (its accounts are created in the demo officer's team)
        boolean twoFactors = "new".equals(args[1]) || "teams".equals(args[1]);
        teams = "teams".equals(args[1]);
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int logins = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<List<Person>> people = new ArrayList<>();
        if (twoFactors) {
            // health answers UP before the start-up runners have created the demo accounts: wait for the admin
            String adminToken = null;
            for (int attempt = 0; adminToken == null; attempt++) {
                try {
                    adminToken = token(http, base, "admin", "vault-keeper-demo", Totp.code(Totp.fromBase32(ADMIN_TOTP), Instant.now()));
                } catch (IllegalStateException notYet) {
                    if (attempt >= 20) {
                        throw notYet;
                    }
                    Thread.sleep(1000);
                }
            }
            String admin = adminToken;
            long t0 = System.nanoTime();
            ExecutorService setup = Executors.newFixedThreadPool(4);
            List<Future<Person>> made = new ArrayList<>();
            String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
            for (int i = 0; i < clients * logins; i++) {
                String name = "bench-" + run + "-" + i;
                made.add(setup.submit(() -> enrol(http, base, admin, name)));
            }
            for (int c = 0; c < clients; c++) {
                List<Person> mine = new ArrayList<>();
                for (int l = 0; l < logins; l++) {
                    mine.add(made.get(c * logins + l).get());
                }
                people.add(mine);
            }
            setup.shutdown();
            System.out.printf("[setup] %d accounts created and enrolled in %.1f s%n", clients * logins, (System.nanoTime() - t0) / 1e9);
        }

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> loginTimes = new ArrayList<>();
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            List<Person> mine = twoFactors ? people.get(c) : null;
            loginTimes.add(pool.submit(() -> {
                List<Long> times = new ArrayList<>();
                for (int l = 0; l < logins; l++) {
                    long t = System.nanoTime();
                    String token;
                    if (twoFactors) {
                        Person p = mine.get(l);
                        long step = Math.max(p.enrolledStep() + 1, Instant.now().getEpochSecond() / Totp.STEP_SECONDS);
                        token = token(http, base, p.username(), p.password(),
                                Totp.code(Totp.fromBase32(p.secret()), Instant.ofEpochSecond(step * Totp.STEP_SECONDS)));
                    } else {
                        token = token(http, base, "officer", "officer-demo-pass", null);
                    }
                    times.add(System.nanoTime() - t);
                    if (l == 0) {
                        tokens.add(token);
                    }
                }
                return times;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : loginTimes) {
            all.addAll(f.get());
        }
        report("login (" + (twoFactors ? "password + code" : "password") + ")", all, System.nanoTime() - start);

        for (String path : List.of("/api/v1/auth/whoami", "/api/v1/incidents?size=20")) {
            List<Future<List<Long>>> reqs = new ArrayList<>();
            long begin = System.nanoTime();
            long end = begin + seconds * 1_000_000_000L;
            for (String token : tokens) {
                reqs.add(pool.submit(() -> {
                    List<Long> times = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(path + " answered " + r.statusCode());
                        }
                        times.add(System.nanoTime() - t);
                    }
                    return times;
                }));
            }
            List<Long> times = new ArrayList<>();
            for (Future<List<Long>> f : reqs) {
                times.addAll(f.get());
            }
            report("GET " + path, times, System.nanoTime() - begin);
        }
        if (twoFactors) {
            search(http, base, tokens, pool, seconds);
            createsAndReads(http, base, tokens, pool, seconds);
        }
        pool.shutdown();
    }

    /**
     * Every client searches incidents by the seed defender's name for {@code seconds} ({@code POST
     * /api/v1/incidents/search}, a blind-index look-up, the policy's filter, the decryption of what is found); each
     * answer must find the seed incident.
     */
    private static void search(HttpClient http, URI base, List<String> tokens, ExecutorService pool, int seconds) throws Exception {
        List<Future<List<Long>>> reqs = new ArrayList<>();
        long begin = System.nanoTime();
        long end = begin + seconds * 1_000_000_000L;
        for (String token : tokens) {
            reqs.add(pool.submit(() -> {
                List<Long> times = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/incidents/search"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"defenderName\":\"Maria Luisa Aguilar Rodriguez\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || r.body().contains("\"totalItems\":0")) {
                        throw new IllegalStateException("search answered " + r.statusCode() + " without the seed incident");
                    }
                    times.add(System.nanoTime() - t);
                }
                return times;
            }));
        }
        List<Long> times = new ArrayList<>();
        for (Future<List<Long>> f : reqs) {
            times.addAll(f.get());
        }
        report("POST /api/v1/incidents/search", times, System.nanoTime() - begin);
    }

    /** Every client creates seed-like incidents for {@code seconds}, then reads back its own, one at a time. */
    private static void createsAndReads(HttpClient http, URI base, List<String> tokens, ExecutorService pool, int seconds)
            throws Exception {
        String t0 = tokens.get(0);
        String[] ids = {onlyId(http, base, t0, "/api/v1/defenders/search", "María Luisa Aguilar Rodríguez"),
                onlyId(http, base, t0, "/api/v1/defenders/search", "Jorge Santiago Aguirre Espinosa"),
                onlyId(http, base, t0, "/api/v1/organisations/search", "NSO Group"),
                onlyId(http, base, t0, "/api/v1/organisations/search", "SEDENA"),
                onlyId(http, base, t0, "/api/v1/organisations/search", "Citizen Lab")};
        List<List<String>> created = new ArrayList<>();
        List<Future<List<Long>>> creates = new ArrayList<>();
        long begin = System.nanoTime();
        long end = begin + seconds * 1_000_000_000L;
        for (int c = 0; c < tokens.size(); c++) {
            String token = tokens.get(c);
            List<String> mine = Collections.synchronizedList(new ArrayList<>());
            created.add(mine);
            int client = c;
            creates.add(pool.submit(() -> {
                List<Long> times = new ArrayList<>();
                for (int n = 0; System.nanoTime() < end; n++) {
                    byte[] body = tools.jackson.databind.json.JsonMapper.builder().build()
                            .writeValueAsBytes(HttpLoadHarness.incident("bench " + client + " #" + n, ids));
                    long t = System.nanoTime();
                    String r = send(http, HttpRequest.newBuilder(base.resolve("/api/v1/incidents"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)), 201);
                    times.add(System.nanoTime() - t);
                    mine.add(match(ID, r));
                }
                return times;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : creates) {
            all.addAll(f.get());
        }
        report("POST /api/v1/incidents", all, System.nanoTime() - begin);

        List<Future<List<Long>>> reads = new ArrayList<>();
        long rBegin = System.nanoTime();
        long rEnd = rBegin + seconds * 1_000_000_000L;
        for (int c = 0; c < tokens.size(); c++) {
            String token = tokens.get(c);
            List<String> mine = created.get(c);
            reads.add(pool.submit(() -> {
                List<Long> times = new ArrayList<>();
                for (int n = 0; System.nanoTime() < rEnd; n++) {
                    long t = System.nanoTime();
                    send(http, HttpRequest.newBuilder(base.resolve("/api/v1/incidents/" + mine.get(n % mine.size())))
                            .header("Authorization", "Bearer " + token).GET(), 200);
                    times.add(System.nanoTime() - t);
                }
                return times;
            }));
        }
        all = new ArrayList<>();
        for (Future<List<Long>> f : reads) {
            all.addAll(f.get());
        }
        report("GET /api/v1/incidents/{id}", all, System.nanoTime() - rBegin);
    }

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private static String onlyId(HttpClient http, URI base, String token, String path, String name) throws Exception {
        String body = send(http, HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}", StandardCharsets.UTF_8)), 200);
        return match(ID, body);
    }

    /** An account made by the ADMIN, then enrolled as its owner would: password form, enrolment page, first code. */
    private static Person enrol(HttpClient http, URI base, String adminToken, String username) throws Exception {
        String password = "orchid-lantern-meadow-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        send(http, HttpRequest.newBuilder(base.resolve("/api/v1/admin/accounts")).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password
                        + "\",\"roles\":[\"PROTECTION_OFFICER\"]" + (teams ? ",\"teams\":[\"geneva-desk\"]" : "") + "}")), 201);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        String csrf = match(CSRF, send(browser, HttpRequest.newBuilder(base.resolve("/login")).GET(), 200));
        send(browser, form(base, "/login", Map.of("username", username, "password", password, "_csrf", csrf)), 302);
        csrf = match(CSRF, send(browser, HttpRequest.newBuilder(base.resolve("/account/second-factor")).GET(), 200));
        String page = send(browser, form(base, "/account/second-factor/totp", Map.of("_csrf", csrf)), 200);
        String secret = match(SECRET, page);
        csrf = match(CSRF, page);
        long step = Instant.now().getEpochSecond() / Totp.STEP_SECONDS;
        send(browser, form(base, "/account/second-factor/totp/confirm", Map.of("_csrf", csrf,
                "code", Totp.code(Totp.fromBase32(secret), Instant.ofEpochSecond(step * Totp.STEP_SECONDS)))), 302);
        return new Person(username, password, secret, step);
    }

    private static String token(HttpClient http, URI base, String username, String password, String code) throws Exception {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\""
                + (code == null ? "" : ",\"code\":\"" + code + "\"") + "}";
        return match(TOKEN, send(http, HttpRequest.newBuilder(base.resolve("/api/v1/auth/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 200));
    }

    private static HttpRequest.Builder form(URI base, String path, Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(sb.toString()));
    }

    private static String send(HttpClient http, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode()
                    + ", expected " + expected);
        }
        return r.body();
    }

    private static String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("not found in the page: " + p);
        }
        return m.group(1);
    }

    private static void report(String what, List<Long> nanos, long elapsed) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("[result] %-40s n=%6d  p50=%7.1f ms  p99=%7.1f ms  max=%7.1f ms  %7.1f/s%n", what, sorted.size(),
                pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, sorted.size() / (elapsed / 1e9));
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
