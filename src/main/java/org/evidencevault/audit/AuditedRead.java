package org.evidencevault.audit;

import org.evidencevault.crypto.DecryptionProof;

/**
 * Proof, handed to the code that decrypts sensitive fields, that the read was recorded by
 * {@link Audited#read}. Only the audit package can make one; it expires when the read ends.
 */
public final class AuditedRead extends DecryptionProof {

    private final long entry;
    private volatile boolean open = true;

    AuditedRead(long entry) {
        this.entry = entry;
    }

    /** The seq of the audit entry that recorded this read. */
    public long entry() {
        return entry;
    }

    @Override
    public void requireActive() {
        if (!open) {
            throw new IllegalStateException("audited read " + entry + " is over: decrypt only inside Audited.read");
        }
    }

    void close() {
        open = false;
    }
}
