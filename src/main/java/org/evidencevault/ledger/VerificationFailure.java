package org.evidencevault.ledger;

/**
 * The evidence in a bundle does not verify. {@link #seq()} is the sequence number of the first entry found bad,
 * or {@code null} when the failure is not about one entry (a checkpoint, a proof, the keys); {@link #reason()}
 * is a stable text, listed in docs/audit-format.md ("Verification algorithm"). The message is
 * {@code seq N: reason}, or just the reason.
 */
public class VerificationFailure extends Exception {

    private final Long seq;
    private final String reason;

    public VerificationFailure(Long seq, String reason) {
        super(seq == null ? reason : "seq " + seq + ": " + reason, null, false, false);
        this.seq = seq;
        this.reason = reason;
    }

    static VerificationFailure at(long seq, String reason) {
        return new VerificationFailure(seq, reason);
    }

    static VerificationFailure overall(String reason) {
        return new VerificationFailure(null, reason);
    }

    /** The bad entry's sequence number, or {@code null}. */
    public Long seq() {
        return seq;
    }

    public String reason() {
        return reason;
    }
}
