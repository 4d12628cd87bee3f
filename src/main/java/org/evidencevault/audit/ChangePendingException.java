package org.evidencevault.audit;

/**
 * The change was recorded in the audit log but could not be applied yet (the store failed right after);
 * repair applies it from the log. Maps to 503: the client should read the record again later.
 */
public class ChangePendingException extends RuntimeException {
    public ChangePendingException(String action, Throwable cause) {
        super(action + " was recorded but not yet applied; it will be applied by repair", cause);
    }
}
