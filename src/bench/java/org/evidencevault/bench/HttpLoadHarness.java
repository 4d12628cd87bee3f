package org.evidencevault.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.evidencevault.EvidenceVaultApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HTTP load harness (a {@code main}, not a test): starts the vault in-process with the {@code demo} profile on a
 * fresh data directory and a random loopback port, gets an officer's bearer token, looks up the seed case's
 * defenders and organisations, then has N concurrent clients POST seed-like incidents (a different title each) to
 * {@code /api/v1/incidents} for a warm-up period and a measured period. Only 201 responses count as successes;
 * anything else (other statuses, I/O errors, timeouts) is counted as an error. Prints creates/s and the latency
 * p50/p90/p99/max of the measured period, then shuts the vault down and deletes the data directory.
 *
 * <p>Arguments ({@code name=value}): {@code clients=16 warmup=10 measure=30 maxRequests=1000000
 * keys=keys-example/vault-keys.json}; any argument starting with {@code --} is passed to the vault
 * (e.g. {@code --vault.store.fsync=false}). Traffic goes to 127.0.0.1 only. Every client loop stops at the end of
 * the measured period or after {@code maxRequests} requests in all, whichever comes first.
 */
public final class HttpLoadHarness {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private HttpLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>(Map.of("clients", "16", "warmup", "10", "measure", "30",
                "maxRequests", "1000000", "keys", "keys-example/vault-keys.json"));
        List<String> vaultArgs = new ArrayList<>();
        for (String a : args) {
            if (a.isBlank()) {
                continue;
            }
            if (a.startsWith("--")) {
                vaultArgs.add(a);
            } else if (a.contains("=") && opts.containsKey(a.substring(0, a.indexOf('=')))) {
                opts.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + opts.keySet()
                        + " as name=value, or --vault.property=value");
            }
        }
        int clients = Integer.parseInt(opts.get("clients"));
        long warmupNanos = Duration.ofSeconds(Long.parseLong(opts.get("warmup"))).toNanos();
        long measureNanos = Duration.ofSeconds(Long.parseLong(opts.get("measure"))).toNanos();
        long maxRequests = Long.parseLong(opts.get("maxRequests"));
        if (clients < 1 || measureNanos <= 0 || warmupNanos < 0 || maxRequests < 1) {
            throw new IllegalArgumentException("need clients >= 1, measure > 0, warmup >= 0, maxRequests >= 1");
        }

        Path dataDir = Files.createTempDirectory("ev-bench-http");
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--vault.store.data-dir=" + dataDir, "--vault.keys.path=" + opts.get("keys"),
                "--spring.main.banner-mode=off"));
        appArgs.addAll(vaultArgs);
        System.out.println("[load] starting vault: " + appArgs);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("demo").run(appArgs.toArray(String[]::new));
        try {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            String fsync = ctx.getEnvironment().getProperty("vault.store.fsync");
            run(URI.create("http://127.0.0.1:" + port), clients, warmupNanos, measureNanos, maxRequests, fsync);
        } finally {
            ctx.close();
            deleteTree(dataDir);
        }
    }

    private static void run(URI base, int clients, long warmupNanos, long measureNanos, long maxRequests, String fsync)
            throws Exception {
        HttpClient setupClient = newClient();
        String token = officerToken(setupClient, base);
        String[] ids = seedIds(setupClient, base, token);
        long before = totalIncidents(setupClient, base, token);

        long start = System.nanoTime();
        long measureStart = start + warmupNanos;
        long end = measureStart + measureNanos;
        System.out.printf("[load] %d clients, warm-up %d s, measure %d s, vault.store.fsync=%s%n",
                clients, warmupNanos / 1_000_000_000L, measureNanos / 1_000_000_000L, fsync);

        java.util.concurrent.atomic.AtomicLong issued = new java.util.concurrent.atomic.AtomicLong();
        Worker[] workers = new Worker[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Worker w = new Worker(c, base, token, ids,
                    measureStart, end, issued, maxRequests, done);
            workers[c] = w;
            Thread t = new Thread(w, "load-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        // Each request has a 30 s timeout, so every client finishes within that of the end.
        if (!done.await(Duration.ofNanos(end - System.nanoTime()).plus(REQUEST_TIMEOUT).plusSeconds(10).toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS)) {
            System.out.println("[load] WARNING: some clients did not finish in time");
        }

        long ok = 0;
        long warmOk = 0;
        long warmErrors = 0;
        Map<String, Long> errors = new TreeMap<>();
        long[] all = new long[0];
        for (Worker w : workers) {
            ok += w.measuredOk;
            warmOk += w.warmOk;
            warmErrors += w.warmErrors;
            w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            long[] mine = Arrays.copyOf(w.latencies, w.count);
            long[] merged = Arrays.copyOf(all, all.length + mine.length);
            System.arraycopy(mine, 0, merged, all.length, mine.length);
            all = merged;
        }
        Arrays.sort(all);
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        // No request starts after the end; the period runs until the last measured request completes.
        long lastFinish = Math.max(end, Arrays.stream(workers).mapToLong(w -> w.lastFinish).max().orElse(end));
        double seconds = (lastFinish - measureStart) / 1e9;
        long after = totalIncidents(setupClient, base, token);

        System.out.println("[load] ---- results (measured period only) ----");
        System.out.printf("[load] clients=%d fsync=%s measured=%.2f s%n", clients, fsync, seconds);
        System.out.printf("[load] creates (201): %d  ->  %.1f creates/s%n", ok, ok / seconds);
        System.out.printf("[load] latency ms (201s and errors): p50=%.2f p90=%.2f p99=%.2f max=%.2f (n=%d)%n",
                ms(pct(all, 50)), ms(pct(all, 90)), ms(pct(all, 99)), ms(all.length == 0 ? 0 : all[all.length - 1]),
                all.length);
        System.out.printf("[load] errors: %d %s%n", errorCount, errors);
        System.out.printf("[load] warm-up: %d creates, %d errors; incidents stored before=%d after=%d (+%d)%n",
                warmOk, warmErrors, before, after, after - before);
    }

    /** One client: its own HttpClient (own connection), requests back to back. */
    private static final class Worker implements Runnable {
        private final int id;
        private final URI base;
        private final String token;
        private final String[] ids;
        private final long measureStart;
        private final long end;
        private final java.util.concurrent.atomic.AtomicLong issued;
        private final long maxRequests;
        private final CountDownLatch done;

        long[] latencies = new long[4096];
        int count;
        long measuredOk;
        long warmOk;
        long warmErrors;
        long lastFinish;
        final Map<String, Long> errors = new TreeMap<>();

        Worker(int id, URI base, String token, String[] ids, long measureStart, long end,
               java.util.concurrent.atomic.AtomicLong issued, long maxRequests, CountDownLatch done) {
            this.id = id;
            this.base = base;
            this.token = token;
            this.ids = ids;
            this.measureStart = measureStart;
            this.end = end;
            this.issued = issued;
            this.maxRequests = maxRequests;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                HttpClient http = newClient();
                URI uri = base.resolve("/api/v1/incidents");
                for (long n = 0; System.nanoTime() < end && issued.incrementAndGet() <= maxRequests; n++) {
                    byte[] body = JSON.writeValueAsBytes(incident("client " + id + " #" + n, ids));
                    HttpRequest req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    long t0 = System.nanoTime();
                    String error;
                    try {
                        HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        error = res.statusCode() == 201 ? null : "HTTP " + res.statusCode();
                    } catch (IOException e) {
                        error = e.getClass().getSimpleName();
                    }
                    long t1 = System.nanoTime();
                    if (t0 < measureStart) {
                        if (error == null) {
                            warmOk++;
                        } else {
                            warmErrors++;
                        }
                    } else {
                        // measured: every request started in the measured period, to its completion
                        record(t1 - t0);
                        lastFinish = t1;
                        if (error == null) {
                            measuredOk++;
                        } else {
                            errors.merge(error, 1L, Long::sum);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                errors.merge("client crashed: " + e.getClass().getSimpleName(), 1L, Long::sum);
            } finally {
                done.countDown();
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    /** A bearer token of the demo officer (password and a current TOTP code). */
    static String officerToken(HttpClient http, URI base) throws Exception {
        return JSON.readTree(send(http, HttpRequest.newBuilder(base.resolve("/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"officer\",\"password\":\"violet-harbour-demo\",\"code\":\""
                        + org.evidencevault.crypto.Totp.code(org.evidencevault.crypto.Totp.fromBase32(
                                org.evidencevault.common.DemoTotpSecrets.OFFICER), java.time.Instant.now()) + "\"}")),
                200)).path("token").asString();
    }

    /** The ids the seed-like incident refers to: the two seed defenders, NSO Group, SEDENA, Citizen Lab. */
    static String[] seedIds(HttpClient http, URI base, String token) throws Exception {
        return new String[] {
                onlyId(http, base, token, "/api/v1/defenders/search", "María Luisa Aguilar Rodríguez"),
                onlyId(http, base, token, "/api/v1/defenders/search", "Jorge Santiago Aguirre Espinosa"),
                onlyId(http, base, token, "/api/v1/organisations/search", "NSO Group"),
                onlyId(http, base, token, "/api/v1/organisations/search", "SEDENA"),
                onlyId(http, base, token, "/api/v1/organisations/search", "Citizen Lab")};
    }

    /** A seed-like incident (the 2022 Centro Prodh case): five DAY infections, one Citizen Lab confirmation. */
    static ObjectNode incident(String tag, String[] ids) {
        ObjectNode i = JSON.createObjectNode()
                .put("title", "Pegasus infections of two Centro Prodh defenders, Jun–Sep 2022 (load " + tag + ")");
        i.putArray("defenderIds").add(ids[0]).add(ids[1]);
        i.put("spyware", "PEGASUS").put("vendorOrganisationId", ids[2]).put("suspectedOperatorOrganisationId", ids[3])
                .put("operatorInvolvement", "SUSPECTED_OF_INVOLVEMENT").put("status", "CONFIRMED_INFECTION");
        ArrayNode events = i.putArray("infectionEvents");
        for (String d : List.of("2022-06-22", "2022-06-23", "2022-07-13", "2022-09-24", "2022-09-29")) {
            events.addObject().put("status", "CONFIRMED_INFECTION").set("date", day(d));
        }
        ObjectNode c = i.putArray("forensicConfirmations").addObject()
                .put("labOrganisationId", ids[4]).put("trigger", "APPLE_THREAT_NOTIFICATION");
        c.set("triggerDate", day("2022-12-15"));
        c.put("method", "LAB_PROPRIETARY");
        c.set("publishedOn", day("2023-04-18"));
        c.put("reportUrl", "https://citizenlab.ca/2023/04/nso-groups-pegasus-spyware-returns-in-2022/")
                .put("confidence", "HIGH");
        i.put("contextNotes", "At the time of the infections the defenders were denouncing violations by the "
                + "Mexican Armed Forces: Ayotzinapa case milestones (the disappearance of the 43 students), Dirty War "
                + "cases, and the murder of two Jesuit priests in Cerocahui, Chihuahua (S0, S6).");
        return i;
    }

    private static ObjectNode day(String value) {
        return JSON.createObjectNode().put("value", value).put("precision", "DAY");
    }

    /**
     * Starts the whole vault in-process (profile {@code demo}, example keys) on {@code dataDir}, on a free loopback
     * port, with warnings only in its log; {@code vaultArgs} ({@code --x=y}) come last and win.
     */
    static org.springframework.context.ConfigurableApplicationContext startDemoVault(Path dataDir, List<String> vaultArgs) {
        List<String> appArgs = new java.util.ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--vault.store.data-dir=" + dataDir, "--vault.keys.path=keys-example/vault-keys.json", "--logging.level.root=warn"));
        appArgs.addAll(vaultArgs);
        return new org.springframework.boot.builder.SpringApplicationBuilder(org.evidencevault.EvidenceVaultApplication.class)
                .profiles("demo").run(appArgs.toArray(String[]::new));
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static String send(HttpClient http, HttpRequest.Builder req, int expected) throws Exception {
        HttpResponse<String> res = http.send(req.timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != expected) {
            throw new IllegalStateException(req.build().uri() + " answered " + res.statusCode() + ": " + res.body());
        }
        return res.body();
    }

    /** The id of the one record a search ({@code POST .../search}, the name in the body, never in the URL) finds. */
    static String onlyId(HttpClient http, URI base, String token, String searchPath, String name) throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("name", name));
        JsonNode page = JSON.readTree(send(http, HttpRequest.newBuilder(base.resolve(searchPath))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), 200));
        JsonNode items = page.path("items");
        if (items.size() != 1) {
            throw new IllegalStateException("expected one seed record named " + name + ", found " + items.size());
        }
        return items.get(0).path("id").asString();
    }

    private static long totalIncidents(HttpClient http, URI base, String token) throws Exception {
        return JSON.readTree(send(http, HttpRequest.newBuilder(base.resolve("/api/v1/incidents?size=1"))
                .header("Authorization", "Bearer " + token).GET(), 200)).path("totalItems").asLong();
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
