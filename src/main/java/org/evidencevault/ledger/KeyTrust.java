package org.evidencevault.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Step (a) of verification: which keys are trusted, and from when. Trusted are the auditor's pinned keys (or,
 * if none are pinned, the bundle's own keys), plus each key a trusted rotation entry attests, from the entry
 * after the rotation on. A key id's public key is the pinned one if pinned, else the bundle's.
 *
 * <p>{@link #known} is safe to call from several threads once built; the rest is for the one thread that walks
 * the entries in order.
 */
final class KeyTrust {

    static final String SELF_TRUST_WARNING =
            "trusting the bundle's own keys: pass --key to pin a key you obtained independently";

    private final Map<String, AuditPublicKey> known;
    private final boolean pinsNothing;
    private final Set<String> trusted = new HashSet<>();
    private final Set<String> used = new TreeSet<>();

    private KeyTrust(Map<String, AuditPublicKey> known, Set<String> initiallyTrusted, boolean pinsNothing) {
        this.known = known;
        this.pinsNothing = pinsNothing;
        trusted.addAll(initiallyTrusted);
    }

    /** Fails if the bundle lists a key under a pinned key's id that is not the pinned key. */
    static KeyTrust of(List<AuditPublicKey> pinned, List<AuditPublicKey> bundleKeys) throws VerificationFailure {
        Map<String, AuditPublicKey> known = new HashMap<>();
        pinned.forEach(key -> known.put(key.keyId(), key));
        for (AuditPublicKey key : bundleKeys) {
            AuditPublicKey pin = known.get(key.keyId());
            if (pin != null && !pin.sameKeyAs(key)) {
                throw VerificationFailure.overall("the bundle's key '" + key.keyId() + "' differs from the key you pinned");
            }
            known.putIfAbsent(key.keyId(), key);
        }
        Set<String> initial = new HashSet<>();
        (pinned.isEmpty() ? bundleKeys : pinned).forEach(key -> initial.add(key.keyId()));
        return new KeyTrust(Map.copyOf(known), initial, pinned.isEmpty());
    }

    boolean pinsNothing() {
        return pinsNothing;
    }

    /** The public key for {@code keyId}, trusted or not, or {@code null} if neither pinned nor in the bundle. */
    AuditPublicKey known(String keyId) {
        return known.get(keyId);
    }

    /** Fails unless {@code keyId} is trusted at this point of the log (and its public key is known). */
    void requireTrusted(long seq, String keyId) throws VerificationFailure {
        if (!trusted.contains(keyId) || !known.containsKey(keyId)) {
            throw VerificationFailure.at(seq, "signed by key '" + keyId + "', which is not trusted");
        }
        used.add(keyId);
    }

    /**
     * Records a rotation in entry {@code seq} (already checked to be signed by a trusted key): the new key is
     * trusted from now on. Fails if the key under that id is not the one the rotation commits to.
     */
    void attest(long seq, KeyRotation rotation) throws VerificationFailure {
        AuditPublicKey key = known.get(rotation.newKeyId());
        if (key == null) {
            return; // nothing to trust: entries signed by it will fail as signed by an untrusted key
        }
        if (!key.commitment().equals(rotation.commitment())) {
            throw VerificationFailure.at(seq, "rotates to key '" + rotation.newKeyId()
                    + "', but its commitment does not match that key");
        }
        trusted.add(rotation.newKeyId());
    }

    /** The keys trusted now, by key id, for opening checkpoints. */
    List<AuditPublicKey> trustedKeys() {
        List<AuditPublicKey> keys = new ArrayList<>();
        new TreeSet<>(trusted).forEach(id -> {
            if (known.containsKey(id)) {
                keys.add(known.get(id));
            }
        });
        return keys;
    }

    void markUsed(String keyId) {
        used.add(keyId);
    }

    List<String> used() {
        return List.copyOf(used);
    }
}
