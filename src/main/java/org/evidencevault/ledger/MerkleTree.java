package org.evidencevault.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Merkle Tree Hash of RFC 9162 §2.1.1 (as RFC 6962 §2.1) with SHA-256 and domain separation, and the
 * proofs of §2.1.3.1 (inclusion, PATH) and §2.1.4.1 (consistency, PROOF/SUBPROOF), over precomputed leaf
 * hashes.
 *
 * <ul>
 *   <li>MTH({}) = SHA-256() — the hash of nothing;</li>
 *   <li>leaf hash = SHA-256(0x00 || leaf input);</li>
 *   <li>node hash = SHA-256(0x01 || left || right), where the left subtree holds the largest power of two
 *       leaves smaller than the node's leaf count.</li>
 * </ul>
 *
 * <p>Every range this class hashes (the whole tree, a proof's sibling subtrees) starts at a multiple of a power of two
 * no smaller than its length, so it splits into aligned perfect subtrees from the left, largest first, whose hashes fold
 * from the right into its root. Each perfect subtree is taken from the leaves' source when it keeps it
 * ({@link LeafHashes#perfectSubtreeHash}, for example a {@link SubtreeMemo}: a root or a proof then costs O(log n) hashes)
 * and is otherwise computed from its leaves (O(n) hashes, O(log n) memory).
 */
public final class MerkleTree {

    /** Bytes in every hash: SHA-256. */
    public static final int HASH_BYTES = Sha256.BYTES;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {
    }

    /** SHA-256(0x00 || leafInput). */
    public static byte[] leafHash(byte[] leafInput) {
        MessageDigest md = Sha256.newDigest();
        md.update(LEAF_PREFIX);
        return md.digest(leafInput);
    }

    /** SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        return nodeHash(Sha256.newDigest(), left, right);
    }

    static byte[] nodeHash(MessageDigest md, byte[] left, byte[] right) {
        md.update(NODE_PREFIX);
        md.update(left);
        return md.digest(right);
    }

    /** The root of the empty tree: SHA-256 of no bytes. */
    public static byte[] emptyRoot() {
        return Sha256.newDigest().digest();
    }

    /** MTH(D[0:size]): the root of the tree of the first {@code size} leaves. */
    public static byte[] root(LeafHashes leaves, long size) {
        requireSizeWithin(leaves, size);
        return subtreeRoot(Sha256.newDigest(), leaves, 0, size);
    }

    /** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1: sibling hashes from the leaf's level up to the root's. */
    public static List<byte[]> inclusionProof(LeafHashes leaves, long index, long size) {
        requireSizeWithin(leaves, size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
        }
        MessageDigest md = Sha256.newDigest();
        List<byte[]> topDown = new ArrayList<>();
        long start = 0;
        long end = size;
        long m = index;
        while (end - start > 1) {
            long k = largestPowerOfTwoBelow(end - start);
            if (m < k) {
                topDown.add(subtreeRoot(md, leaves, start + k, end));
                end = start + k;
            } else {
                topDown.add(subtreeRoot(md, leaves, start, start + k));
                start += k;
                m -= k;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /**
     * PROOF(oldSize, D[0:newSize]) of RFC 9162 §2.1.4.1 (SUBPROOF with b = true); empty when {@code oldSize}
     * is 0 or equals {@code newSize}, where there is nothing to prove.
     */
    public static List<byte[]> consistencyProof(LeafHashes leaves, long oldSize, long newSize) {
        requireSizeWithin(leaves, newSize);
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("old size " + oldSize + " is not between 0 and new size " + newSize);
        }
        List<byte[]> topDown = new ArrayList<>();
        if (oldSize == 0 || oldSize == newSize) {
            return topDown;
        }
        MessageDigest md = Sha256.newDigest();
        long start = 0;
        long end = newSize;
        long m = oldSize;
        boolean wholeOldTree = true;
        while (m != end - start) {
            long k = largestPowerOfTwoBelow(end - start);
            if (m <= k) {
                topDown.add(subtreeRoot(md, leaves, start + k, end));
                end = start + k;
            } else {
                topDown.add(subtreeRoot(md, leaves, start, start + k));
                start += k;
                m -= k;
                wholeOldTree = false;
            }
        }
        if (!wholeOldTree) {
            topDown.add(subtreeRoot(md, leaves, start, end));
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /** The largest power of two strictly below {@code n}, for {@code n > 1}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * MTH(D[start:end]). When {@code start} is a multiple of the smallest power of two not below the range's length (as for
     * every range of RFC 9162's recursion), the range is the aligned perfect subtrees of its length's binary digits, from
     * the left, and its root folds their hashes from the right: MTH = H(P1, H(P2, ... Pk)). Any other range is hashed
     * leaf by leaf, as the definition reads.
     */
    private static byte[] subtreeRoot(MessageDigest md, LeafHashes leaves, long start, long end) {
        if (start == end) {
            return md.digest();
        }
        long length = end - start;
        long span = Long.highestOneBit(length) == length ? length : Long.highestOneBit(length) << 1;
        if (start % span != 0) {
            return leafByLeafRoot(md, leaves, start, end);
        }
        byte[][] parts = new byte[Long.SIZE][];
        int k = 0;
        for (long at = start; at < end; ) {
            long size = Long.highestOneBit(end - at);
            parts[k++] = perfect(md, leaves, Long.numberOfTrailingZeros(size), at);
            at += size;
        }
        byte[] right = parts[k - 1];
        for (int i = k - 2; i >= 0; i--) {
            right = nodeHash(md, parts[i], right);
        }
        return right;
    }

    /** The root of the aligned perfect subtree of {@code 2^level} leaves from {@code start}: kept by the source, or computed. */
    private static byte[] perfect(MessageDigest md, LeafHashes leaves, int level, long start) {
        if (level == 0) {
            return leaf(leaves, start);
        }
        byte[] kept = leaves.perfectSubtreeHash(level, start >> level);
        if (kept != null) {
            if (kept.length != HASH_BYTES) {
                throw new IllegalArgumentException("subtree hash " + level + "/" + (start >> level) + " is not " + HASH_BYTES + " bytes");
            }
            return kept;
        }
        long half = 1L << (level - 1);
        return nodeHash(md, perfect(md, leaves, level - 1, start), perfect(md, leaves, level - 1, start + half));
    }

    /**
     * MTH(D[start:end]) from the leaves alone (never a kept subtree), left to right with a stack of perfect subtrees and
     * their leaf counts; {@link SubtreeMemo} builds its smallest kept subtrees with it.
     */
    static byte[] leafByLeafRoot(MessageDigest md, LeafHashes leaves, long start, long end) {
        byte[][] hashes = new byte[Long.SIZE][];
        long[] counts = new long[Long.SIZE];
        int top = -1;
        for (long i = start; i < end; i++) {
            top++;
            hashes[top] = leaf(leaves, i);
            counts[top] = 1;
            while (top > 0 && counts[top] == counts[top - 1]) {
                hashes[top - 1] = nodeHash(md, hashes[top - 1], hashes[top]);
                counts[top - 1] *= 2;
                top--;
            }
        }
        byte[] right = hashes[top];
        for (int i = top - 1; i >= 0; i--) {
            right = nodeHash(md, hashes[i], right);
        }
        return right;
    }

    private static byte[] leaf(LeafHashes leaves, long index) {
        byte[] hash = leaves.leafHash(index);
        if (hash == null || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("leaf hash " + index + " is not " + HASH_BYTES + " bytes");
        }
        return hash;
    }

    private static void requireSizeWithin(LeafHashes leaves, long size) {
        if (size < 0 || size > leaves.size()) {
            throw new IllegalArgumentException("tree size " + size + " is not between 0 and the "
                    + leaves.size() + " leaves available");
        }
    }
}
