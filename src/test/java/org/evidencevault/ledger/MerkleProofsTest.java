package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evidencevault.ledger.TransparencyDevVectors.CONSISTENCY_PROOFS;
import static org.evidencevault.ledger.TransparencyDevVectors.EMPTY_ROOT;
import static org.evidencevault.ledger.TransparencyDevVectors.INCLUSION_PROOFS;
import static org.evidencevault.ledger.TransparencyDevVectors.LEAF_INPUTS;
import static org.evidencevault.ledger.TransparencyDevVectors.ROOTS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RFC 9162 verifiers: known proofs verify; each tampering of a valid fixture fails with its exact message;
 * and for every tree up to 64 leaves, every generated proof verifies and fails with any single bit flipped.
 */
class MerkleProofsTest {

    private static final int MAX_SIZE = 64;
    private static final byte[] ROOT_6 = ROOTS.get(5);
    private static final byte[] ROOT_8 = ROOTS.get(7);
    private static final byte[] LEAF_5 = MerkleTree.leafHash(LEAF_INPUTS.get(5));
    /** Leaf 5 in the tree of 8, from transparency-dev. */
    private static final List<byte[]> PATH_5_OF_8 = INCLUSION_PROOFS.get(2).proof();
    /** From 6 to 8 leaves, from transparency-dev. */
    private static final List<byte[]> PROOF_6_TO_8 = CONSISTENCY_PROOFS.get(2).proof();

    @Test
    void knownInclusionProofsVerify() {
        for (TransparencyDevVectors.Inclusion v : INCLUSION_PROOFS) {
            byte[] leaf = MerkleTree.leafHash(LEAF_INPUTS.get((int) v.index()));
            assertThatCode(() -> MerkleProofs.verifyInclusion(v.index(), v.size(), leaf, v.proof(), ROOTS.get((int) v.size() - 1)))
                    .as("leaf %d of %d", v.index(), v.size()).doesNotThrowAnyException();
        }
    }

    @Test
    void knownConsistencyProofsVerify() {
        for (TransparencyDevVectors.Consistency v : CONSISTENCY_PROOFS) {
            assertThatCode(() -> MerkleProofs.verifyConsistency(v.oldSize(), v.newSize(), v.proof(),
                    ROOTS.get((int) v.oldSize() - 1), ROOTS.get((int) v.newSize() - 1)))
                    .as("%d to %d", v.oldSize(), v.newSize()).doesNotThrowAnyException();
        }
    }

