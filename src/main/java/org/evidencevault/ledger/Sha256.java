package org.evidencevault.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 from the JDK. The ledger keeps its own factory instead of {@code crypto.Digests} because the crypto
 * module implements the ledger's signer interfaces, and modules must not depend on each other both ways.
 */
final class Sha256 {

    static final int BYTES = 32;

    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
