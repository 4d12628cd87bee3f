package org.evidencevault.common;

/**
 * A record that does not exist (or that the caller may not know exists). The message names the kind
 * only, never the id a request asked for, so error bodies echo nothing from the request.
 */
public class NotFoundException extends RuntimeException {
    private final String kind;
    private final String id;

    public NotFoundException(String kind) {
        this(kind, null);
    }

    /**
     * {@code id}: the id asked for when it is one the vault could have made (recorded in the {@code access.denied}
     * entry, never in the message); null otherwise.
     */
    public NotFoundException(String kind, String id) {
        super("no such " + kind);
        this.kind = kind;
        this.id = id;
    }

    /** The well-formed id asked for, or null. */
    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }
}
