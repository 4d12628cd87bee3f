package org.evidencevault.audit;

/** The audit entry could not be written, so the operation did not happen (fail closed). */
public class AuditFailureException extends RuntimeException {
    public AuditFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
