package org.evidencevault.ledger;

/**
 * Checks an entry's Ed25519 signature; implemented where the cryptography lives ({@code crypto.Ed25519Keys::verify}).
 * Called from several threads at once, so it must be thread-safe.
 */
@FunctionalInterface
public interface EntrySignatureVerifier {

    /**
     * True only if {@code signature} is a valid Ed25519 signature by the raw 32-byte {@code publicKey} over
     * {@code message} ({@link AuditEntry#signedMessage(byte[])}); never throws for bad input.
     */
    boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
