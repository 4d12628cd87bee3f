package org.evidencevault.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public key of a witness that cosigns checkpoints (c2sp.org/tlog-cosignature, the Ed25519 type
 * {@code cosignature/v1}): its name and 32-byte Ed25519 key. The key ID is
 * SHA-256(name || 0x0A || 0x04 || public key)[:4]; as a verifier key ({@link #vkey}, c2sp.org/signed-note) it is
 * {@code <name>+<key ID, 8 lower-case hex digits>+<base64(0x04 || public key)>}.
 */
public final class WitnessKey {

    /** The signature type byte of Ed25519 cosignatures. */
    public static final byte COSIGNATURE_V1 = 0x04;
    public static final int PUBLIC_KEY_BYTES = 32;
    /** A vkey longer than this is refused before it is read. */
    public static final int MAX_VKEY_CHARS = 1100;

    private final String name;
    private final byte[] publicKey;
    private final int keyId;

    public WitnessKey(String name, byte[] publicKey) {
        this.name = KeyName.require(name);
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("a witness key is a 32-byte Ed25519 public key");
        }
        this.publicKey = publicKey.clone();
        this.keyId = keyId(name, publicKey);
    }

    /** SHA-256(name || 0x0A || 0x04 || public key)[:4], big-endian. */
    public static int keyId(String name, byte[] publicKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0x0A);
            md.update(COSIGNATURE_V1);
            return ByteBuffer.wrap(md.digest(publicKey)).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Reads a verifier key {@code <name>+<hex key ID>+<base64(0x04 || key)>}: the key ID must be the one the name and
     * key give, the type byte 0x04.
     */
    public static WitnessKey parse(String vkey) {
        if (vkey == null || vkey.length() > MAX_VKEY_CHARS) {
            throw new IllegalArgumentException("a witness key is name+keyid+key, at most " + MAX_VKEY_CHARS + " characters");
        }
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3 || !KeyName.isValid(parts[0]) || !parts[1].matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("a witness key is <name>+<8 hex digits>+<base64 key>");
        }
        byte[] typed = CanonicalBase64.decodeOrNull(parts[2]);
        if (typed == null) {
            throw new IllegalArgumentException("a witness key's last part must be canonical base64");
        }
        if (typed.length != PUBLIC_KEY_BYTES + 1 || typed[0] != COSIGNATURE_V1) {
            throw new IllegalArgumentException("a witness key must be type 0x04 (cosignature/v1, Ed25519) and 32 bytes");
        }
        WitnessKey key = new WitnessKey(parts[0], Arrays.copyOfRange(typed, 1, typed.length));
        if (key.keyId != (int) Long.parseLong(parts[1], 16)) {
            throw new IllegalArgumentException("the witness key's key ID does not match its name and key");
        }
        return key;
    }

    public String name() {
        return name;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public int keyId() {
        return keyId;
    }

    /** The verifier key text, {@code <name>+<key ID>+<base64(0x04 || key)>}. */
    public String vkey() {
        byte[] typed = new byte[PUBLIC_KEY_BYTES + 1];
        typed[0] = COSIGNATURE_V1;
        System.arraycopy(publicKey, 0, typed, 1, PUBLIC_KEY_BYTES);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** Whether a note signature line is this witness's: same key name and key ID. */
    public boolean matches(NoteSignature signature) {
        return signature.keyName().equals(name) && signature.keyId() == keyId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WitnessKey k && k.name.equals(name) && MessageDigest.isEqual(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "witness " + name + " (key ID " + HexFormat.of().toHexDigits(keyId) + ")";
    }
}
