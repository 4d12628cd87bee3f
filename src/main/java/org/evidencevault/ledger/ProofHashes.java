package org.evidencevault.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Deep, bounded copies of the hash lists in a bundle's proofs. */
final class ProofHashes {

    private ProofHashes() {
    }

    /** An unmodifiable deep copy; at most {@link AuditBundle#MAX_PROOF_HASHES} hashes of 32 bytes each. */
    static List<byte[]> copyOf(List<byte[]> hashes) {
        if (hashes == null || hashes.size() > AuditBundle.MAX_PROOF_HASHES) {
            throw new IllegalArgumentException("a proof holds at most " + AuditBundle.MAX_PROOF_HASHES + " hashes");
        }
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            if (hash == null || hash.length != MerkleTree.HASH_BYTES) {
                throw new IllegalArgumentException("a proof hash is " + MerkleTree.HASH_BYTES + " bytes");
            }
            copy.add(hash.clone());
        }
        return Collections.unmodifiableList(copy);
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
