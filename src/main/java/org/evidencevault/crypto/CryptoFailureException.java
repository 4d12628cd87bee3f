package org.evidencevault.crypto;

/**
 * A cryptographic operation failed: wrong key, tampered ciphertext, ciphertext moved to another record
 * or field. The message never contains key material or plaintext. Nothing fails open: callers stop.
 */
public class CryptoFailureException extends RuntimeException {
    public CryptoFailureException(String message) {
        super(message);
    }

    public CryptoFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
