package org.evidencevault.ledger;

import java.util.Arrays;

/**
 * An RFC 3161 time-stamp token a Time-Stamp Authority issued for the checkpoint of tree size {@code size}: its
 * DER-encoded {@code TimeStampToken} (a CMS SignedData), whose message imprint is the SHA-256 of that checkpoint
 * as the log signed it (docs/audit-format.md, "Time-stamps"). Carried in bundles of format 2.
 */
public record CheckpointTimestamp(long size, byte[] token) {

    /** A token is at most this long (DER). */
    public static final int MAX_TOKEN_BYTES = 64 * 1024;

    public CheckpointTimestamp {
        if (size < 1) {
            throw new IllegalArgumentException("a time-stamped checkpoint has a size of at least 1");
        }
        if (token == null || token.length == 0 || token.length > MAX_TOKEN_BYTES) {
            throw new IllegalArgumentException("a time-stamp token is 1 to " + MAX_TOKEN_BYTES + " bytes");
        }
        token = token.clone();
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointTimestamp t && t.size == size && Arrays.equals(t.token, token);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(token);
    }

    @Override
    public String toString() {
        return "CheckpointTimestamp[size " + size + ", " + token.length + " bytes]";
    }
}
