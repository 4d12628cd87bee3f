package org.evidencevault.common;

/**
 * A request the caller's roles would allow, refused for another reason that the message states (a fixed sentence,
 * never a value from the request), e.g. a token asking for more tokens. Answered 403.
 */
public class NotAllowedException extends RuntimeException {
    public NotAllowedException(String message) {
        super(message);
    }
}
