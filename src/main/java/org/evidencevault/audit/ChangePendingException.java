package org.evidencevault.audit;

/**
 * The change was (or may have been) recorded in the audit log but is not applied yet: the store failed
 * right after, or did not say whether the entry was written. A recorded change is applied by repair.
 * Maps to 503: the client must read the record again before retrying.
 */
public class ChangePendingException extends RuntimeException {
    public ChangePendingException(String action, Throwable cause) {
        super(action + " may have been recorded but is not applied yet; a recorded change is applied by repair", cause);
    }
}
