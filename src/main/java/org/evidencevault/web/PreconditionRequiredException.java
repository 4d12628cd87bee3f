package org.evidencevault.web;

/** An update arrived without If-Match: the client must say which version it edits. */
public class PreconditionRequiredException extends RuntimeException {
    public PreconditionRequiredException() {
        super("If-Match is required: send the ETag of the version you are changing");
    }
}
