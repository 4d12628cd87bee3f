package org.evidencevault.audit;

/**
 * Proof, handed to the code that decrypts sensitive fields, that the read was recorded by
 * {@link Audited#read}. Only the audit package can make one; it expires when the read ends.
 */
public final class AuditedRead {

    private final String entryId;
    private volatile boolean open = true;

    AuditedRead(String entryId) {
        this.entryId = entryId;
    }

    public void check() {
        if (!open) {
            throw new IllegalStateException("audited read " + entryId + " is over: decrypt only inside Audited.read");
        }
    }

    public String entryId() {
        return entryId;
    }

    void close() {
        open = false;
    }
}
