package org.evidencevault.ledger;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The hashes of the aligned perfect subtrees of one append-only log, remembered once computed, so that a root or a
 * proof over a log of a million entries costs a few dozen hashes instead of a million. A perfect subtree of level
 * {@code L} and index {@code i} covers leaves {@code [i * 2^L, (i + 1) * 2^L)}; only levels from {@link #MIN_LEVEL} up
 * are kept (about {@code 2 * 32 / 2^MIN_LEVEL} bytes per leaf: 4 MB for a million), smaller ones are recomputed from
 * the leaves (at most 15 hashes for each).
 *
 * <p>A memo belongs to one sequence of leaves that only grows: the leaves below any size it was asked about must never
 * change, or {@link #truncate} must be called first with the size up to which they stay. Thread-safe; a node is
 * computed from the {@link LeafHashes} that asked for it, the first time any caller needs it.
 */
public final class SubtreeMemo {

    /** The smallest level kept: subtrees of 16 leaves. */
    public static final int MIN_LEVEL = 4;
    private static final int HASH = MerkleTree.HASH_BYTES;

    /** {@code levels[L]}: the hashes of level {@code L}, {@code built[L]} of them, from index 0 on. */
    private final byte[][] levels = new byte[Long.SIZE][];
    private final long[] built = new long[Long.SIZE];

    /**
     * The hash of the perfect subtree of {@code level} and {@code index} of {@code leaves}, computing (and keeping) it and
     * the nodes before it on its level if needed; null for a level below {@link #MIN_LEVEL} or a subtree that does not
     * lie wholly within {@code leaves}.
     */
    public synchronized byte[] perfectSubtree(LeafHashes leaves, int level, long index) {
        if (level < MIN_LEVEL || level >= Long.SIZE - 1 || index < 0 || index >= (leaves.size() >> level)) {
            return null;
        }
        MessageDigest md = Sha256.newDigest();
        ensure(md, leaves, level, index);
        return node(level, index);
    }

    /** Forgets every node that covers a leaf at or after {@code size} (the leaves from there on may change). */
    public synchronized void truncate(long size) {
        for (int level = MIN_LEVEL; level < built.length; level++) {
            built[level] = Math.min(built[level], Math.max(0, size) >> level);
        }
    }

    private void ensure(MessageDigest md, LeafHashes leaves, int level, long index) {
        while (built[level] <= index) {
            long j = built[level];
            byte[] hash;
            if (level == MIN_LEVEL) {
                hash = MerkleTree.leafByLeafRoot(md, leaves, j << MIN_LEVEL, (j + 1) << MIN_LEVEL);
            } else {
                ensure(md, leaves, level - 1, 2 * j + 1);
                hash = MerkleTree.nodeHash(md, node(level - 1, 2 * j), node(level - 1, 2 * j + 1));
            }
            put(level, j, hash);
        }
    }

    private void put(int level, long index, byte[] hash) {
        long end = (index + 1) * HASH;
        if (end > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a subtree memo holds at most " + (Integer.MAX_VALUE / HASH) + " nodes a level");
        }
        byte[] a = levels[level];
        if (a == null) {
            a = new byte[(int) Math.max(end, 64L * HASH)];
            levels[level] = a;
        } else if (a.length < end) {
            a = Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(end, a.length * 3L / 2)));
            levels[level] = a;
        }
        System.arraycopy(hash, 0, a, (int) (index * HASH), HASH);
        built[level] = index + 1;
    }

    private byte[] node(int level, long index) {
        return Arrays.copyOfRange(levels[level], (int) (index * HASH), (int) ((index + 1) * HASH));
    }
}
