package org.evidencevault.ledger;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * What the Merkle roots of one checkpoint cost on a large log (a {@code main}; docs/BENCHMARKS.md section 15). A
 * checkpoint computes up to three roots over the cached leaf hashes: at the anchor's size, at the newest stored
 * checkpoint's size and at the log's size. For {@code n} leaves (default 1,000,000), side by side in one run: those
 * three roots from the leaves alone (as before {@link SubtreeMemo}), and with a memo, first cold (the first checkpoint
 * after a start) and then after every {@code grow} new entries (default 100, a few seconds of a busy vault), {@code
 * rounds} times (default 20); median and worst of each.
 */
public final class CheckpointRootBench {

    private CheckpointRootBench() {
    }

    public static void main(String[] args) {
        int n = 1_000_000;
        int grow = 100;
        int rounds = 20;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "n" -> n = Integer.parseInt(kv[1]);
                case "grow" -> grow = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a + "; known: n= grow= rounds=");
            }
        }
        int total = n + grow * rounds;
        byte[] flat = new byte[total * 32];
        Random random = new Random(1);
        for (int i = 0; i < total; i++) {
            byte[] h = MerkleTree.leafHash(ByteBuffer.allocate(12).putInt(i).putLong(random.nextLong()).array());
            System.arraycopy(h, 0, flat, i * 32, 32);
        }
        System.out.printf("[roots] n=%d grow=%d rounds=%d, java %s, %d cpus%n", n, grow, rounds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        SubtreeMemo memo = new SubtreeMemo();
        int leaves = n;
        long cold = time(() -> MerkleTree.root(LeafHashes.ofFlat(flat, leaves, memo), leaves));
        System.out.printf("[roots] memo, first root after a start (cold): %.1f ms%n", cold / 1e6);
        long[] plain = new long[rounds];
        long[] remembered = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            int anchor = n + grow * r;
            int latest = anchor;
            int size = anchor + grow;
            // the anchor and the newest checkpoint are the last checkpoint's size; the log grew by grow entries since
            byte[][] results = new byte[2][];
            plain[r] = time(() -> results[0] = threeRoots(LeafHashes.ofFlat(flat, size, null), anchor, latest, size));
            remembered[r] = time(() -> results[1] = threeRoots(LeafHashes.ofFlat(flat, size, memo), anchor, latest, size));
            if (!Arrays.equals(results[0], results[1])) {
                throw new IllegalStateException("the memo's root differs at size " + size);
            }
        }
        System.out.printf("[roots] one checkpoint's three roots, leaves alone: median %.1f ms, worst %.1f ms%n",
                median(plain) / 1e6, Arrays.stream(plain).max().orElse(0) / 1e6);
        System.out.printf("[roots] one checkpoint's three roots, with the memo: median %.3f ms, worst %.3f ms%n",
                median(remembered) / 1e6, Arrays.stream(remembered).max().orElse(0) / 1e6);
    }

    private static byte[] threeRoots(LeafHashes leaves, long anchor, long latest, long size) {
        MerkleTree.root(leaves, anchor);
        MerkleTree.root(leaves, latest);
        return MerkleTree.root(leaves, size);
    }

    private static long time(Runnable r) {
        long s = System.nanoTime();
        r.run();
        return System.nanoTime() - s;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
