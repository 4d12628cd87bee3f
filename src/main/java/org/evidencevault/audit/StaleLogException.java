package org.evidencevault.audit;

/**
 * The store's log is not the one this instance has been reading: an entry it already verified has changed
 * or is gone (a different store, one rolled back, or tampering), or a new entry does not continue the
 * chain or carry a valid signature. The instance stops signing; {@link IntegrityAlarms} reports it.
 */
class StaleLogException extends RuntimeException {

    private final Long seq;

    StaleLogException(Long seq, String reason) {
        super(reason);
        this.seq = seq;
    }

    Long seq() {
        return seq;
    }
}
