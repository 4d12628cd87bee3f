package org.evidencevault.ledger;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.MlDsa65Keys;

/**
 * Offline verification benchmark (a {@code main}, not a test; docs/BENCHMARKS.md, "Audit log"). Builds a valid
 * range bundle of N entries with {@link SignedChain#rotated} (entries really signed; entry {@code rotateAt}, signed
 * by key v1, rotates to v2, which signs the rest), cut as {@code AuditExport.range(0, N-1)} cuts a whole-log
 * export: all entries, the public keys, one checkpoint (the latest, size N, signed by v2 with Ed25519 and
 * ML-DSA-65), no proofs needed. The auditor pins v1 only; v2 is trusted through the rotation entry.
 *
 * <p>Times {@link BundleVerifier#verify} as the verify command runs it (one thread per processor) in mode ALL and
 * CHECKPOINTS_ONLY, excluding parsing (the parsed bundle in memory) and including it ({@link AuditBundle#read} of
 * the bundle file, then verify), and parsing alone; {@code warmup} untimed runs of each, then {@code runs} timed
 * runs; prints best and median. With {@code single=true} it also times ALL on one thread.
 *
 * <p>Arguments ({@code name=value}): {@code entries=100000 rotateAt=50000 warmup=2 runs=5 single=false
 * modes=parse,checkpoints,all breakdown=false} ({@code modes}: which timings to run; {@code breakdown=true}: also
 * time the steps of verification one by one).
 * Run: {@code flock /tmp/mvn.lock ./mvnw -o -q -Pbench test-compile exec:exec@verify -Dverify.args="runs=5"}.
 */
public final class BundleVerifyHarness {

    @FunctionalInterface
    private interface Job {
        Object run() throws Exception;
    }

    private BundleVerifyHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>(Map.of("entries", "100000", "rotateAt", "50000", "warmup", "2",
                "runs", "5", "single", "false", "modes", "parse,checkpoints,all", "breakdown", "false"));
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
        int n = Integer.parseInt(opts.get("entries"));
        int rotateAt = Integer.parseInt(opts.get("rotateAt"));
        int warmup = Integer.parseInt(opts.get("warmup"));
        int runs = Integer.parseInt(opts.get("runs"));
        boolean single = Boolean.parseBoolean(opts.get("single"));
        List<String> modes = List.of(opts.get("modes").split(","));
        boolean breakdown = Boolean.parseBoolean(opts.get("breakdown"));
        int processors = Runtime.getRuntime().availableProcessors();
        System.out.printf("bundle verify: entries=%d rotateAt=%d warmup=%d runs=%d, %d processors%n", n, rotateAt,
                warmup, runs, processors);

