package org.evidencevault.ledger;

import java.util.HashMap;
import java.util.Map;

/** A bundle's proofs, looked up by the tree sizes (consistency) or the seq and tree size (inclusion) they prove. */
final class BundleProofs {

    private record Sizes(long first, long second) {
    }

    private final Map<Sizes, ConsistencyProof> consistency = new HashMap<>();
    private final Map<Sizes, InclusionProof> inclusion = new HashMap<>();

    BundleProofs(AuditBundle bundle) {
        bundle.consistencyProofs().forEach(p -> consistency.put(new Sizes(p.fromSize(), p.toSize()), p));
        bundle.inclusionProofs().forEach(p -> inclusion.put(new Sizes(p.seq(), p.treeSize()), p));
    }

    /** The proof from {@code fromSize} to {@code toSize}, or {@code null}. */
    ConsistencyProof consistency(long fromSize, long toSize) {
        return consistency.get(new Sizes(fromSize, toSize));
    }

    /** The proof that entry {@code seq} is in the tree of {@code treeSize}, or {@code null}. */
    InclusionProof inclusion(long seq, long treeSize) {
        return inclusion.get(new Sizes(seq, treeSize));
    }
}
