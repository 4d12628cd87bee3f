package org.evidencevault.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.types.Binary;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded store under the vault's kind of load, on its own (a {@code main}), to find what a long load does to the
 * file: writers create "incidents" (a sealed record of 3–5 KB, a data key, two blind-index rows under a compound
 * unique index, audit entries racing for the next seq under a unique index, so duplicate-key failures and the
 * backend's roll-back run all the time), update and sometimes delete them; readers look records up by id and by a
 * non-unique team index while compaction runs as the vault runs it. Every minute it prints the file, the ops done and
 * the longest wait of a single operation in that minute (a stall shows there). At the end it closes the store, opens
 * the file with H2 alone and reads every page of every map (a page in a chunk the file no longer holds fails there),
 * then starts the store again and checks that every acknowledged record is there at its acknowledged version.
 *
 * <p>Arguments: {@code minutes=20 writers=4 readers=2 fsync=false dir=/tmp/ev-stress fresh=true} ({@code fresh=false}
 * continues on the file already there). {@code check=<store file>} only checks a file (of a stopped vault or store):
 * every page of every map read with H2 alone, and every index against its documents ({@code StoreFileConsistency}).
 * {@code live=<data dir>} only prints the live documents' BSON bytes against the file's size (of a stopped store).
 */
public final class StoreStress {

    private StoreStress() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new ConcurrentHashMap<>(Map.of("minutes", "20", "writers", "4", "readers", "2",
                "fsync", "false", "dir", "/tmp/ev-stress", "fresh", "true"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        if (a.containsKey("check")) {
            Path file = Path.of(a.get("check"));
            long t = System.nanoTime();
            System.out.printf("[stress] %s: every map read, %,d entries (%.1f s)%n", file, readEveryMap(file),
                    (System.nanoTime() - t) / 1e9);
            List<String> problems = StoreFileConsistency.problems(file);
            System.out.printf("[stress] %s: %d indexes that disagree with their documents %s%n", file, problems.size(),
                    problems.stream().limit(10).toList());
            System.exit(problems.isEmpty() ? 0 : 1);
        }
        if (a.containsKey("live")) {
            liveBytes(Path.of(a.get("live")));
            return;
        }
        Path dir = Path.of(a.get("dir"));
        if (Boolean.parseBoolean(a.get("fresh")) && Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        boolean fsync = Boolean.parseBoolean(a.get("fsync"));
        long until = System.nanoTime() + Duration.ofMinutes(Long.parseLong(a.get("minutes"))).toNanos();
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        AtomicLong ops = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong worstNanos = new AtomicLong();
        AtomicReference<Throwable> first = new AtomicReference<>();
        System.out.printf("[stress] %s, java %s, %d cpus%n", a, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, fsync, 0, Compaction.DEFAULT);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoDatabase db = client.getDatabase("stress");
            db.getCollection("audit").createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true));
            db.getCollection("blind").createIndex(Indexes.ascending("bi", "rid"), new IndexOptions().unique(true));
            db.getCollection("incidents").createIndex(Indexes.ascending("team"));
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < Integer.parseInt(a.get("writers")); w++) {
                threads.add(started("writer-" + w, () -> loop(until, first, failures,
                        () -> write(db, acknowledged, duplicates), ops, worstNanos)));
            }
            for (int r = 0; r < Integer.parseInt(a.get("readers")); r++) {
                threads.add(started("reader-" + r, () -> loop(until, first, failures,
                        () -> read(db, acknowledged), ops, worstNanos)));
            }
            long t0 = System.nanoTime();
            while (threads.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(60_000);
                EmbeddedStore.FileUse u = store.fileUse().orElse(null);
                System.out.printf("[stress] %5.1f min  records %,d  ops %,d  duplicates %,d  failures %,d  file %,.0f MB"
                                + "  chunks %s%% live  longest op %,d ms%n",
                        (System.nanoTime() - t0) / 6e10, acknowledged.size(), ops.get(), duplicates.get(), failures.get(),
                        u == null ? -1 : u.bytes() / 1e6, u == null ? "?" : u.chunksFillRate(),
                        worstNanos.getAndSet(0) / 1_000_000);
            }
        }
        if (first.get() != null) {
            System.out.println("[stress] first failure during the run:");
            first.get().printStackTrace(System.out);
        }
        System.out.printf("[stress] load done: %,d records, %,d failures; reading every page of every map%n",
                acknowledged.size(), failures.get());
        long pages = readEveryMap(dir.resolve(EmbeddedStore.fileName()));
        System.out.printf("[stress] every map read: %,d entries%n", pages);
        int missing = 0;
        int stale = 0;
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, fsync, 0, Compaction.DEFAULT);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> incidents = client.getDatabase("stress").getCollection("incidents");
            Map<String, Integer> found = new ConcurrentHashMap<>();
            for (Document d : incidents.find()) {
                found.put(d.getString("_id"), d.getInteger("version"));
            }
            for (var e : acknowledged.entrySet()) {
                Integer v = found.get(e.getKey());
                if (e.getValue() < 0) {
                    if (v != null) {
                        stale++;
                    }
                } else if (v == null) {
                    missing++;
                } else if (v < e.getValue()) {
                    stale++;
                }
            }
        }
        System.out.printf("[stress] reopened: %d acknowledged records missing, %d older than acknowledged%n", missing, stale);
        System.exit(missing + stale == 0 && pages > 0 ? 0 : 1);
    }

    private static Thread started(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    private static void loop(long until, AtomicReference<Throwable> first, AtomicLong failures, Runnable op,
                             AtomicLong ops, AtomicLong worstNanos) {
        while (System.nanoTime() - until < 0) {
            long s = System.nanoTime();
            try {
                op.run();
                ops.incrementAndGet();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                if (first.compareAndSet(null, e)) {
                    System.out.println("[stress] first failure: " + e);
                }
            }
            worstNanos.accumulateAndGet(System.nanoTime() - s, Math::max);
        }
    }

    private static void write(MongoDatabase db, Map<String, Integer> acknowledged, AtomicLong duplicates) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        MongoCollection<Document> incidents = db.getCollection("incidents");
        int choice = random.nextInt(10);
        if (choice < 6 || acknowledged.isEmpty()) {
            String id = java.util.UUID.randomUUID().toString();
            byte[] sealed = new byte[3000 + random.nextInt(2000)];
            random.nextBytes(sealed);
            db.getCollection("data_keys").insertOne(new Document("_id", "dk_" + id).append("wrapped", new Binary(new byte[60])));
            for (int i = 0; i < 2; i++) {
                byte[] bi = new byte[32];
                random.nextBytes(bi);
                db.getCollection("blind").insertOne(new Document("bi", new Binary(bi)).append("rid", id));
            }
            incidents.insertOne(new Document("_id", id).append("version", 1).append("team", "t" + random.nextInt(20))
                    .append("sealed", new Binary(sealed)));
            acknowledged.put(id, 1);
            audit(db, random, 3, duplicates);
        } else if (choice < 9) {
            String id = any(acknowledged, random);
            Integer v = acknowledged.get(id);
            if (v == null || v < 0) {
                return;
            }
            byte[] sealed = new byte[3000 + random.nextInt(2000)];
            random.nextBytes(sealed);
            var r = incidents.replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq("version", v)),
                    new Document("_id", id).append("version", v + 1).append("team", "t" + random.nextInt(20))
                            .append("sealed", new Binary(sealed)));
            if (r.getModifiedCount() == 1) {
                acknowledged.merge(id, v + 1, Math::max);
            }
            audit(db, random, 1, duplicates);
        } else {
            String id = any(acknowledged, random);
            if (id != null && incidents.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1) {
                acknowledged.put(id, -1);
            }
            audit(db, random, 1, duplicates);
        }
    }

    /** Appends entries the way two appenders race: the next seq after the highest, retried on a duplicate. */
    private static void audit(MongoDatabase db, ThreadLocalRandom random, int entries, AtomicLong duplicates) {
        MongoCollection<Document> audit = db.getCollection("audit");
        for (int i = 0; i < entries; i++) {
            byte[] body = new byte[1200];
            random.nextBytes(body);
            while (true) {
                Document last = audit.find().sort(Sorts.descending("seq")).limit(1).first();
                long next = last == null ? 0 : last.getLong("seq") + 1;
                try {
                    audit.insertOne(new Document("seq", next).append("body", new Binary(body)));
                    break;
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    duplicates.incrementAndGet();
                }
            }
        }
    }

    private static void read(MongoDatabase db, Map<String, Integer> acknowledged) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        MongoCollection<Document> incidents = db.getCollection("incidents");
        if (random.nextBoolean()) {
            String id = any(acknowledged, random);
            if (id != null) {
                incidents.find(Filters.eq("_id", id)).first();
            }
        } else {
            int n = 0;
            for (Document ignored : incidents.find(Filters.eq("team", "t" + random.nextInt(20))).limit(20)) {
                n++;
            }
            if (n < 0) {
                throw new IllegalStateException();
            }
        }
    }

    private static String any(Map<String, Integer> acknowledged, ThreadLocalRandom random) {
        // a cheap random pick: ConcurrentHashMap iteration from a random skip in the first few thousand keys
        int skip = random.nextInt(Math.max(1, Math.min(acknowledged.size(), 5000)));
        for (String k : acknowledged.keySet()) {
            if (skip-- <= 0) {
                return k;
            }
        }
        return null;
    }

    /**
     * The live data of a stopped store, for the file-to-data ratio of issue 14 point 1: starts the store on {@code dir}
     * without compaction (so nothing is written), reads every document of every collection as raw BSON, in pages of
     * 5,000 in {@code _id} order (the embedded server builds a query's whole answer in the heap), and prints the BSON
     * bytes per collection, their total and the file's size.
     */
    private static void liveBytes(Path dir) {
        long total = 0;
        long file = dir.resolve(EmbeddedStore.fileName()).toFile().length();
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, false, 0, Compaction.OFF);
             MongoClient client = MongoClients.create(store.connectionString())) {
            for (String dbName : client.listDatabaseNames()) {
                MongoDatabase db = client.getDatabase(dbName);
                for (String name : db.listCollectionNames()) {
                    MongoCollection<org.bson.RawBsonDocument> c = db.getCollection(name, org.bson.RawBsonDocument.class);
                    long bytes = 0;
                    long docs = 0;
                    org.bson.BsonValue last = null;
                    while (true) {
                        var page = c.find(last == null ? new Document() : new Document("_id", new Document("$gt", last)))
                                .sort(new Document("_id", 1)).limit(5000);
                        org.bson.BsonValue seen = null;
                        for (org.bson.RawBsonDocument d : page) {
                            bytes += d.getByteBuffer().remaining();
                            docs++;
                            seen = d.get("_id");
                        }
                        if (seen == null) {
                            break;
                        }
                        last = seen;
                    }
                    System.out.printf("[live] %s.%s: %,d documents, %,.1f MB of BSON%n", dbName, name, docs, bytes / 1e6);
                    total += bytes;
                }
            }
        }
        System.out.printf("[live] %s: %,.1f MB of BSON live, file %,.1f MB, file / live %.2f%n", dir, total / 1e6, file / 1e6,
                file / (double) total);
    }

    /** Opens the file with H2 alone, read-only, and walks every entry of every map. */
    private static long readEveryMap(Path file) {
        long entries = 0;
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            for (String name : store.getMapNames()) {
                MVMap<Object, Object> map = store.openMap(name);
                for (var it = map.cursor(null); it.hasNext(); ) {
                    it.next();
                    it.getValue();
                    entries++;
                }
            }
        } finally {
            store.close();
        }
        return entries;
    }
}
