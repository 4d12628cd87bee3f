package org.evidencevault.ledger;

/**
 * A well-formed signed note is not acceptable: a signature from a trusted key fails, a required trusted key
 * did not sign, or no trusted key signed at all.
 */
public class NoteVerificationException extends Exception {
    public NoteVerificationException(String message) {
        super(message);
    }
}
