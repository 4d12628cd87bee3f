package org.evidencevault.ledger;

/** Signs note text with one key; implemented where the cryptography lives ({@code crypto}). */
public interface NoteSigner {

    /** The key name on the signature line: non-empty, no Unicode spaces, no '+'. */
    String keyName();

    SignatureType type();

    /** The encoded public key, as it enters the key ID. */
    byte[] publicKey();

    /** The signature over {@code message}, the note text in UTF-8 including its final newline. */
    byte[] sign(byte[] message);
}
