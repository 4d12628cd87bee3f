package org.evidencevault.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scale benchmark's measurements (issue 14, point 3; docs/BENCHMARKS.md section 14), a {@code main} that talks to
 * the vault over HTTP only, so the same class measures any build (put that build's classes first on the class path):
 * copies a data directory loaded by {@link ScaleLoad} (so every build starts from the same store), starts the vault
 * on the copy (profile {@code demo}) and prints the time to ready and the heap in use at rest (after two GCs), then,
 * once the evidence cipher's warm-up thread is done (it takes a core for seconds after ready), as the demo officer, one request at a time after 20 untimed ones: {@code samples} name searches
 * ({@code POST /api/v1/incidents/search} for names of {@code names.txt}, each answer checked to hold an incident),
 * {@code samples} first pages of 20 incidents ({@code GET /api/v1/incidents?size=20}, checked to hold 20), and
 * {@code creates} incident creates ({@code POST /api/v1/incidents}); then the same creates on a fresh empty vault
 * (the demo seed only) in the same run, for the side-by-side create figure. p50, p99 and max in ms.
 *
 * <p>Arguments: {@code dir=/tmp/ev-scale label=new samples=300 creates=300 empty=true}; {@code --x=y} go to the vault.
 */
public final class ScaleMeasure {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScaleMeasure() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/tmp/ev-scale");
        String label = "build";
        int samples = 300;
        int creates = 300;
        boolean empty = true;
        List<String> vaultArgs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--")) {
                vaultArgs.add(a);
            } else if (a.startsWith("dir=")) {
                dir = Path.of(a.substring(4));
            } else if (a.startsWith("label=")) {
                label = a.substring(6);
            } else if (a.startsWith("samples=")) {
                samples = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("creates=")) {
                creates = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("empty=")) {
                empty = Boolean.parseBoolean(a.substring(6));
            } else {
                throw new IllegalArgumentException("unknown argument " + a + "; known: dir= label= samples= creates= empty=");
            }
        }
        List<String> names = Files.readAllLines(dir.resolve("names.txt"), StandardCharsets.UTF_8);
        Path copy = Files.createTempDirectory("ev-scale-" + label);
        long c0 = System.nanoTime();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        System.out.printf("[scale] %s: copied %s in %.1f s (%.1f MB), java %s, %d cpus, max heap %d MiB%n", label, dir,
                (System.nanoTime() - c0) / 1e9, Files.size(copy.resolve("vault.mv.db")) / 1e6, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        try {
            measure(label, copy, names, samples, creates, vaultArgs, true);
        } finally {
            HttpLoadHarness.deleteTree(copy);
        }
        if (empty) {
            Path fresh = Files.createTempDirectory("ev-scale-empty");
            try {
                measure(label + " (empty store)", fresh, names, 0, creates, vaultArgs, false);
            } finally {
                HttpLoadHarness.deleteTree(fresh);
            }
        }
    }

    private static void measure(String label, Path dataDir, List<String> names, int samples, int creates, List<String> vaultArgs,
                                boolean loaded) throws Exception {
        long t0 = System.nanoTime();
        ConfigurableApplicationContext ctx = HttpLoadHarness.startDemoVault(dataDir, vaultArgs);
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        try {
            URI base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort());
            HttpClient http = HttpLoadHarness.newClient();
            waitUp(http, base);
            double upSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(5000);
            System.gc();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("[scale] %s: start %.2f s to ready (%.2f s to health UP), heap at rest %.0f MiB%n", label,
                    startSeconds, upSeconds, heap / 1048576.0);
            // the evidence cipher's warm-up (vault.evidence.warm-up, 512 MB on a background thread after ready) takes a
            // core for seconds on this machine: the requests are timed once it is over, as on a vault that has been up a while
            long w = System.nanoTime();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("evidence-cipher-warm-up")) {
                    t.join(120_000);
                }
            }
            System.out.printf("[scale] %s: waited %.1f s more for the evidence cipher's warm-up to end%n", label,
                    (System.nanoTime() - w) / 1e9);
            String token = HttpLoadHarness.officerToken(http, base);
            Random random = new Random(42);
            if (loaded && samples > 0) {
                long[] search = new long[samples];
                for (int i = -20; i < samples; i++) {
                    String name = names.get(random.nextInt(names.size()));
                    long s = System.nanoTime();
                    JsonNode page = JSON.readTree(HttpLoadHarness.send(http, HttpRequest.newBuilder(base.resolve("/api/v1/incidents/search"))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                    JSON.createObjectNode().put("defenderName", name)))), 200));
                    long took = System.nanoTime() - s;
                    if (page.path("items").size() < 1) {
                        throw new IllegalStateException("a search found no incident of a loaded defender");
                    }
                    if (i >= 0) {
                        search[i] = took;
                    }
                }
                print(label, "search by defender name", search);
                long[] list = new long[samples];
                for (int i = -20; i < samples; i++) {
                    long s = System.nanoTime();
                    JsonNode page = JSON.readTree(HttpLoadHarness.send(http, HttpRequest.newBuilder(base.resolve("/api/v1/incidents?size=20"))
                            .header("Authorization", "Bearer " + token).GET(), 200));
                    long took = System.nanoTime() - s;
                    if (page.path("items").size() != 20) {
                        throw new IllegalStateException("a first page held " + page.path("items").size() + " incidents");
                    }
                    if (i >= 0) {
                        list[i] = took;
                    }
                }
                print(label, "list 20 newest incidents", list);
            }
            if (creates > 0) {
                String[] ids = HttpLoadHarness.seedIds(http, base, token);
                long[] create = new long[creates];
                for (int i = -20; i < creates; i++) {
                    byte[] body = JSON.writeValueAsBytes(HttpLoadHarness.incident("scale #" + i, ids));
                    long s = System.nanoTime();
                    HttpLoadHarness.send(http, HttpRequest.newBuilder(base.resolve("/api/v1/incidents"))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)), 201);
                    if (i >= 0) {
                        create[i] = System.nanoTime() - s;
                    }
                }
                print(label, "create an incident", create);
            }
        } finally {
            ctx.close();
        }
    }

    private static void waitUp(HttpClient http, URI base) throws Exception {
        for (int i = 0; i < 600; i++) {
            var res = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 200 && res.body().contains("\"UP\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("health never became UP");
    }

    private static void print(String label, String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("[scale] %s: %-26s n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", label, what, sorted.length,
                HttpLoadHarness.pct(sorted, 50) / 1e6, HttpLoadHarness.pct(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
