package org.evidencevault.common;

/** An update carried a version (If-Match) that is no longer current; nothing was changed. */
public class StaleVersionException extends RuntimeException {
    private final long currentVersion;

    public StaleVersionException(String kind, String id, long expected, long current) {
        super(kind + " " + id + " is at version " + current + ", not " + expected);
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
