package org.evidencevault.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the auditor brings to verification, from outside the bundle.
 *
 * @param pinnedKeys         keys obtained independently of the bundle; if empty, the bundle's own keys are
 *                           trusted, with a warning
 * @param previousCheckpoint a signed checkpoint note the auditor kept from an earlier verification, or
 *                           {@code null}; the bundle must prove that its latest checkpoint extends it
 * @param signatures         which signatures to check
 */
public record TrustPolicy(List<AuditPublicKey> pinnedKeys, byte[] previousCheckpoint, SignatureMode signatures) {

    public TrustPolicy {
        pinnedKeys = List.copyOf(pinnedKeys);
        Set<String> ids = new HashSet<>();
        for (AuditPublicKey key : pinnedKeys) {
            if (!ids.add(key.keyId())) {
                throw new IllegalArgumentException("two pinned keys have key id '" + key.keyId() + "'");
            }
        }
        previousCheckpoint = previousCheckpoint == null ? null : previousCheckpoint.clone();
        Objects.requireNonNull(signatures, "signatures");
    }

    /** Trusts exactly {@code keys} (and keys they attest), checks all signatures, holds no previous checkpoint. */
    public static TrustPolicy pinning(List<AuditPublicKey> keys) {
        return new TrustPolicy(keys, null, SignatureMode.ALL);
    }

    /** Trusts the bundle's own keys: proves integrity, not authenticity. */
    public static TrustPolicy trustingTheBundlesKeys() {
        return pinning(List.of());
    }

    public TrustPolicy withPreviousCheckpoint(byte[] note) {
        return new TrustPolicy(pinnedKeys, note, signatures);
    }

    public TrustPolicy withSignatures(SignatureMode mode) {
        return new TrustPolicy(pinnedKeys, previousCheckpoint, mode);
    }

    @Override
    public byte[] previousCheckpoint() {
        return previousCheckpoint == null ? null : previousCheckpoint.clone();
    }
}
