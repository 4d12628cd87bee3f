package org.evidencevault.audit;

/**
 * The stored state contradicts a recorded change: the record (or data key) the change creates is there
 * with other content, or the version it builds on is missing. Never applied over: reported instead.
 */
class StoreConflictException extends RuntimeException {

    private final String subject;

    StoreConflictException(String subject, String reason) {
        super(subject + ": " + reason);
        this.subject = subject;
    }

    String subject() {
        return subject;
    }

    String reason() {
        String m = getMessage();
        return m.substring(subject.length() + 2);
    }
}
