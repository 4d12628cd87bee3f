package org.evidencevault.ledger;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The public half of one audit signing key version, as a bundle lists it and as an auditor pins it: the key id
 * entries name ({@code audit-v1}), the raw 32-byte Ed25519 key (entries, and checkpoint lines named
 * {@code <keyId>}) and the 1952-byte ML-DSA-65 key (checkpoint lines named {@code <keyId>-mldsa65}).
 */
public record AuditPublicKey(String keyId, byte[] ed25519, byte[] mlDsa65) {

    /** The key name suffix of the ML-DSA-65 checkpoint signature line. */
    public static final String ML_DSA_65_NAME_SUFFIX = "-mldsa65";
    /** Longest accepted key id. */
    public static final int MAX_KEY_ID_CHARS = 100;
    /** Largest key list {@link #parseList} reads, in bytes. */
    public static final int MAX_KEY_LIST_BYTES = AuditBundleReader.MAX_KEY_LIST_BYTES;

    public AuditPublicKey {
        if (keyId == null || keyId.length() > MAX_KEY_ID_CHARS || !KeyName.isValid(keyId)) {
            throw new IllegalArgumentException("keyId must be 1 to " + MAX_KEY_ID_CHARS
                    + " characters without spaces, '+' or control characters");
        }
        ed25519 = requireLength(ed25519, SignatureType.ED25519, "ed25519");
        mlDsa65 = requireLength(mlDsa65, SignatureType.ML_DSA_65, "mlDsa65");
    }

    /** Parses the JSON of one element of a bundle's {@code keys} array, as an auditor's key file holds it. */
    public static AuditPublicKey parse(byte[] json) throws MalformedBundleException {
        return AuditBundleReader.readKeyFile(json);
    }

    /**
     * Parses the JSON array {@code GET /api/v1/audit/keys} serves, each element read as {@link #parse} reads a
     * key file; refuses a key id listed twice.
     */
    public static java.util.List<AuditPublicKey> parseList(byte[] json) throws MalformedBundleException {
        return AuditBundleReader.readKeyList(json);
    }

    /** The JSON of this key: one element of a bundle's {@code keys} array. */
    public byte[] toJson() {
        return AuditBundleWriter.keyFile(this);
    }

    /**
     * The commitment a key rotation entry carries for this key: {@code sha256:} and the lower-case hex of
     * SHA-256(Ed25519 public key || ML-DSA-65 public key).
     */
    public String commitment() {
        MessageDigest md = Sha256.newDigest();
        md.update(ed25519);
        return "sha256:" + HexFormat.of().formatHex(md.digest(mlDsa65));
    }

    @Override
    public byte[] ed25519() {
        return ed25519.clone();
    }

    @Override
    public byte[] mlDsa65() {
        return mlDsa65.clone();
    }

    /** The key name of the ML-DSA-65 checkpoint signature line. */
    public String mlDsa65KeyName() {
        return keyId + ML_DSA_65_NAME_SUFFIX;
    }

    /** The note keys a checkpoint signed with this key must carry valid signatures from. */
    NoteKey ed25519NoteKey(NoteVerifier verifier) {
        return new NoteKey(keyId, SignatureType.ED25519, ed25519, verifier);
    }

    NoteKey mlDsa65NoteKey(NoteVerifier verifier) {
        return new NoteKey(mlDsa65KeyName(), SignatureType.ML_DSA_65, mlDsa65, verifier);
    }

    boolean sameKeyAs(AuditPublicKey other) {
        return keyId.equals(other.keyId) && MessageDigest.isEqual(ed25519, other.ed25519)
                && MessageDigest.isEqual(mlDsa65, other.mlDsa65);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditPublicKey k && sameKeyAs(k);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + Arrays.hashCode(ed25519);
    }

    @Override
    public String toString() {
        return "AuditPublicKey[" + keyId + ", " + commitment() + "]";
    }

    private static byte[] requireLength(byte[] key, SignatureType type, String what) {
        if (key == null || key.length != type.publicKeyBytes()) {
            throw new IllegalArgumentException(what + " must be a " + type.publicKeyBytes() + "-byte "
                    + type.algorithm() + " public key");
        }
        return key.clone();
    }
}
