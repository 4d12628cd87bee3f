package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evidencevault.ledger.TransparencyDevVectors.CONSISTENCY_PROOFS;
import static org.evidencevault.ledger.TransparencyDevVectors.EMPTY_ROOT;
import static org.evidencevault.ledger.TransparencyDevVectors.INCLUSION_PROOFS;
import static org.evidencevault.ledger.TransparencyDevVectors.ROOTS;
import static org.evidencevault.ledger.TransparencyDevVectors.leafHashes;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Roots and proofs against the RFC 6962 test tree, and roots against the RFC's recursive definition. */
class MerkleTreeTest {

    @Test
    void emptyTreeRootIsTheHashOfNothing() {
        assertThat(MerkleTree.emptyRoot()).isEqualTo(EMPTY_ROOT);
        assertThat(MerkleTree.root(leafHashes(), 0)).isEqualTo(EMPTY_ROOT);
    }

    @Test
    void rootsOfSizesOneToEightMatchTheTestTree() {
        for (int size = 1; size <= 8; size++) {
            assertThat(MerkleTree.root(leafHashes(), size)).as("root of size %d", size).isEqualTo(ROOTS.get(size - 1));
        }
    }

    @Test
    void leafAndNodeHashesAreDomainSeparated() {
        byte[] a = MerkleTree.leafHash(new byte[0]);
        assertThat(a).isEqualTo(ROOTS.get(0));
        byte[] b = MerkleTree.leafHash(new byte[] {0});
        assertThat(MerkleTree.nodeHash(a, b)).isEqualTo(ROOTS.get(1));
        byte[] concatenated = ByteBuffer.allocate(64).put(a).put(b).array();
        assertThat(MerkleTree.leafHash(concatenated)).as("a leaf cannot pose as a node").isNotEqualTo(ROOTS.get(1));
    }

    @Test
    void inclusionProofsMatchTheKnownProofs() {
        for (TransparencyDevVectors.Inclusion v : INCLUSION_PROOFS) {
            assertThat(MerkleTree.inclusionProof(leafHashes(), v.index(), v.size()))
                    .as("leaf %d of %d", v.index(), v.size()).containsExactlyElementsOf(v.proof());
        }
    }

    @Test
    void consistencyProofsMatchTheKnownProofs() {
        for (TransparencyDevVectors.Consistency v : CONSISTENCY_PROOFS) {
            assertThat(MerkleTree.consistencyProof(leafHashes(), v.oldSize(), v.newSize()))
                    .as("%d to %d", v.oldSize(), v.newSize()).containsExactlyElementsOf(v.proof());
        }
    }

    @Test
    void nothingToProveGivesEmptyConsistencyProofs() {
        assertThat(MerkleTree.consistencyProof(leafHashes(), 0, 8)).isEmpty();
        assertThat(MerkleTree.consistencyProof(leafHashes(), 5, 5)).isEmpty();
    }

    @Test
    void rootsEqualTheRecursiveDefinitionForEverySizeUpTo130() {
        List<byte[]> hashes = leaves(130);
        for (int size = 0; size <= 130; size++) {
            assertThat(MerkleTree.root(LeafHashes.of(hashes), size)).as("size %d", size)
                    .isEqualTo(recursiveRoot(hashes.subList(0, size)));
        }
    }

    @Test
    void handlesAHundredThousandLeaves() throws ProofException {
        List<byte[]> hashes = leaves(100_003);
        LeafHashes leaves = LeafHashes.of(hashes);
        byte[] root = MerkleTree.root(leaves, hashes.size());
        List<byte[]> path = MerkleTree.inclusionProof(leaves, 77_777, hashes.size());
        assertThat(path).hasSize(17);
        MerkleProofs.verifyInclusion(77_777, hashes.size(), hashes.get(77_777), path, root);
        byte[] oldRoot = MerkleTree.root(leaves, 65_537);
        MerkleProofs.verifyConsistency(65_537, hashes.size(),
                MerkleTree.consistencyProof(leaves, 65_537, hashes.size()), oldRoot, root);
    }

    @Test
    void rejectsSizesAndIndexesOutsideTheLeaves() {
        assertThatThrownBy(() -> MerkleTree.root(leafHashes(), 9))
                .hasMessage("tree size 9 is not between 0 and the 8 leaves available");
        assertThatThrownBy(() -> MerkleTree.inclusionProof(leafHashes(), 8, 8))
                .hasMessage("leaf index 8 is not in a tree of size 8");
        assertThatThrownBy(() -> MerkleTree.consistencyProof(leafHashes(), 6, 5))
                .hasMessage("old size 6 is not between 0 and new size 5");
        assertThatThrownBy(() -> MerkleTree.root(LeafHashes.of(List.of(new byte[31])), 1))
                .hasMessage("leaf hash 0 is not 32 bytes");
    }

    @Test
    void largestPowerOfTwoBelow() {
        assertThat(MerkleTree.largestPowerOfTwoBelow(2)).isEqualTo(1);
        assertThat(MerkleTree.largestPowerOfTwoBelow(8)).isEqualTo(4);
        assertThat(MerkleTree.largestPowerOfTwoBelow(9)).isEqualTo(8);
        assertThat(MerkleTree.largestPowerOfTwoBelow(Long.MAX_VALUE)).isEqualTo(1L << 62);
    }

    /** Leaf hashes of the 4-byte big-endian encodings of 0 to n - 1. */
    static List<byte[]> leaves(int n) {
        List<byte[]> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hashes.add(MerkleTree.leafHash(ByteBuffer.allocate(4).putInt(i).array()));
        }
        return hashes;
    }

    /** MTH straight from RFC 9162 §2.1.1. */
    private static byte[] recursiveRoot(List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        if (hashes.size() == 1) {
            return Arrays.copyOf(hashes.get(0), 32);
        }
        int k = Integer.highestOneBit(hashes.size() - 1);
        return MerkleTree.nodeHash(recursiveRoot(hashes.subList(0, k)), recursiveRoot(hashes.subList(k, hashes.size())));
    }
}
