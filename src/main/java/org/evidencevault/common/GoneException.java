package org.evidencevault.common;

import java.time.Instant;

/** A record whose sensitive content was destroyed on purpose (crypto-shredding). */
public class GoneException extends RuntimeException {
    private final Instant erasedAt;

    public GoneException(String kind, String id, Instant erasedAt) {
        super(kind + " " + id + " was erased");
        this.erasedAt = erasedAt;
    }

    public Instant erasedAt() {
        return erasedAt;
    }
}
