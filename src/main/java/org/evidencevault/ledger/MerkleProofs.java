package org.evidencevault.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies Merkle proofs step by step as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) specify,
 * with the hashes of {@link MerkleTree}. Every failure is a {@link ProofException} naming the step.
 *
 * <p>Consistency between trees where §2.1.4.2 has nothing to verify ({@code oldSize == newSize}, or
 * {@code oldSize == 0}) needs an empty proof; equal sizes need equal roots, and size 0 needs the root of the
 * empty tree, SHA-256 of nothing. Roots compare in constant time.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** Succeeds only if {@code proof} shows the leaf with {@code leafHash} at {@code index} under {@code root}. */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws ProofException {
        requireHash("leaf hash", leafHash);
        requireHash("root", root);
        requireHashes("inclusion proof", proof);
        // 1. leaf_index must be below tree_size
        if (index < 0 || size < 0 || index >= size) {
            throw new ProofException("leaf index " + index + " is not in a tree of size " + size);
        }
        // 2. fn = leaf_index, sn = tree_size - 1; 3. r = hash
        long fn = index;
        long sn = size - 1;
        MessageDigest md = Sha256.newDigest();
        byte[] r = leafHash;
        // 4. for each p in inclusion_path
        for (int i = 0; i < proof.size(); i++) {
            byte[] p = proof.get(i);
            if (sn == 0) { // a.
                throw new ProofException("inclusion proof has " + proof.size() + " hashes, but the path from leaf "
                        + index + " to the root of a tree of size " + size + " has only " + i);
            }
            if ((fn & 1) == 1 || fn == sn) { // b.
                r = MerkleTree.nodeHash(md, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleTree.nodeHash(md, r, p);
            }
            fn >>= 1; // c.
            sn >>= 1;
        }
        // 5. sn must be 0 and r must equal the root
        if (sn != 0) {
            throw new ProofException("inclusion proof has " + proof.size()
                    + " hashes, too few to reach the root of a tree of size " + size + " from leaf " + index);
        }
        if (!MessageDigest.isEqual(r, root)) {
            throw new ProofException("inclusion proof for leaf " + index
                    + " leads to a different root than the one of size " + size);
        }
    }

    /** Succeeds only if {@code proof} shows that the tree {@code oldRoot} of {@code oldSize} is a prefix of {@code newRoot}. */
    public static void verifyConsistency(long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot, byte[] newRoot)
            throws ProofException {
        requireHash("old root", oldRoot);
        requireHash("new root", newRoot);
        requireHashes("consistency proof", proof);
        if (oldSize < 0 || newSize < 0) {
            throw new ProofException("tree sizes " + oldSize + " and " + newSize + " must not be negative");
        }
        if (oldSize > newSize) {
            throw new ProofException("old tree size " + oldSize + " is larger than new tree size " + newSize);
        }
        if (oldSize == newSize || oldSize == 0) {
            verifyTrivialConsistency(oldSize, newSize, proof, oldRoot, newRoot);
            return;
        }
        // 1. an empty consistency_path fails
        if (proof.isEmpty()) {
            throw new ProofException("consistency proof from size " + oldSize + " to size " + newSize + " is empty");
        }
        // 2. if first is an exact power of 2, prepend first_hash
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if ((oldSize & (oldSize - 1)) == 0) {
            path.add(oldRoot);
        }
        path.addAll(proof);
        // 3. fn = first - 1, sn = second - 1; 4. shift while LSB(fn) is set
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. fr = sr = first value
        MessageDigest md = Sha256.newDigest();
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        // 6. for each subsequent value c
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) { // a.
                throw new ProofException("consistency proof from size " + oldSize + " to size " + newSize + " has "
                        + proof.size() + " hashes, more than the " + (i - (path.size() - proof.size())) + " it needs");
            }
            if ((fn & 1) == 1 || fn == sn) { // b.
                fr = MerkleTree.nodeHash(md, c, fr);
                sr = MerkleTree.nodeHash(md, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleTree.nodeHash(md, sr, c);
            }
            fn >>= 1; // c.
            sn >>= 1;
        }
        // 7. sn must be 0, fr must be first_hash, sr must be second_hash
        if (sn != 0) {
            throw new ProofException("consistency proof from size " + oldSize + " to size " + newSize + " has "
                    + proof.size() + " hashes, too few to reach the new root");
        }
        if (!MessageDigest.isEqual(fr, oldRoot)) {
            throw new ProofException("consistency proof does not lead to the old root of size " + oldSize);
        }
        if (!MessageDigest.isEqual(sr, newRoot)) {
            throw new ProofException("consistency proof does not lead to the new root of size " + newSize);
        }
    }

    private static void verifyTrivialConsistency(long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot, byte[] newRoot)
            throws ProofException {
        if (!proof.isEmpty()) {
            throw new ProofException("consistency proof from size " + oldSize + " to size " + newSize
                    + " must be empty, but has " + proof.size() + " hashes");
        }
        if (oldSize == 0 && !MessageDigest.isEqual(oldRoot, MerkleTree.emptyRoot())) {
            throw new ProofException("old root of size 0 is not the root of the empty tree");
        }
        if (oldSize == newSize && !MessageDigest.isEqual(oldRoot, newRoot)) {
            throw new ProofException("roots of the same tree size " + oldSize + " differ");
        }
    }

    private static void requireHash(String what, byte[] hash) throws ProofException {
        if (hash == null || hash.length != MerkleTree.HASH_BYTES) {
            throw new ProofException(what + " is " + (hash == null ? "missing" : hash.length + " bytes")
                    + ", expected " + MerkleTree.HASH_BYTES);
        }
    }

    private static void requireHashes(String what, List<byte[]> proof) throws ProofException {
        if (proof == null) {
            throw new ProofException(what + " is missing");
        }
        for (int i = 0; i < proof.size(); i++) {
            byte[] hash = proof.get(i);
            if (hash == null || hash.length != MerkleTree.HASH_BYTES) {
                throw new ProofException(what + " hash " + i + " is " + (hash == null ? "missing" : hash.length + " bytes")
                        + ", expected " + MerkleTree.HASH_BYTES);
            }
        }
    }
}
