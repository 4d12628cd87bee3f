package org.evidencevault.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import org.evidencevault.ledger.NoteSigner;

/**
 * One version of the audit log's signing key: an Ed25519 key (every entry, and checkpoints) and an
 * ML-DSA-65 key (checkpoints, so that evidence stays verifiable if Ed25519 falls to quantum computers).
 * Its id, {@code <id>-v<version>}, is the {@code keyId} named in entries; checkpoint signature lines
 * use the key names {@code <keyId>} (Ed25519) and {@code <keyId>-mldsa65}.
 */
public final class AuditSigningKey {

    private final String id;
    private final int version;
    private final Ed25519Keys ed25519;
    private final MlDsa65Keys mlDsa65;

    public AuditSigningKey(String id, int version, Ed25519Keys ed25519, MlDsa65Keys mlDsa65) {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("signing key id must be lower-case letters, digits and '-'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("signing key version must be 1 or more");
        }
        this.id = id;
        this.version = version;
        this.ed25519 = Objects.requireNonNull(ed25519, "ed25519");
        this.mlDsa65 = Objects.requireNonNull(mlDsa65, "mlDsa65");
    }

    public static AuditSigningKey generate(String id, int version, SecureRandom random) {
        return new AuditSigningKey(id, version, Ed25519Keys.generate(random), MlDsa65Keys.generate(random));
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }

    /** The key id written into entries: {@code <id>-v<version>}. */
    public String keyId() {
        return id + "-v" + version;
    }

    public byte[] signEntry(byte[] message) {
        return ed25519.sign(message);
    }

    public byte[] ed25519PublicKey() {
        return ed25519.publicKey();
    }

    public byte[] mlDsa65PublicKey() {
        return mlDsa65.publicKey();
    }

    public NoteSigner ed25519NoteSigner() {
        return ed25519.noteSigner(keyId());
    }

    public NoteSigner mlDsa65NoteSigner() {
        return mlDsa65.noteSigner(keyId() + "-mldsa65");
    }

    /** The two keys a checkpoint signed by this key version must verify under (Ed25519 and ML-DSA-65). */
    public java.util.List<org.evidencevault.ledger.NoteKey> noteKeys() {
        return java.util.List.of(Ed25519Keys.trustedKey(keyId(), ed25519PublicKey()),
                MlDsa65Keys.trustedKey(keyId() + "-mldsa65", mlDsa65PublicKey()));
    }

    Ed25519Keys ed25519() {
        return ed25519;
    }

    MlDsa65Keys mlDsa65() {
        return mlDsa65;
    }

    @Override
    public String toString() {
        return "AuditSigningKey[" + keyId() + ", private keys redacted]";
    }
}
