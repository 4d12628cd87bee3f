package org.evidencevault.audit;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.evidencevault.bench.SealIncidentBenchmark;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.FieldSealer;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.crypto.Sealer;
import org.evidencevault.store.EmbeddedStore;

/**
 * Audit append benchmark (a {@code main}, not a test; docs/BENCHMARKS.md, "Audit log"). In package
 * {@code audit} so that it drives the real package-private {@link AuditAppender} (group commit: one writer thread
 * chains, signs and inserts each batch) on a fresh {@link EmbeddedStore}, without Spring.
 *
 * <p>Per round:
 * <ol>
 * <li><b>appender</b>: N caller threads append back to back for a warm-up and a measured period; each call returns
 * once the store acknowledged the batch holding its entry. Shape {@code admin}: {@link Audited#record} (an ADMIN
 * entry, as {@code audit.export} records it); shape {@code change}: the first half of {@link Audited#change} for an
 * incident registration (a CHANGE entry with the stored incident as payload, sealed fields as in the demo seed
 * incident, and its commitment), without applying the change. The store is wrapped to record every
 * {@code insertOrdered} call (batch, start, end) and the clock to record when the writer starts chaining/signing
 * a batch, so the writer's time splits into signing (clock read to insert start), insert (insertMany until
 * acknowledged) and the rest (queue waits, completing callers).</li>
 * <li><b>raw, same batches</b>: the very documents the appender wrote, inserted by one thread with
 * {@link AuditStore#insertOrdered} (ordered insertMany) into a second fresh store, in exactly the appender's
 * batches; warm-up batches first, untimed, then the measured ones back to back, timed.</li>
 * <li><b>raw, batches of 512</b>: the same documents into a third fresh store in batches of 512
 * ({@link AuditAppender#MAX_BATCH}).</li>
 * </ol>
 *
 * <p>Arguments ({@code name=value}): {@code callers=16 shape=admin warmup=5 measure=20 fsync=true rounds=1}.
 * Run: {@code flock /tmp/mvn.lock ./mvnw -o -q -Pbench test-compile exec:exec@audit -Daudit.args="callers=16"}.
 */
public final class AuditAppendHarness {

    private static final Actor OFFICER = new Actor("officer", Set.of(Role.PROTECTION_OFFICER));

    /** One insertOrdered call of the writer: when it read the clock (chaining starts), started and ended the insert. */
    private record Batch(long clockNanos, long insertStart, long insertEnd, List<Document> docs) {
    }

    /** The real store, recording each insert; only the writer thread calls insertOrdered. */
    private static final class RecordingStore extends AuditStore {
        private final RecordingClock clock;
        final List<Batch> batches = new ArrayList<>();

        RecordingStore(MongoDatabase db, RecordingClock clock) {
            super(db);
            this.clock = clock;
        }

        @Override
        void insertOrdered(List<Document> docs) {
            long start = System.nanoTime();
            super.insertOrdered(docs);
            batches.add(new Batch(clock.lastRead, start, System.nanoTime(), docs));
        }
    }

