package org.evidencevault.ledger;

import java.util.List;

/** An RFC 9162 inclusion proof, in a bundle, that entry {@code seq} is leaf {@code seq} of the tree of {@code treeSize}. */
public record InclusionProof(long seq, long treeSize, List<byte[]> proof) {

    public InclusionProof {
        if (seq < 0 || seq >= treeSize || treeSize > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("an inclusion proof needs 0 <= seq < treeSize <= 2^53-1, got seq "
                    + seq + " and tree size " + treeSize);
        }
        proof = ProofHashes.copyOf(proof);
    }

    @Override
    public List<byte[]> proof() {
        return ProofHashes.copyOf(proof);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InclusionProof p && seq == p.seq && treeSize == p.treeSize && ProofHashes.equal(proof, p.proof);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Long.hashCode(treeSize);
    }

    @Override
    public String toString() {
        return "InclusionProof[seq " + seq + ", treeSize " + treeSize + ", " + proof.size() + " hashes]";
    }
}
