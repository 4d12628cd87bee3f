package org.evidencevault.ledger;

import java.util.List;

/**
 * The leaf hashes of a log, by index, so that a Merkle tree can be computed from a store without loading
 * every leaf at once. Each hash is {@link MerkleTree#leafHash(byte[])} of a leaf input: 32 bytes.
 */
public interface LeafHashes {

    /** How many leaves there are. */
    long size();

    /** The hash of leaf {@code index}, {@code 0 <= index < size()}. */
    byte[] leafHash(long index);

    /**
     * The hash of the perfect subtree of leaves {@code [index * 2^level, (index + 1) * 2^level)} if this source keeps it
     * (see {@link SubtreeMemo}), else null: {@link MerkleTree} then computes it from the leaves. It must be exactly what
     * the leaves give; a source that keeps nothing answers null.
     */
    default byte[] perfectSubtreeHash(int level, long index) {
        return null;
    }

    /** A view of an in-memory list; the list must not change while the view is used. */
    static LeafHashes of(List<byte[]> hashes) {
        return new LeafHashes() {
            @Override
            public long size() {
                return hashes.size();
            }

            @Override
            public byte[] leafHash(long index) {
                return hashes.get(Math.toIntExact(index));
            }
        };
    }
}
