package org.evidencevault.ledger;

/** Checks one signature algorithm; implemented where the cryptography lives ({@code crypto}). */
@FunctionalInterface
public interface NoteVerifier {

    /** True only if {@code signature} by {@code publicKey} over {@code message} is valid; never throws for bad input. */
    boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
