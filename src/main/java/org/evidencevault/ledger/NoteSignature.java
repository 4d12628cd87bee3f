package org.evidencevault.ledger;

import java.nio.ByteBuffer;

/**
 * One signature line of a signed note: {@code — <key name> <base64(key ID || signature)>} and a newline,
 * where the dash is an em dash (U+2014) followed by a space.
 */
public final class NoteSignature {

    static final String PREFIX = "\u2014 ";

    private final String keyName;
    private final int keyId;
    private final byte[] signature;

    public NoteSignature(String keyName, int keyId, byte[] signature) {
        this.keyName = KeyName.require(keyName);
        this.keyId = keyId;
        if (signature.length == 0) {
            throw new IllegalArgumentException("a signature has at least one byte");
        }
        this.signature = signature.clone();
    }

    public String keyName() {
        return keyName;
    }

    public int keyId() {
        return keyId;
    }

    /** The signature bytes, without the key ID. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The line, with its newline. */
    public String line() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return PREFIX + keyName + " " + CanonicalBase64.encode(blob) + "\n";
    }

    boolean sameKey(NoteSignature other) {
        return keyName.equals(other.keyName) && keyId == other.keyId;
    }

    @Override
    public String toString() {
        return keyName + " (key ID " + String.format("%08x", keyId) + ")";
    }
}
