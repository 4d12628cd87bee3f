package org.evidencevault.ledger;

/**
 * An audit bundle (or an auditor's key file) cannot be read: not strict JSON, over a size bound, a missing,
 * unknown or mistyped member, or a value out of range. The message names the place, JSON-path style
 * ({@code entries[3].signature}). Evidence that fails verification is not malformed: see
 * {@link VerificationFailure}.
 */
public class MalformedBundleException extends Exception {
    public MalformedBundleException(String message) {
        super(message);
    }
}
