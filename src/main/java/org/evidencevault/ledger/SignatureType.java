package org.evidencevault.ledger;

import java.nio.charset.StandardCharsets;

/**
 * The signature types this ledger signs notes with, each with the identifier that goes into the key ID
 * (c2sp.org/signed-note: key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]).
 *
 * <ul>
 *   <li>{@link #ED25519}: the assigned type byte 0x01; RFC 8032 Ed25519 over the note text.</li>
 *   <li>{@link #ML_DSA_65}: signed-note assigns no byte to ML-DSA-65 (0x06 belongs to the ML-DSA-44
 *       cosignatures of c2sp.org/tlog-cosignature, which sign a different message), so this uses the byte the
 *       spec reserves for unassigned types, 0xff, followed by the longer identifier
 *       {@value #ML_DSA_65_IDENTIFIER} as the spec recommends. The signature is FIPS 204 ML-DSA-65 (pure, empty
 *       context) over the note text.</li>
 * </ul>
 */
public enum SignatureType {
    ED25519("Ed25519", new byte[] {0x01}, 32, 64),
    ML_DSA_65("ML-DSA-65", unassigned(SignatureType.ML_DSA_65_IDENTIFIER), 1952, 3309);

    /** What follows 0xff in the ML-DSA-65 key ID input. */
    public static final String ML_DSA_65_IDENTIFIER = "evidence-vault/ml-dsa-65";

    private final String algorithm;
    private final byte[] identifier;
    private final int publicKeyBytes;
    private final int signatureBytes;

    SignatureType(String algorithm, byte[] identifier, int publicKeyBytes, int signatureBytes) {
        this.algorithm = algorithm;
        this.identifier = identifier;
        this.publicKeyBytes = publicKeyBytes;
        this.signatureBytes = signatureBytes;
    }

    /** The signature type bytes as they enter the key ID: one assigned byte, or 0xff and a longer name. */
    public byte[] identifier() {
        return identifier.clone();
    }

    public String algorithm() {
        return algorithm;
    }

    public int publicKeyBytes() {
        return publicKeyBytes;
    }

    public int signatureBytes() {
        return signatureBytes;
    }

    private static byte[] unassigned(String name) {
        byte[] text = name.getBytes(StandardCharsets.US_ASCII);
        byte[] id = new byte[text.length + 1];
        id[0] = (byte) 0xff;
        System.arraycopy(text, 0, id, 1, text.length);
        return id;
    }
}
