package org.evidencevault.common;

/** An update carried a version (If-Match) that is no longer current; nothing was changed. */
public class StaleVersionException extends RuntimeException {
    private final long currentVersion;

    public StaleVersionException(String kind, String id, long expected, long current) {
        super("this " + kind + " is at version " + current);
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
