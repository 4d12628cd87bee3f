package org.evidencevault.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The embedded store's compaction on its own (a {@code main}): for each configuration, a fresh store
 * ({@link EmbeddedStore#start} with that {@link Compaction}, fsync on as the vault runs: without fsync a freed chunk
 * is kept at least 45 s before its space is reused, so the file grows for that long whatever compaction does) takes {@code n} rounds of the writes an
 * incident create makes, one client, back to back: a sealed record of 3–5 KB under a random UUID, its data key, and
 * an audit entry of 1.2 KB under the next seq with a unique claim. Every 5,000 rounds it prints the file's size, the
 * bytes written as documents, their ratio and the chunks' live share; at the end the insert latency (p50, p99, max:
 * a write waits while a compaction round runs) and the file after 10 s idle.
 *
 * <p>Arguments: {@code n=20000} then configurations as {@code off}, {@code fill/maxWriteMB} (rounds of that size, as
 * before rounds were steered by their time) or {@code fill/maxWriteMB/maxPauseMs} (for example
 * {@code off 80/4 80/4/50}); interval 250 ms and retention 2 s as the vault's defaults.
 */
public final class StoreCompactionBench {

    private StoreCompactionBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = 20_000;
        java.util.List<String> configs = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.startsWith("n=")) {
                n = Integer.parseInt(a.substring(2));
            } else {
                configs.add(a);
            }
        }
        if (configs.isEmpty()) {
            configs = java.util.List.of("off", "80/1", "80/4");
        }
        System.out.printf("[compaction] n=%d configs=%s java %s, %d cpus%n", n, configs, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        for (String c : configs) {
            String[] parts = c.split("/");
            Compaction compaction = c.equals("off") ? Compaction.OFF : new Compaction(Integer.parseInt(parts[0]),
                    Duration.ofMillis(250), Integer.parseInt(parts[1]) << 20, Duration.ofSeconds(2),
                    parts.length > 2 ? Duration.ofMillis(Long.parseLong(parts[2])) : Duration.ofDays(1));
            run(c, compaction, n);
        }
    }

    private static void run(String name, Compaction compaction, int n) throws Exception {
        Path dir = Files.createTempDirectory("ev-bench-compaction");
        Path file = dir.resolve(EmbeddedStore.fileName());
        long[] latencies = new long[n * 3];
        int count = 0;
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, true, 0, compaction);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoDatabase db = client.getDatabase("bench");
            db.getCollection("audit_entries").createIndex(new Document("claim", 1), new IndexOptions().unique(true));
            Random random = new Random(1);
            long written = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] sealed = new byte[3000 + random.nextInt(2000)];
                random.nextBytes(sealed);
                byte[] body = new byte[1200];
                random.nextBytes(body);
                Document[] docs = {
                        new Document("_id", i).append("claim", UUID.randomUUID().toString()).append("body", new Binary(body)),
                        new Document("_id", "dk_" + UUID.randomUUID()).append("wrapped", new Binary(new byte[60])),
                        new Document("_id", UUID.randomUUID().toString()).append("version", 1).append("sealed", new Binary(sealed))};
                String[] collections = {"audit_entries", "data_keys", "incidents"};
                for (int d = 0; d < 3; d++) {
                    long s = System.nanoTime();
                    db.getCollection(collections[d]).insertOne(docs[d]);
                    latencies[count++] = System.nanoTime() - s;
                    written += org.bson.RawBsonDocument.parse(docs[d].toJson()).getByteBuffer().remaining();
                }
                if ((i + 1) % 5000 == 0) {
                    EmbeddedStore.FileUse u = store.fileUse().orElseThrow();
                    System.out.printf("[compaction] %-5s %6d rounds  file %7.1f MB  documents %6.1f MB  ratio %5.2f  chunks %d%% live  %.0f rounds/s%n",
                            name, i + 1, Files.size(file) / 1e6, written / 1e6, Files.size(file) / (double) written,
                            u.chunksFillRate(), (i + 1) / ((System.nanoTime() - t0) / 1e9));
                }
            }
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            System.out.printf("[compaction] %-5s insert latency ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", name,
                    sorted[count / 2] / 1e6, sorted[(int) (count * 0.99)] / 1e6, sorted[(int) (count * 0.999)] / 1e6,
                    sorted[count - 1] / 1e6);
            Thread.sleep(10_000);
            System.out.printf("[compaction] %-5s after 10 s idle: file %.1f MB, ratio %.2f, chunks %d%% live%n", name,
                    Files.size(file) / 1e6, Files.size(file) / (double) written, store.fileUse().orElseThrow().chunksFillRate());
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
