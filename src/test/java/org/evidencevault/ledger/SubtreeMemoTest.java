package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Roots and proofs with remembered perfect subtrees are exactly those computed from the leaves alone, cost a few dozen
 * leaf reads once the memo holds the tree, and never outlive leaves that were replaced after {@link SubtreeMemo#truncate}.
 */
class SubtreeMemoTest {

    @Test
    void rootsAndProofsWithTheMemoEqualThoseFromTheLeavesAloneForEverySizeUpTo300() throws ProofException {
        List<byte[]> hashes = leaves(300, 1);
        LeafHashes plain = LeafHashes.of(hashes);
        Remembering memo = new Remembering(hashes, new SubtreeMemo());
        Random random = new Random(7);
        for (int size = 0; size <= 300; size++) {
            byte[] root = MerkleTree.root(plain, size);
            assertThat(MerkleTree.root(memo.upTo(size), size)).as("root of %d", size).isEqualTo(root);
            if (size == 0) {
                continue;
            }
            long index = random.nextInt(size);
            List<byte[]> inclusion = MerkleTree.inclusionProof(memo.upTo(size), index, size);
            assertThat(inclusion).as("inclusion of %d in %d", index, size)
                    .containsExactlyElementsOf(MerkleTree.inclusionProof(plain, index, size));
            MerkleProofs.verifyInclusion(index, size, hashes.get((int) index), inclusion, root);
            long old = 1 + random.nextInt(size);
            List<byte[]> consistency = MerkleTree.consistencyProof(memo.upTo(size), old, size);
            assertThat(consistency).as("consistency of %d with %d", old, size)
                    .containsExactlyElementsOf(MerkleTree.consistencyProof(plain, old, size));
            MerkleProofs.verifyConsistency(old, size, consistency, MerkleTree.root(plain, old), root);
        }
    }

    @Test
    void onceTheMemoHoldsTheTreeARootOfTheGrownLogReadsAFewLeavesOnly() {
        List<byte[]> hashes = leaves(100_003, 2);
        Remembering memo = new Remembering(hashes, new SubtreeMemo());
        byte[] first = MerkleTree.root(memo.upTo(100_000), 100_000);
        assertThat(memo.reads.get()).as("leaf reads of the first root").isGreaterThanOrEqualTo(100_000);

        memo.reads.set(0);
        byte[] grown = MerkleTree.root(memo.upTo(100_003), 100_003);
        assertThat(memo.reads.get()).as("leaf reads of the next root, three leaves later").isLessThan(2 * 16);
        assertThat(grown).isEqualTo(MerkleTree.root(LeafHashes.of(hashes), 100_003));
        assertThat(first).isEqualTo(MerkleTree.root(LeafHashes.of(hashes.subList(0, 100_000)), 100_000));
    }

    @Test
    void afterTruncateReplacedLeavesGiveTheirOwnRootNotTheRememberedOne() {
        List<byte[]> hashes = leaves(64, 3);
        Remembering memo = new Remembering(hashes, new SubtreeMemo());
        byte[] before = MerkleTree.root(memo.upTo(64), 64);

        List<byte[]> replaced = new ArrayList<>(hashes.subList(0, 20));
        replaced.addAll(leaves(44, 4));
        memo.memo.truncate(20);
        Remembering after = new Remembering(replaced, memo.memo);

        byte[] root = MerkleTree.root(after.upTo(64), 64);
        assertThat(root).isEqualTo(MerkleTree.root(LeafHashes.of(replaced), 64)).isNotEqualTo(before);
        assertThat(memo.memo.perfectSubtree(after.upTo(64), SubtreeMemo.MIN_LEVEL, 0))
                .as("the subtree of leaves 0-15, below the truncation, kept")
                .isEqualTo(MerkleTree.root(LeafHashes.of(hashes.subList(0, 16)), 16));
    }

    @Test
    void aSubtreeBeyondTheLeavesOrBelowTheSmallestLevelIsNotKept() {
        Remembering memo = new Remembering(leaves(40, 5), new SubtreeMemo());
        assertThat(memo.memo.perfectSubtree(memo.upTo(40), SubtreeMemo.MIN_LEVEL, 1)).isNotNull();
        assertThat(memo.memo.perfectSubtree(memo.upTo(40), SubtreeMemo.MIN_LEVEL, 2)).as("leaves 32-47 of 40").isNull();
        assertThat(memo.memo.perfectSubtree(memo.upTo(40), SubtreeMemo.MIN_LEVEL - 1, 0)).isNull();
        assertThat(memo.memo.perfectSubtree(memo.upTo(31), SubtreeMemo.MIN_LEVEL, 1)).as("leaves 16-31 of 31").isNull();
    }

    private static List<byte[]> leaves(int n, long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash(ByteBuffer.allocate(12).putInt(i).putLong(random.nextLong()).array()));
        }
        return out;
    }

    /** Leaves from a list, with a memo, counting leaf reads. */
    private static final class Remembering {
        final List<byte[]> hashes;
        final SubtreeMemo memo;
        final AtomicLong reads = new AtomicLong();

        Remembering(List<byte[]> hashes, SubtreeMemo memo) {
            this.hashes = hashes;
            this.memo = memo;
        }

        LeafHashes upTo(long size) {
            return new LeafHashes() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public byte[] leafHash(long index) {
                    reads.incrementAndGet();
                    return hashes.get(Math.toIntExact(index));
                }

                @Override
                public byte[] perfectSubtreeHash(int level, long index) {
                    return memo.perfectSubtree(this, level, index);
                }
            };
        }
    }
}
