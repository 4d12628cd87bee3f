package org.evidencevault.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.evidencevault.audit.LogSweep;
import org.evidencevault.incidents.Incident;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;

/**
 * The integrity sweep's throughput and its effect on reads, in one process:
 * {@code SweepBench [incidents] [clients] [seconds]} (defaults 5000, 16, 15).
 *
 * <ol>
 * <li>A vault of its own (demo profile, fresh keys, fsync on, sweep not scheduled) gets {@code incidents}
 *     incidents, each with a new defender (two records and two CHANGE entries each).</li>
 * <li>Log: {@link LogSweep} over every entry, in slices of 200 (what a tick does on a small store), with the
 *     same presence check as the real sweep (each CHANGE entry's record still stored at its version):
 *     entries per second.</li>
 * <li>Records: every record of every kind checked against its entry, in slices of 200: records per second.</li>
 * <li>Reads: {@code clients} threads each {@code GET /api/v1/incidents/{random id}} as an officer (through the
 *     whole filter chain with MockMvc, the per-read check and the read's audit entry included) for
 *     {@code seconds} s without a sweep, then for {@code seconds} s while a thread runs sweep slices back to
 *     back (the worst case), and for twice as long with one slice every 5 s (the scheduled tick). p50/p99/max and
 *     reads per second; two rounds after an uncounted warm-up.</li>
 * </ol>
 *
 * <p>{@code SweepBench dir=<data dir> [clients] [seconds]} runs steps 2 to 4 once each on a store loaded by
 * {@code ScaleLoad} instead ({@code reads-only} as a fourth argument: only the reads without a sweep, with ticks back to
 * back and with the scheduled tick, each paced as scheduled; the demo keys of {@code keys-example/}, the store changed in place: give it a copy), reading random
 * incidents of the demo officer's team, of the first 20,000 stored.
 */
public final class SweepBench {