    @Test
    void inclusionFailuresNameTheirStep() {
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(5, 8, LEAF_5, flipped(PATH_5_OF_8, 1, 0), ROOT_8))
                .isInstanceOf(ProofException.class)
                .hasMessage("inclusion proof for leaf 5 leads to a different root than the one of size 8");
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(5, 8, flip(LEAF_5, 31), PATH_5_OF_8, ROOT_8))
                .hasMessage("inclusion proof for leaf 5 leads to a different root than the one of size 8");
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(4, 8, LEAF_5, PATH_5_OF_8, ROOT_8))
                .hasMessage("inclusion proof for leaf 4 leads to a different root than the one of size 8");
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(5, 8, LEAF_5, appended(PATH_5_OF_8, ROOT_8), ROOT_8))
                .hasMessage("inclusion proof has 4 hashes, but the path from leaf 5 to the root of a tree of size 8 has only 3");
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(5, 8, LEAF_5, PATH_5_OF_8.subList(0, 2), ROOT_8))
                .hasMessage("inclusion proof has 2 hashes, too few to reach the root of a tree of size 8 from leaf 5");
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(8, 8, LEAF_5, PATH_5_OF_8, ROOT_8))
                .hasMessage("leaf index 8 is not in a tree of size 8");
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(-1, 8, LEAF_5, PATH_5_OF_8, ROOT_8))
                .hasMessage("leaf index -1 is not in a tree of size 8");
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(5, 8, LEAF_5, List.of(PATH_5_OF_8.get(0), new byte[31]), ROOT_8))
                .hasMessage("inclusion proof hash 1 is 31 bytes, expected 32");
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(5, 8, LEAF_5, PATH_5_OF_8, new byte[0]))
                .hasMessage("root is 0 bytes, expected 32");
    }

    @Test
    void consistencyFailuresNameTheirStep() {
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, flipped(PROOF_6_TO_8, 1, 0), ROOT_6, ROOT_8))
                .isInstanceOf(ProofException.class)
                .hasMessage("consistency proof does not lead to the new root of size 8");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, flipped(PROOF_6_TO_8, 0, 0), ROOT_6, ROOT_8))
                .hasMessage("consistency proof does not lead to the old root of size 6");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, PROOF_6_TO_8, ROOTS.get(4), ROOT_8))
                .hasMessage("consistency proof does not lead to the old root of size 6");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, appended(PROOF_6_TO_8, ROOT_8), ROOT_6, ROOT_8))
                .hasMessage("consistency proof from size 6 to size 8 has 4 hashes, more than the 3 it needs");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, PROOF_6_TO_8.subList(0, 2), ROOT_6, ROOT_8))
                .hasMessage("consistency proof from size 6 to size 8 has 2 hashes, too few to reach the new root");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, List.of(), ROOT_6, ROOT_8))
                .hasMessage("consistency proof from size 6 to size 8 is empty");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(8, 6, PROOF_6_TO_8, ROOT_8, ROOT_6))
                .hasMessage("old tree size 8 is larger than new tree size 6");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(-1, 6, PROOF_6_TO_8, ROOT_8, ROOT_6))
                .hasMessage("tree sizes -1 and 6 must not be negative");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(8, 8, List.of(), ROOT_8, flip(ROOT_8, 0)))
                .hasMessage("roots of the same tree size 8 differ");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(8, 8, List.of(ROOT_8), ROOT_8, ROOT_8))
                .hasMessage("consistency proof from size 8 to size 8 must be empty, but has 1 hashes");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(0, 8, List.of(), flip(EMPTY_ROOT, 5), ROOT_8))
                .hasMessage("old root of size 0 is not the root of the empty tree");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, List.of(new byte[33]), ROOT_6, ROOT_8))
                .hasMessage("consistency proof hash 0 is 33 bytes, expected 32");
    }

    @Test
    void theEmptyTreeIsConsistentWithEveryTree() {
        assertThatCode(() -> MerkleProofs.verifyConsistency(0, 8, List.of(), EMPTY_ROOT, ROOT_8)).doesNotThrowAnyException();
        assertThatCode(() -> MerkleProofs.verifyConsistency(0, 0, List.of(), EMPTY_ROOT, EMPTY_ROOT)).doesNotThrowAnyException();
    }

    @Test
    void everyInclusionProofUpTo64LeavesVerifiesAndNoFlippedBitDoes() throws ProofException {
        List<byte[]> hashes = MerkleTreeTest.leaves(MAX_SIZE);
        LeafHashes leaves = LeafHashes.of(hashes);
        for (int size = 1; size <= MAX_SIZE; size++) {
            byte[] root = MerkleTree.root(leaves, size);
            for (int index = 0; index < size; index++) {
                List<byte[]> path = MerkleTree.inclusionProof(leaves, index, size);
                MerkleProofs.verifyInclusion(index, size, hashes.get(index), path, root);
                for (int element = 0; element < path.size(); element++) {
                    int bit = (index * 31 + element * 7 + size) % 256;
                    List<byte[]> tampered = flipped(path, element, bit);
                    int i = index;
                    int s = size;
                    assertThatThrownBy(() -> MerkleProofs.verifyInclusion(i, s, hashes.get(i), tampered, root))
                            .as("leaf %d of %d, hash %d bit %d", i, s, element, bit).isInstanceOf(ProofException.class);
                }
                int i = index;
                int s = size;
                assertThatThrownBy(() -> MerkleProofs.verifyInclusion(i, s, hashes.get(i), path, flip(root, (i + s) % 256)))
                        .isInstanceOf(ProofException.class);
                if (size > 1) {
                    assertThatThrownBy(() -> MerkleProofs.verifyInclusion((i + 1) % s, s, hashes.get(i), path, root))
                            .as("leaf %d of %d moved", i, s).isInstanceOf(ProofException.class);
                }
            }
        }
    }

    @Test
    void everyConsistencyProofUpTo64LeavesVerifiesAndNoTamperingDoes() throws ProofException {
        LeafHashes leaves = LeafHashes.of(MerkleTreeTest.leaves(MAX_SIZE));
        List<byte[]> roots = new ArrayList<>();
        for (int size = 0; size <= MAX_SIZE; size++) {
            roots.add(MerkleTree.root(leaves, size));
        }
        for (int newSize = 0; newSize <= MAX_SIZE; newSize++) {
            for (int oldSize = 0; oldSize <= newSize; oldSize++) {
                List<byte[]> proof = MerkleTree.consistencyProof(leaves, oldSize, newSize);
                MerkleProofs.verifyConsistency(oldSize, newSize, proof, roots.get(oldSize), roots.get(newSize));
                int o = oldSize;
                int n = newSize;
                for (int element = 0; element < proof.size(); element++) {
                    int bit = (o * 13 + n * 5 + element) % 256;
                    List<byte[]> tampered = flipped(proof, element, bit);
                    assertThatThrownBy(() -> MerkleProofs.verifyConsistency(o, n, tampered, roots.get(o), roots.get(n)))
                            .as("%d to %d, hash %d bit %d", o, n, element, bit).isInstanceOf(ProofException.class);
                }
                assertThatThrownBy(() -> MerkleProofs.verifyConsistency(o, n, proof, flip(roots.get(o), n % 256), roots.get(n)))
                        .as("%d to %d, old root flipped", o, n).isInstanceOf(ProofException.class);
                if (o > 0) {
                    assertThatThrownBy(() -> MerkleProofs.verifyConsistency(o, n, proof, roots.get(o), flip(roots.get(n), o % 256)))
                            .as("%d to %d, new root flipped", o, n).isInstanceOf(ProofException.class);
                }
            }
        }
    }

    private static byte[] flip(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static List<byte[]> flipped(List<byte[]> proof, int element, int bit) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.set(element, flip(proof.get(element), bit));
        return copy;
    }

    private static List<byte[]> appended(List<byte[]> proof, byte[] hash) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.add(hash);
        return copy;
    }
}
