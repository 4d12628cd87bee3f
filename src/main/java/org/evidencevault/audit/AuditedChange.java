package org.evidencevault.audit;

/**
 * Proof, handed to a repository's write method, that the write runs inside {@link Audited#change}.
 * Only the audit package can make one, and it stops being valid when the operation ends.
 */
public final class AuditedChange {

    private final String entryId;
    private volatile boolean open = true;

    AuditedChange(String entryId) {
        this.entryId = entryId;
    }

    /** Throws unless this ticket belongs to an operation still in progress. */
    public void check() {
        if (!open) {
            throw new IllegalStateException("audited change " + entryId + " is over: writes must run inside Audited.change");
        }
    }

    public String entryId() {
        return entryId;
    }

    void close() {
        open = false;
    }
}
