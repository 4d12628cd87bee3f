package org.evidencevault.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A stand-in signature scheme for testing the note format without real cryptography: the "signature" is
 * SHA-512(public key || message), 64 bytes like Ed25519, and anyone can forge it. Real schemes are tested in
 * the crypto package.
 */
final class ToySignatures {

    private ToySignatures() {
    }

    static byte[] publicKey(String seed) {
        return java.util.Arrays.copyOf(sha512(seed.getBytes(StandardCharsets.UTF_8)), 32);
    }

    static NoteSigner signer(String keyName, byte[] publicKey) {
        return new NoteSigner() {
            @Override
            public String keyName() {
                return keyName;
            }

            @Override
            public SignatureType type() {
                return SignatureType.ED25519;
            }

            @Override
            public byte[] publicKey() {
                return publicKey.clone();
            }

            @Override
            public byte[] sign(byte[] message) {
                return signature(publicKey, message);
            }
        };
    }

    static NoteKey key(String keyName, byte[] publicKey) {
        return new NoteKey(keyName, SignatureType.ED25519, publicKey,
                (pk, message, signature) -> MessageDigest.isEqual(signature(pk, message), signature));
    }

    private static byte[] signature(byte[] publicKey, byte[] message) {
        byte[] both = new byte[publicKey.length + message.length];
        System.arraycopy(publicKey, 0, both, 0, publicKey.length);
        System.arraycopy(message, 0, both, publicKey.length, message.length);
        return sha512(both);
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
