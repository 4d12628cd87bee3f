package org.evidencevault.common;

/** A record that does not exist (or that the caller may not know exists). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String kind, String id) {
        super(kind + " " + id + " not found");
    }
}
