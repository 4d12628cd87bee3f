package org.evidencevault.ledger;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What one entry of a bundle says, computed independently of every other entry (so in parallel): its leaf
 * hash, and either why it is malformed or the members the in-order checks need, whether its signature verifies
 * and whether it concerns the incident being exported.
 *
 * @param hash             RFC 6962 leaf hash of the bytes as exported
 * @param malformed        why the bytes are not a valid canonical entry, or {@code null}; if set, the members below are unset
 * @param signatureValid   whether the signature verifies with the key its {@code keyId} names; {@code null} if not
 *                         checked (mode {@link SignatureMode#CHECKPOINTS_ONLY}) or if that key is unknown
 * @param rotation         the key rotation the entry records, or {@code null}
 * @param rotationProblem  why an entry with the rotation action is not a valid rotation, or {@code null}
 */
record EntryFacts(byte[] hash, String malformed, long seq, String time, byte[] prev, String keyId,
                  Boolean signatureValid, boolean concernsIncident, KeyRotation rotation, String rotationProblem) {

    private static final byte[] GENESIS = HexFormat.of().parseHex(AuditEntry.GENESIS_PREV);

    /** Examines one entry; {@code incidentId} may be {@code null}. */
    static EntryFacts examine(SignedEntry signed, KeyTrust keys, SignatureMode mode, String incidentId,
                              EntrySignatureVerifier verifier) {
        byte[] bytes = signed.entry();
        byte[] hash = MerkleTree.leafHash(bytes);
        AuditEntry entry;
        try {
            entry = AuditEntry.parse(bytes);
        } catch (IllegalArgumentException e) {
            return new EntryFacts(hash, e.getMessage(), -1, null, null, null, null, false, null, null);
        }
        KeyRotation rotation = null;
        String rotationProblem = null;
        try {
            rotation = KeyRotation.of(entry);
        } catch (IllegalArgumentException e) {
            rotationProblem = e.getMessage();
        }
        Boolean signatureValid = null;
        AuditPublicKey key = keys.known(entry.keyId());
        if (key != null && (mode == SignatureMode.ALL || rotation != null)) {
            signatureValid = verifier.verify(key.ed25519(), AuditEntry.signedMessage(hash), signed.signature());
        }
        boolean concernsIncident = incidentId != null
                && entry.targets().stream().anyMatch(t -> t.id().equals(incidentId));
        return new EntryFacts(hash, null, entry.seq(), entry.time(), HexFormat.of().parseHex(entry.prev()),
                entry.keyId(), signatureValid, concernsIncident, rotation, rotationProblem);
    }

    boolean isGenesis() {
        return Arrays.equals(prev, GENESIS);
    }

    /** Whether this entry's {@code prev} is the hash of {@code previous}. */
    boolean follows(EntryFacts previous) {
        return Arrays.equals(prev, previous.hash);
    }
}
