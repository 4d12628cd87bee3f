package org.evidencevault.bag;

/** A tag file that cannot be read as text at all: not UTF-8, a line too long, too many lines. */
final class TagFileException extends Exception {

    private static final long serialVersionUID = 1L;

    TagFileException(String message) {
        super(message);
    }
}
