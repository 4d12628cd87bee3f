package org.evidencevault.ledger;

/** A Merkle inclusion or consistency proof did not verify; the message says which step failed. */
public class ProofException extends Exception {
    public ProofException(String message) {
        super(message);
    }
}
