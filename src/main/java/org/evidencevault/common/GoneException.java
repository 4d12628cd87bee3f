package org.evidencevault.common;

import java.time.Instant;

/**
 * A record whose sensitive content was destroyed on purpose (crypto-shredding). The message names the
 * kind only, never the id a request asked for.
 */
public class GoneException extends RuntimeException {
    private final Instant erasedAt;

    public GoneException(String kind, Instant erasedAt) {
        super("this " + kind + " was erased");
        this.erasedAt = erasedAt;
    }

    public Instant erasedAt() {
        return erasedAt;
    }
}
