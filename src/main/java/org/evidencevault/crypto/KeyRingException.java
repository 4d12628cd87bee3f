package org.evidencevault.crypto;

/** The key set is missing, unreadable or not allowed here. */
public class KeyRingException extends RuntimeException {
    public KeyRingException(String message) {
        super(message);
    }
}
