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

    /**
     * The first {@code size} hashes of a flat array (32 bytes each, back to back), with the perfect subtrees {@code memo}
     * keeps of them ({@code null}: none); valid while nothing writes below {@code size}.
     */
    static LeafHashes ofFlat(byte[] array, int size, SubtreeMemo memo) {
        return new LeafHashes() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public byte[] leafHash(long index) {
                if (index < 0 || index >= size) {
                    throw new IndexOutOfBoundsException("leaf " + index + " of " + size);
                }
                int i = (int) index;
                return java.util.Arrays.copyOfRange(array, i * MerkleTree.HASH_BYTES, (i + 1) * MerkleTree.HASH_BYTES);
            }

            @Override
            public byte[] perfectSubtreeHash(int level, long index) {
                return memo == null ? null : memo.perfectSubtree(this, level, index);
            }
        };
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
