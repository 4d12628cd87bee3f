package org.evidencevault.common;

/**
 * A record that does not exist (or that the caller may not know exists). The message names the kind
 * only, never the id a request asked for, so error bodies echo nothing from the request.
 */
public class NotFoundException extends RuntimeException {
    private final String kind;

    public NotFoundException(String kind) {
        super("no such " + kind);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
