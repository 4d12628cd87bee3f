package org.evidencevault.backup;

/**
 * A backup was asked for and none was written: the store is a MongoDB (back it up with its own tools), or the file could
 * not be written. The message names the reason, never a path's contents or key material.
 */
public class BackupUnavailableException extends RuntimeException {

    private final boolean retryable;

    BackupUnavailableException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** Whether trying again later may work (a disk that was full), rather than never here (a MongoDB store). */
    public boolean retryable() {
        return retryable;
    }
}
