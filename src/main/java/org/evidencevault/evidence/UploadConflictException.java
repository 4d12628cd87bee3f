package org.evidencevault.evidence;

/**
 * A request for an upload that does not fit where it stands ({@code 409}): it starts at another offset than where
 * the stored bytes end ({@code offset-mismatch}), or the item takes no bytes ({@code upload-not-receiving}) or has
 * not all of them yet ({@code upload-not-complete}). {@link #offset()}: where the stored bytes end.
 */
public class UploadConflictException extends RuntimeException {
    private final String rule;
    private final long offset;

    public UploadConflictException(String rule, String message, long offset) {
        super(message);
        this.rule = rule;
        this.offset = offset;
    }

    public String rule() {
        return rule;
    }

    public long offset() {
        return offset;
    }
}
