package org.evidencevault.crypto;

/** A key share file is unreadable, malformed, inconsistent with the others, or the shares do not recover the key. */
public class KeyShareException extends RuntimeException {
    public KeyShareException(String message) {
        super(message);
    }
}
