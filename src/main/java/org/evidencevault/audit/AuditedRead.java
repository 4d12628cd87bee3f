package org.evidencevault.audit;

/**
 * Proof, handed to the code that decrypts sensitive fields, that the read was recorded by
 * {@link Audited#read}. Only the audit package can make one; it expires when the read ends.
 */
public final class AuditedRead {

    private final String entry;
    private volatile boolean open = true;

    AuditedRead(String entry) {
        this.entry = entry;
    }

    public void check() {
        if (!open) {
            throw new IllegalStateException("audited read " + entry + " is over: decrypt only inside Audited.read");
        }
    }

    void close() {
        open = false;
    }
}
