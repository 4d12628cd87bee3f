package org.evidencevault.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bson.Document;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.MerkleTree;
import org.springframework.stereotype.Component;

/**
 * Checks a stored entry from what is signed: its body parses as a canonical entry and carries a valid
 * Ed25519 signature by a key of the ring. Nothing else stored beside the body (the {@code hash} field, the
 * plain copies of the action or claim) is trusted.
 */
@Component
class EntrySignatures {

    private final KeyRing keyRing;

    EntrySignatures(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    /** The entry, if {@code stored} holds a well-formed body signed by a key of the ring; else null. */
    AuditEntry verified(Document stored) {
        if (stored == null || !(stored.get("body") instanceof String body)) {
            return null;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        AuditEntry entry;
        try {
            entry = AuditEntry.parse(bytes);
        } catch (RuntimeException e) {
            return null;
        }
        return valid(entry, MerkleTree.leafHash(bytes), stored.getString("sig")) ? entry : null;
    }

    /** Whether {@code signature} (base64) is a valid signature of the entry with this leaf hash. */
    boolean valid(AuditEntry entry, byte[] leafHash, String signature) {
        AuditSigningKey key = keyRing.signingKeys().stream().filter(k -> k.keyId().equals(entry.keyId())).findFirst().orElse(null);
        if (key == null || signature == null) {
            return false;
        }
        try {
            return Ed25519Keys.verify(key.ed25519PublicKey(), AuditEntry.signedMessage(leafHash), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
