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
 * @param witnesses          witness keys obtained independently of the bundle (c2sp.org/tlog-cosignature)
 * @param minWitnesses       how many of them must have cosigned the latest checkpoint
 * @param timestamps         checks time-stamp tokens against the pinned TSAs, or {@code null} not to check them
 */
public record TrustPolicy(List<AuditPublicKey> pinnedKeys, byte[] previousCheckpoint, SignatureMode signatures,
                          List<WitnessKey> witnesses, int minWitnesses, TimestampVerifier timestamps) {

    /** Pins {@code pinnedKeys}; no witnesses, no TSAs. */
    public TrustPolicy(List<AuditPublicKey> pinnedKeys, byte[] previousCheckpoint, SignatureMode signatures) {
        this(pinnedKeys, previousCheckpoint, signatures, List.of(), 0, null);
    }

    public TrustPolicy {
        witnesses = List.copyOf(witnesses);
        if (minWitnesses < 0 || minWitnesses > witnesses.size()) {
            throw new IllegalArgumentException("the witnesses needed must be between 0 and the " + witnesses.size() + " pinned");
        }
        Set<String> names = new HashSet<>();
        for (WitnessKey w : witnesses) {
            if (!names.add(w.name() + "/" + w.keyId())) {
                throw new IllegalArgumentException("the witness key " + w + " is pinned twice");
            }
        }
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
        return new TrustPolicy(pinnedKeys, note, signatures, witnesses, minWitnesses, timestamps);
    }

    public TrustPolicy withSignatures(SignatureMode mode) {
        return new TrustPolicy(pinnedKeys, previousCheckpoint, mode, witnesses, minWitnesses, timestamps);
    }

    /** Pins witnesses: the latest checkpoint needs valid cosignatures of at least {@code needed} of them. */
    public TrustPolicy withWitnesses(List<WitnessKey> keys, int needed) {
        return new TrustPolicy(pinnedKeys, previousCheckpoint, signatures, keys, needed, timestamps);
    }

    /** Checks time-stamp tokens with {@code verifier} (the pinned TSAs). */
    public TrustPolicy withTimestamps(TimestampVerifier verifier) {
        return new TrustPolicy(pinnedKeys, previousCheckpoint, signatures, witnesses, minWitnesses, verifier);
    }

    @Override
    public byte[] previousCheckpoint() {
        return previousCheckpoint == null ? null : previousCheckpoint.clone();
    }
}