    /** UTC system clock that remembers when it was last read (the writer reads it once per batch, then chains). */
    private static final class RecordingClock extends Clock {
        volatile long lastRead;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            lastRead = System.nanoTime();
            return Instant.now();
        }
    }

    private AuditAppendHarness() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        // The store warns that it ignores the (non-unique) targetIds index, once per fresh store; not relevant here.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("de.bwaldvogel"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        Map<String, String> opts = new TreeMap<>(Map.of("callers", "16", "shape", "admin", "warmup", "5",
                "measure", "20", "fsync", "true", "rounds", "1"));
        for (String a : args) {
            if (a.isBlank()) {
                continue;
            }
            int eq = a.indexOf('=');
            if (eq < 0 || !opts.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + opts.keySet());
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int callers = Integer.parseInt(opts.get("callers"));
        String shape = opts.get("shape");
        long warmup = Long.parseLong(opts.get("warmup")) * 1_000_000_000L;
        long measure = Long.parseLong(opts.get("measure")) * 1_000_000_000L;
        boolean fsync = Boolean.parseBoolean(opts.get("fsync"));
        int rounds = Integer.parseInt(opts.get("rounds"));
        if (!shape.equals("admin") && !shape.equals("change")) {
            throw new IllegalArgumentException("shape is admin or change");
        }
        System.out.printf("audit append: callers=%d shape=%s warmup=%ds measure=%ds fsync=%s rounds=%d, %d processors%n",
                callers, shape, warmup / 1_000_000_000L, measure / 1_000_000_000L, fsync, rounds,
                Runtime.getRuntime().availableProcessors());

        Path dir = Files.createTempDirectory("ev-bench-audit");
        try {
            KeyRing ring = KeySetFile.generate(dir.resolve("keys/vault-keys.json"), false);
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("%n-- round %d --%n", round);
                runRound(dir.resolve("round-" + round), ring, callers, shape, warmup, measure, fsync);
            }
        } finally {
            delete(dir);
        }
    }

    private static void runRound(Path dir, KeyRing ring, int callers, String shape, long warmup, long measure,
                                 boolean fsync) throws Exception {
        RecordingClock clock = new RecordingClock();
        long t0;
        long t1;
        long[] counts = new long[callers];
        List<long[]> latencies = new ArrayList<>();
        RecordingStore store;
        try (EmbeddedStore embedded = EmbeddedStore.start(dir.resolve("appender"), 0, fsync);
             MongoClient client = client(embedded)) {
            MongoDatabase db = client.getDatabase("evidence_vault");
            store = new RecordingStore(db, clock);
            io.micrometer.core.instrument.MeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            AuditAppender appender = new AuditAppender(store, ring, clock, new IntegrityAlarms(clock, meters),
                    new AuditProperties("evidence-vault.local/audit", java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(60),
                            java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(5)), meters);
            Supplier<Runnable> appendOne = appendOne(shape, appender, db, ring);
            appender.start();
            long[] window = {Long.MAX_VALUE, Long.MAX_VALUE};
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < callers; c++) {
                int me = c;
                long[] lat = new long[1_000_000];
                latencies.add(lat);
                Runnable append = appendOne.get();
                Thread t = new Thread(() -> {
                    try {
                        int n = 0;
                        while (true) {
                            long s = System.nanoTime();
                            if (s >= window[1]) {
                                break;
                            }
                            append.run();
                            long e = System.nanoTime();
                            if (s >= window[0] && e <= window[1] && n < lat.length) {
                                lat[n++] = e - s;
                            }
                        }
                        counts[me] = n;
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "caller-" + c);
                threads.add(t);
            }
            window[0] = start + warmup; // published to the callers by Thread.start
            window[1] = start + warmup + measure;
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            appender.stop();
            t0 = window[0];
            t1 = window[1];
            if (failure.get() != null) {
                throw new IllegalStateException("a caller failed", failure.get());
            }
        }
        // Appender: appends started and completed in the window (as the HTTP harness counts requests).
        long appended = Arrays.stream(counts).sum();
        double seconds = (t1 - t0) / 1e9;
        long[] all = new long[(int) appended];
        int k = 0;
        for (int c = 0; c < callers; c++) {
            System.arraycopy(latencies.get(c), 0, all, k, (int) counts[c]);
            k += (int) counts[c];
        }
        Arrays.sort(all);
        double appenderRate = appended / seconds;

        List<Batch> warm = store.batches.stream().filter(b -> b.insertStart() < t0).toList();
        List<Batch> measured = store.batches.stream().filter(b -> b.insertStart() >= t0 && b.insertEnd() <= t1).toList();
        long entries = measured.stream().mapToLong(b -> b.docs().size()).sum();
        long sign = measured.stream().mapToLong(b -> b.insertStart() - b.clockNanos()).sum();
        long insert = measured.stream().mapToLong(b -> b.insertEnd() - b.insertStart()).sum();
        long span = measured.isEmpty() ? 0 : measured.get(measured.size() - 1).insertEnd() - measured.get(0).clockNanos();
        int[] sizes = measured.stream().mapToInt(b -> b.docs().size()).sorted().toArray();

        System.out.printf("appender: %,d appends in %.1f s = %,.1f appends/s; caller latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                appended, seconds, appenderRate, pct(all, 50), pct(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("  entry documents: %,d bytes BSON on average (%s)%n", averageBson(measured), shape);
        System.out.printf("  writer batches in window: %,d batches, %,d entries; batch size mean %.2f, p50 %d, p90 %d, max %d%n",
                measured.size(), entries, sizes.length == 0 ? 0 : (double) entries / sizes.length,
                ipct(sizes, 50), ipct(sizes, 90), sizes.length == 0 ? 0 : sizes[sizes.length - 1]);
        System.out.printf("  batch size histogram: %s%n", histogram(sizes));
        System.out.printf("  writer time over %.2f s (first chain to last ack): chain+sign %.2f s (%.1f%%, %.1f us/entry), "
                        + "insert %.2f s (%.1f%%, %.2f ms/batch), other %.2f s (%.1f%%)%n",
                span / 1e9, sign / 1e9, 100.0 * sign / span, entries == 0 ? 0 : sign / 1e3 / entries,
                insert / 1e9, 100.0 * insert / span, measured.isEmpty() ? 0 : insert / 1e6 / measured.size(),
                (span - sign - insert) / 1e9, 100.0 * (span - sign - insert) / span);

        List<List<Document>> warmDocs = warm.stream().map(Batch::docs).toList();
        List<List<Document>> measuredDocs = measured.stream().map(Batch::docs).toList();
        double sameBatches = rawInsert(dir.resolve("raw-same"), fsync, warmDocs, measuredDocs);
        double big = rawInsert(dir.resolve("raw-512"), fsync, rebatch(warmDocs, AuditAppender.MAX_BATCH),
                rebatch(measuredDocs, AuditAppender.MAX_BATCH));
        double writerRate = span == 0 ? 0 : entries / (span / 1e9);
        System.out.printf("raw insertMany, same documents in the appender's batches: %,.1f entries/s%n", sameBatches);
        System.out.printf("raw insertMany, same documents in batches of %d: %,.1f entries/s%n", AuditAppender.MAX_BATCH, big);
        System.out.printf("appender / raw (same batches) = %.1f%% (writer-side rate %,.1f entries/s = %.1f%%); "
                        + "appender / raw (512) = %.1f%%%n",
                100 * appenderRate / sameBatches, writerRate, 100 * writerRate / sameBatches, 100 * appenderRate / big);
    }

    /** Inserts {@code warm} untimed, then {@code timed}, one ordered insertMany per list; returns entries/s of {@code timed}. */
    private static double rawInsert(Path dir, boolean fsync, List<List<Document>> warm, List<List<Document>> timed) {
        try (EmbeddedStore embedded = EmbeddedStore.start(dir, 0, fsync); MongoClient client = client(embedded)) {
            AuditStore raw = new AuditStore(client.getDatabase("evidence_vault"));
            warm.forEach(raw::insertOrdered);
            long n = timed.stream().mapToLong(List::size).sum();
            long start = System.nanoTime();
            timed.forEach(raw::insertOrdered);
            long took = System.nanoTime() - start;
            if (raw.size() != warm.stream().mapToLong(List::size).sum() + n) {
                throw new IllegalStateException("raw insert lost documents");
            }
            return n / (took / 1e9);
        }
    }

    private static List<List<Document>> rebatch(List<List<Document>> batches, int size) {
        List<Document> flat = batches.stream().flatMap(List::stream).toList();
        List<List<Document>> out = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += size) {
            out.add(flat.subList(i, Math.min(flat.size(), i + size)));
        }
        return out;
    }

    /** A factory of per-thread "append one entry" actions for the shape. */
    private static Supplier<Runnable> appendOne(String shape, AuditAppender appender, MongoDatabase db, KeyRing ring) {
        if (shape.equals("admin")) {
            Audited audited = new Audited(appender, null, null, new IntegrityAlarms(java.time.Clock.systemUTC(),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
            return () -> () -> audited.record(OFFICER, Action.AUDIT_EXPORT, List.of(new Target("incident", UUID.randomUUID().toString())));
        }
        // An incident as IncidentRecords.toDocument stores it, sealed fields as the demo seed incident, one data key.
        DataKeys dataKeys = new DataKeys(db.getCollection("data_keys"), ring, Clock.systemUTC());
        FieldSealer sealer = new FieldSealer(new Sealer(dataKeys), "incidents");
        String template = UUID.randomUUID().toString();
        DataKeys.NewDataKey key = dataKeys.prepare("incidents/" + template);
        dataKeys.store(key.stored());
        String dek = key.id();
        Document sealed = sealer.seal(dek, template, SealIncidentBenchmark.seedIncidentFields());
        List<String> defenders = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        String vendor = UUID.randomUUID().toString();
        String operator = UUID.randomUUID().toString();
        return () -> () -> {
            String id = UUID.randomUUID().toString();
            java.util.Date now = new java.util.Date();
            Document incident = new Document("_id", id).append("version", 1L).append("dek", dek)
                    .append("defenderIds", defenders).append("spyware", "PEGASUS").append("status", "CONFIRMED_INFECTION")
                    .append("vendorOrganisationId", vendor).append("suspectedOperatorOrganisationId", operator)
                    .append("operatorInvolvement", "SUSPECTED").append("createdAt", now).append("updatedAt", now)
                    .append("sealed", sealed);
            // As Audited.change records it (the change is not applied here).
            StateChange change = new StateChange(new Target("incident", id), 1,
                    List.of(new StateChange.Put("incidents", id, 1, incident)));
            Document payload = change.toPayload();
            List<org.evidencevault.ledger.AuditEntry.Target> targets = List.of(
                    new org.evidencevault.ledger.AuditEntry.Target("incident", id, change.version()));
            appender.append(new EntryDraft(OFFICER, Action.INCIDENT_REGISTER, targets, change.claim(),
                    Commitments.of(payload), payload, null));
        };
    }

    private static MongoClient client(EmbeddedStore embedded) {
        return MongoClients.create(embedded.connectionString());
    }

    private static long averageBson(List<Batch> batches) {
        long bytes = 0;
        int n = 0;
        for (Batch b : batches) {
            for (Document d : b.docs()) {
                bytes += new RawBsonDocument(d, MongoClientSettings.getDefaultCodecRegistry().get(Document.class))
                        .getByteBuffer().remaining();
                if (++n == 2000) {
                    return bytes / n;
                }
            }
        }
        return n == 0 ? 0 : bytes / n;
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static int ipct(int[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    private static String histogram(int[] sizes) {
        Map<Integer, Integer> h = new TreeMap<>();
        for (int s : sizes) {
            h.merge(s, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        h.forEach((size, count) -> out.append(out.length() == 0 ? "" : ", ").append(size).append("x").append(count));
        return out.toString();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
