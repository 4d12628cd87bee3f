package org.evidencevault.common;

/**
 * Something with this identity exists already (an account's username): a 409. The message names the kind
 * only, never the value the request carried.
 */
public class AlreadyExistsException extends RuntimeException {

    public AlreadyExistsException(String kind) {
        super("a " + kind + " with this identity already exists");
    }
}