        long t = System.nanoTime();
        SignedChain chain = SignedChain.rotated(n, rotateAt);
        AuditBundle bundle = chain.range(0, n - 1, n);
        System.out.printf("built and signed the chain in %.1f s%n", (System.nanoTime() - t) / 1e9);
        Path file = Files.createTempFile("ev-bench-bundle", ".json");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                bundle.writeTo(out);
            }
            System.out.printf("bundle file: %,d bytes, %d entries (%,d bytes of entry JSON on average), %d keys, "
                            + "%d checkpoint(s)%n", Files.size(file), bundle.entries().size(),
                    bundle.entries().stream().mapToLong(e -> e.entry().length).sum() / n, bundle.keys().size(),
                    bundle.checkpoints().size());
            AuditBundle reread = AuditBundle.read(file);
            if (!reread.entries().equals(bundle.entries()) || !reread.checkpoints().equals(bundle.checkpoints())) {
                throw new IllegalStateException("the bundle file does not read back to the bundle");
            }
            TrustPolicy all = TrustPolicy.pinning(List.of(SignedChain.publicKey(SignedChain.V1)));
            TrustPolicy checkpointsOnly = all.withSignatures(SignatureMode.CHECKPOINTS_ONLY);
            BundleVerifier verifier = new BundleVerifier(Ed25519Keys::verify, Ed25519Keys.noteVerifier(),
                    MlDsa65Keys.noteVerifier());
            System.out.println("report (ALL): " + verifier.verify(bundle, all));

            if (modes.contains("parse")) {
                time("parse only (AuditBundle.read)", n, warmup, runs, () -> AuditBundle.read(file));
            }
            for (TrustPolicy trust : List.of(checkpointsOnly, all)) {
                if (!modes.contains(trust == all ? "all" : "checkpoints")) {
                    continue;
                }
                String mode = trust.signatures().name();
                time(mode + ", " + processors + " threads, excluding parsing", n, warmup, runs,
                        () -> check(verifier.verify(bundle, trust), n));
                time(mode + ", " + processors + " threads, including parsing", n, warmup, runs,
                        () -> check(verifier.verify(AuditBundle.read(file), trust), n));
            }
            if (breakdown) {
                for (TrustPolicy trust : List.of(checkpointsOnly, all)) {
                    for (int i = 0; i < warmup; i++) {
                        phases(bundle, trust, processors, false);
                    }
                    phases(bundle, trust, processors, true);
                }
                examineParts(bundle, warmup);
            }
            if (single) {
                BundleVerifier one = new BundleVerifier(Ed25519Keys::verify, Ed25519Keys.noteVerifier(),
                        MlDsa65Keys.noteVerifier(), 1);
                time("ALL, 1 thread, excluding parsing", n, Math.min(warmup, 1), Math.min(runs, 3),
                        () -> check(one.verify(bundle, all), n));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The steps of {@link BundleVerifier#verify} for a range bundle, as it runs them, each timed: keys, the parallel
     * examination of entries (parse, hash and, as the mode says, signature), the in-order checks, the checkpoints,
     * and the Merkle root of all entries against the latest checkpoint.
     */
    private static void phases(AuditBundle bundle, TrustPolicy trust, int threads, boolean print) throws Exception {
        long t0 = System.nanoTime();
        KeyTrust keys = KeyTrust.of(trust.pinnedKeys(), bundle.keys());
        long t1 = System.nanoTime();
        EntryFacts[] facts = ParallelEntryExamination.examineAll(bundle.entries(),
                entry -> EntryFacts.examine(entry, keys, trust.signatures(), null, Ed25519Keys::verify), threads);
        long t2 = System.nanoTime();
        new EntryOrderChecks(keys, trust.signatures()).checkRange((BundleScope.Range) bundle.scope(), facts);
        long t3 = System.nanoTime();
        BundleProofs proofs = new BundleProofs(bundle);
        List<Checkpoint> checkpoints = new CheckpointChain(bundle.origin(), keys, proofs, Ed25519Keys.noteVerifier(),
                MlDsa65Keys.noteVerifier()).openAll(bundle.checkpoints());
        long t4 = System.nanoTime();
        byte[] root = MerkleTree.root(LeafHashes.of(Arrays.stream(facts).map(EntryFacts::hash).toList()), facts.length);
        long t5 = System.nanoTime();
        if (!Arrays.equals(root, checkpoints.get(checkpoints.size() - 1).rootHash())) {
            throw new IllegalStateException("root mismatch");
        }
        if (print) {
            long total = t5 - t0;
            System.out.printf("breakdown %s: total %.3f s; keys %.1f ms; examine entries (%d threads) %.1f ms (%.0f%%); "
                            + "in-order checks %.1f ms (%.0f%%); checkpoints %.1f ms (%.0f%%); Merkle root %.1f ms (%.0f%%)%n",
                    trust.signatures(), total / 1e9, (t1 - t0) / 1e6, threads, (t2 - t1) / 1e6, 100.0 * (t2 - t1) / total,
                    (t3 - t2) / 1e6, 100.0 * (t3 - t2) / total, (t4 - t3) / 1e6, 100.0 * (t4 - t3) / total,
                    (t5 - t4) / 1e6, 100.0 * (t5 - t4) / total);
        }
    }

    /**
     * Inside the examination, on one thread: the leaf hash; {@link AuditEntry#parse}; and two of its parts,
     * {@link CanonicalJson#parse} (UTF-8 check, strict tree parse, and a canonical encoding of the tree that it
     * discards) and {@link AuditEntry#canonicalBytes} (the re-encoding parse compares with the input).
     */
    private static void examineParts(AuditBundle bundle, int warmup) {
        List<byte[]> bytes = bundle.entries().stream().map(SignedEntry::entry).toList();
        List<AuditEntry> parsed = bytes.stream().map(AuditEntry::parse).toList();
        long[] took = new long[4];
        for (int round = 0; round <= warmup; round++) {
            long t0 = System.nanoTime();
            bytes.forEach(MerkleTree::leafHash);
            long t1 = System.nanoTime();
            bytes.forEach(AuditEntry::parse);
            long t2 = System.nanoTime();
            bytes.forEach(CanonicalJson::parse);
            long t3 = System.nanoTime();
            parsed.forEach(AuditEntry::canonicalBytes);
            long t4 = System.nanoTime();
            took = new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
        }
        double n = bytes.size();
        System.out.printf("per entry on 1 thread: leaf hash %.2f us; AuditEntry.parse %.2f us, of which CanonicalJson.parse "
                + "%.2f us and the re-encoding AuditEntry.canonicalBytes %.2f us (each timed on its own)%n",
                took[0] / 1e3 / n, took[1] / 1e3 / n, took[2] / 1e3 / n, took[3] / 1e3 / n);
    }

    private static VerificationReport check(VerificationReport report, int n) {
        if (report.entriesVerified() != n || report.keysUsed().size() != 2) {
            throw new IllegalStateException("unexpected report " + report);
        }
        return report;
    }

    private static void time(String what, int n, int warmup, int runs, Job job) throws Exception {
        for (int i = 0; i < warmup; i++) {
            job.run();
        }
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            job.run();
            took.add(System.nanoTime() - start);
        }
        long[] sorted = took.stream().mapToLong(Long::longValue).sorted().toArray();
        long best = sorted[0];
        long median = sorted[sorted.length / 2];
        System.out.printf("%-48s best %8.3f s = %,10.0f entries/s; median %8.3f s = %,10.0f entries/s; runs %s%n",
                what, best / 1e9, n / (best / 1e9), median / 1e9, n / (median / 1e9),
                Arrays.toString(took.stream().mapToDouble(x -> Math.round(x / 1e6) / 1e3).toArray()));
    }

    static {
        // Keeps the output readable if anything logs (no Spring here).
        try {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        } catch (RuntimeException | LinkageError ignored) {
            // no logback: nothing to quiet
        }
    }
}
