package org.evidencevault.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Key material that cannot be printed: {@link #toString()} never shows it, equality is constant-time,
 * and {@link #fingerprint()} gives a one-way, short identifier that is safe for logs and health output.
 */
public final class SecretBytes {

    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the material; callers must not keep it longer than needed. */
    byte[] reveal() {
        return bytes.clone();
    }

    /** First 8 bytes of SHA-256 over the material, hex: identifies a key without revealing it. */
    public String fingerprint() {
        return HexFormat.of().formatHex(Arrays.copyOf(Digests.sha256(bytes), 8));
    }

    public boolean equalsSecret(SecretBytes other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretBytes s && equalsSecret(s);
    }

    @Override
    public int hashCode() {
        return length();
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted, " + bytes.length + " bytes]";
    }
}
