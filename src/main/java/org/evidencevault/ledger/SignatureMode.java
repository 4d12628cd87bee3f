package org.evidencevault.ledger;

/** Which signatures {@link BundleVerifier} checks. */
public enum SignatureMode {
    /** Every entry's Ed25519 signature, and both signatures of every checkpoint. */
    ALL,
    /**
     * Both signatures of every checkpoint, and of entries only the key rotations (they extend trust); the other
     * entries are proven by the hash chain and the Merkle proofs up to a signed checkpoint. Faster, and enough
     * unless an entry's own signature matters (for example to show which key version signed it).
     */
    CHECKPOINTS_ONLY
}
