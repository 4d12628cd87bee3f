package org.evidencevault.ledger;

import java.util.List;

/** An RFC 9162 consistency proof, in a bundle, that the tree of {@code fromSize} is a prefix of the tree of {@code toSize}. */
public record ConsistencyProof(long fromSize, long toSize, List<byte[]> proof) {

    public ConsistencyProof {
        if (fromSize < 0 || fromSize > toSize || toSize > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("a consistency proof needs 0 <= fromSize <= toSize <= 2^53-1, got "
                    + fromSize + " and " + toSize);
        }
        proof = ProofHashes.copyOf(proof);
    }

    @Override
    public List<byte[]> proof() {
        return ProofHashes.copyOf(proof);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyProof p && fromSize == p.fromSize && toSize == p.toSize && ProofHashes.equal(proof, p.proof);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fromSize) * 31 + Long.hashCode(toSize);
    }

    @Override
    public String toString() {
        return "ConsistencyProof[fromSize " + fromSize + ", toSize " + toSize + ", " + proof.size() + " hashes]";
    }
}
