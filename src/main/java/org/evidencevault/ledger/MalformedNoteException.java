package org.evidencevault.ledger;

/** A signed note or checkpoint is not well formed; the message names the line and the rule it breaks. */
public class MalformedNoteException extends Exception {
    public MalformedNoteException(String message) {
        super(message);
    }
}
