package org.evidencevault.audit;

/**
 * The store did not say whether the entry was written (connection lost after sending, timeout while
 * queued writes were in flight). The operation may have been recorded, and a recorded change is applied
 * by repair; the caller must read the state again rather than assume either outcome.
 */
public class AuditOutcomeUnknownException extends RuntimeException {
    public AuditOutcomeUnknownException(String action, Throwable cause) {
        super("the audit entry for " + action + " may or may not have been written", cause);
    }
}
