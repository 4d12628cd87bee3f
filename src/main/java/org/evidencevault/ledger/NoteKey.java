package org.evidencevault.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A verifier key a note reader trusts: key name, signature type, public key and the verifier for that type.
 * Its key ID follows c2sp.org/signed-note: the first four bytes, big-endian, of
 * SHA-256(key name || 0x0A || signature type identifier || public key).
 */
public final class NoteKey {

    private final String name;
    private final SignatureType type;
    private final byte[] publicKey;
    private final NoteVerifier verifier;
    private final int keyId;

    public NoteKey(String name, SignatureType type, byte[] publicKey, NoteVerifier verifier) {
        this.name = KeyName.require(name);
        this.type = Objects.requireNonNull(type, "type");
        this.publicKey = publicKey.clone();
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (publicKey.length != type.publicKeyBytes()) {
            throw new IllegalArgumentException("a " + type.algorithm() + " public key is " + type.publicKeyBytes()
                    + " bytes, got " + publicKey.length);
        }
        this.keyId = keyId(name, type, publicKey);
    }

    /** The key ID of a (name, type, public key) triple, as signed-note recommends. */
    public static int keyId(String name, SignatureType type, byte[] publicKey) {
        MessageDigest md = Sha256.newDigest();
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
        md.update(type.identifier());
        return ByteBuffer.wrap(md.digest(publicKey)).getInt();
    }

    public String name() {
        return name;
    }

    public SignatureType type() {
        return type;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public int keyId() {
        return keyId;
    }

    /** Whether this key signed {@code message}; wrong-length signatures are simply invalid. */
    boolean verifies(byte[] message, byte[] signature) {
        return signature.length == type.signatureBytes() && verifier.verify(publicKey.clone(), message, signature);
    }

    boolean matches(NoteSignature signature) {
        return name.equals(signature.keyName()) && keyId == signature.keyId();
    }

    @Override
    public String toString() {
        return name + " (" + type.algorithm() + ", key ID " + String.format("%08x", keyId) + ")";
    }
}