    private static int chunk = 200;
    private static double duty = 0.25;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].startsWith("dir=")) {
            int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
            try (TamperedVault vault = TamperedVault.on(java.nio.file.Path.of(args[0].substring(4)),
                    java.nio.file.Path.of("keys-example/vault-keys.json")).start()) {
                List<String> ids = new ArrayList<>();
                // the demo officer's team only: any other incident answers 404 to them
                vault.db().getCollection("incidents").find(new org.bson.Document("team", org.evidencevault.common.DemoTeams.GENEVA))
                        .projection(new org.bson.Document("_id", 1)).limit(20_000).forEach(d -> ids.add(d.getString("_id")));
                System.out.printf("loaded store: %d incidents read for the reads; log %d entries%n", ids.size(), vault.tailSeq() + 1);
                if (args.length > 3 && args[3].equals("reads-only")) {
                    System.out.println("(warm-up reads, not counted)");
                    reads(vault, ids, clients, seconds, 0, false);
                    reads(vault, ids, clients, seconds, 0, false);
                    reads(vault, ids, clients, seconds, -1, true);
                    reads(vault, ids, clients, 2 * seconds, 5000, true);
                } else {
                    measure(vault, ids, clients, seconds, 1);
                }
            }
            return;
        }
        int incidents = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        chunk = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        duty = args.length > 4 ? Double.parseDouble(args[4]) : 0.25;
        try (TamperedVault vault = TamperedVault.fresh("sweep-bench").start()) {
            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < incidents; i++) {
                Incident x = vault.incident("Sweep " + i);
                ids.add(x.id().value());
            }
            vault.checkpoint();
            System.out.printf("filled: %d incidents (+%d defenders) in %.1f s; log %d entries%n", incidents, incidents,
                    (System.nanoTime() - t0) / 1e9, vault.tailSeq() + 1);

            measure(vault, ids, clients, seconds, 2);
        }
    }

    /** Steps 2 to 4, {@code rounds} times each (after one uncounted round of reads). */
    private static void measure(TamperedVault vault, List<String> ids, int clients, int seconds, int rounds) throws Exception {
        RecordStores stores = vault.bean(RecordStores.class);
        LogSweep.RecordPresence presence = (type, id, version) -> {
            SealedRecords kind = stores.byType(type);
            if (kind == null) {
                return Optional.empty();
            }
            var stored = kind.storedVersion(id);
            return stored.isPresent() && stored.getAsLong() >= version ? Optional.empty()
                    : Optional.of(new LogSweep.Missing(kind.kind().collection() + "/" + id, "missing"));
        };
        LogSweep logSweep = vault.bean(LogSweep.class);
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            LogSweep.Progress p;
            do {
                p = logSweep.step(200, presence);
            } while (!p.passDone());
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("log sweep pass %d: %d entries in %.2f s = %.0f entries/s%n", round, p.size(), s, p.size() / s);

            start = System.nanoTime();
            long records = 0;
            for (Map.Entry<String, SealedRecords> kind : stores.all().entrySet()) {
                String after = null;
                do {
                    SealedRecords.SweepStep step = kind.getValue().sweep(after, 200);
                    records += step.checked();
                    after = step.checked() == 0 ? null : step.next();
                } while (after != null);
            }
            s = (System.nanoTime() - start) / 1e9;
            System.out.printf("record sweep pass %d: %d records in %.2f s = %.0f records/s%n", round, records, s, records / s);
        }
        if (!vault.alarms().isEmpty()) {
            throw new IllegalStateException("the sweep raised alarms on an untouched store: " + vault.alarms());
        }

        IntegritySweep sweep = vault.bean(IntegritySweep.class);
        long start = System.nanoTime();
        int slices = 0;
        while (System.nanoTime() - start < 5_000_000_000L) {
            sweep.step();
            slices++;
        }
        System.out.printf("sweep slices on an idle vault: %d in 5 s = %.1f ms each%n", slices, 5000.0 / slices);

        System.out.println("(warm-up reads, not counted)");
        reads(vault, ids, clients, seconds, 0, false);
        for (int round = 0; round < rounds; round++) {
            reads(vault, ids, clients, seconds, 0, false);
            reads(vault, ids, clients, seconds, -1, false);
            reads(vault, ids, clients, seconds, -1, true);
            reads(vault, ids, clients, 2 * seconds, 5000, false);
            reads(vault, ids, clients, 2 * seconds, 5000, true);
        }
    }

    /**
     * {@code pace}: 0 no sweep, -1 ticks back to back, else one tick every {@code pace} ms (the schedule). {@code paced}:
     * each tick as the scheduler runs it (chunks with pauses, args 4 and 5: chunk size, duty cycle), else all at once
     * ({@link IntegritySweep#step}, as every tick ran before chunks and pauses).
     */
    private static void reads(TamperedVault vault, List<String> ids, int clients, int seconds, long pace, boolean paced)
            throws InterruptedException {
        boolean sweeping = pace != 0;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong slices = new AtomicLong();
        Thread sweeper = new Thread(() -> {
            IntegritySweep sweep = vault.bean(IntegritySweep.class);
            while (!stop.get()) {
                if (paced) {
                    try {
                        sweep.tick(chunk, duty);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    sweep.step();
                }
                slices.incrementAndGet();
                for (long slept = 0; pace > 0 && slept < pace && !stop.get(); slept += 100) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (int c = 0; c < clients; c++) {
            long[] samples = new long[2_000_000];
            perClient.add(samples);
            Thread t = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < deadline && n < samples.length) {
                    String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    long s = System.nanoTime();
                    TamperedVault.Reply r = vault.get("/api/v1/incidents/" + id, TamperedVault.officer());
                    if (r.status() != 200) {
                        throw new IllegalStateException("GET answered " + r.status());
                    }
                    samples[n++] = System.nanoTime() - s;
                }
                samples[samples.length - 1] = n;
            });
            threads.add(t);
        }
        if (sweeping) {
            sweeper.start();
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        stop.set(true);
        if (sweeping) {
            // no interrupt: interrupting a thread inside a MongoDB call closes its connection (the driver then reports the
            // store unreachable to everyone for a while); the sweeper sees the flag between ticks and between pauses
            sweeper.join();
        }
        int total = 0;
        for (long[] s : perClient) {
            total += (int) s[s.length - 1];
        }
        long[] all = new long[total];
        int k = 0;
        for (long[] s : perClient) {
            int n = (int) s[s.length - 1];
            System.arraycopy(s, 0, all, k, n);
            k += n;
        }
        Arrays.sort(all);
        System.out.printf("reads %s: %d clients, %d reads in %d s = %.0f/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms%s%n",
                (pace == 0 ? "without sweep" : pace < 0 ? "WITH ticks back to back" : "WITH one tick every " + pace + " ms")
                        + (pace != 0 ? (paced ? ", paced" : ", all at once") : ""), clients, total, seconds, total / (double) seconds,
                all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6, all[total - 1] / 1e6,
                sweeping ? " (" + slices.get() + " sweep slices)" : "");
    }
}
