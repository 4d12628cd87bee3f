package org.evidencevault.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.RawBsonDocument;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.store.EmbeddedStore;
import org.evidencevault.store.StoreHandle;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Store growth (issue 14, point 1), a {@code main}: for each configuration given, starts the whole vault
 * in-process on a fresh data directory (profile {@code demo}, so with the seed case), has 16 clients create
 * {@code creates} seed-like incidents over HTTP ({@code POST /api/v1/incidents}, each with its audit entry and
 * data key), and every {@code sample} creates prints the store file's size next to the total BSON size of the
 * live documents (every collection read as raw BSON) and their ratio. After the creates it lets the vault idle
 * for {@code idle} seconds and prints both again: the file must not grow while the live data does not.
 *
 * <p>Arguments: {@code creates=100000 sample=10000 clients=16 idle=60} and one or more {@code fill=N}
 * (the compaction fill rate, {@code vault.store.compaction.fill-rate}; 0 is no compaction, as before it
 * existed), run one after the other in this order. Anything starting with {@code --} goes to the vault.
 */
public final class StoreGrowthBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoreGrowthBench() {
    }

    public static void main(String[] args) throws Exception {
        long creates = 100_000;
        long sample = 10_000;
        int clients = 16;
        int idle = 60;
        List<Integer> fills = new ArrayList<>();
        List<String> vaultArgs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--")) {
                vaultArgs.add(a);
            } else if (a.startsWith("creates=")) {
                creates = Long.parseLong(a.substring(8));
            } else if (a.startsWith("sample=")) {
                sample = Long.parseLong(a.substring(7));
            } else if (a.startsWith("clients=")) {
                clients = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("idle=")) {
                idle = Integer.parseInt(a.substring(5));
            } else if (a.startsWith("fill=")) {
                fills.add(Integer.parseInt(a.substring(5)));
            } else {
                throw new IllegalArgumentException("unknown argument " + a
                        + "; known: creates= sample= clients= idle= fill= (repeatable), --vault.property=value");
            }
        }
        if (fills.isEmpty()) {
            fills = List.of(0, 80);
        }
        System.out.printf("[growth] %d creates, sample every %d, %d clients, idle %d s, fill rates %s, java %s, %d cpus%n",
                creates, sample, clients, idle, fills, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        for (int fill : fills) {
            run(fill, creates, sample, clients, idle, vaultArgs);
        }
    }

    private static void run(int fill, long creates, long sample, int clients, int idle, List<String> vaultArgs)
            throws Exception {
        Path dataDir = Files.createTempDirectory("ev-bench-growth");
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--vault.store.data-dir=" + dataDir, "--vault.keys.path=keys-example/vault-keys.json",
                "--vault.store.compaction.fill-rate=" + fill, "--logging.level.root=warn"));
        appArgs.addAll(vaultArgs);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("demo").run(appArgs.toArray(String[]::new));
        Path file = dataDir.resolve(EmbeddedStore.fileName());
        try {
            URI base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort());
            EmbeddedStore store = ctx.getBean(StoreHandle.class).embedded();
            // the bench's own client, with room for a scan of every document (the vault's gives up after 10 s)
            MongoClient scanner = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(store.connectionString()))
                    .applyToSocketSettings(s -> s.readTimeout(30, TimeUnit.MINUTES))
                    .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.MINUTES)).build());
            MongoDatabase db = scanner.getDatabase(ctx.getEnvironment().getProperty("vault.store.database", "evidence_vault"));
            HttpClient setup = HttpLoadHarness.newClient();
            String token = HttpLoadHarness.officerToken(setup, base);
            String[] ids = HttpLoadHarness.seedIds(setup, base, token);
            System.out.printf("[growth] fill=%d ---- creates file_MB live_BSON_MB ratio creates/s errors%n", fill);
            print(fill, "start", 0, file, db, 0, 0, store);
            AtomicLong issued = new AtomicLong();
            AtomicLong ok = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long t0 = System.nanoTime();
            for (long target = sample; target <= creates; target += sample) {
                long goal = target;
                CountDownLatch done = new CountDownLatch(clients);
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    Thread t = new Thread(() -> {
                        try {
                            HttpClient http = HttpLoadHarness.newClient();
                            for (long n; (n = issued.incrementAndGet()) <= goal; ) {
                                byte[] body = JSON.writeValueAsBytes(HttpLoadHarness.incident("growth " + client + " #" + n, ids));
                                HttpResponse<Void> res = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/incidents"))
                                        .timeout(Duration.ofSeconds(30))
                                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                                (res.statusCode() == 201 ? ok : errors).incrementAndGet();
                            }
                            issued.decrementAndGet(); // the one that overshot the goal was not sent
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    }, "growth-client-" + c);
                    t.setDaemon(true);
                    t.start();
                }
                done.await();
                double seconds = (System.nanoTime() - t0) / 1e9;
                print(fill, "creates", ok.get(), file, db, ok.get() / seconds, errors.get(), store);
            }
            Thread.sleep(idle * 1000L);
            print(fill, "idle " + idle + " s", ok.get(), file, db, 0, errors.get(), store);
        } finally {
            ctx.close();
            System.out.printf("[growth] fill=%d closed: file %.1f MB%n", fill, Files.size(file) / 1e6);
            HttpLoadHarness.deleteTree(dataDir);
        }
    }

    private static void print(int fill, String what, long creates, Path file, MongoDatabase db, double rate, long errors,
                              EmbeddedStore store) throws IOException {
        long live = 0;
        for (String name : db.listCollectionNames()) {
            for (RawBsonDocument d : db.getCollection(name, RawBsonDocument.class).find().batchSize(1000)) {
                live += d.getByteBuffer().remaining();
            }
        }
        long size = Files.size(file);
        String use = store.fileUse().map(u -> "chunks " + u.chunksFillRate() + "% live, file " + u.fileFillRate() + "% used")
                .orElse("recovering");
        System.out.printf("[growth] fill=%d %-10s %8d %10.1f %10.1f %6.2f %8.1f %d (%s)%n", fill, what, creates, size / 1e6,
                live / 1e6, live == 0 ? 0 : (double) size / live, rate, errors, use);
    }
}
