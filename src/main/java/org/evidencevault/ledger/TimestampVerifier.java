package org.evidencevault.ledger;

import java.time.Instant;

/**
 * Checks an RFC 3161 time-stamp token for a checkpoint against the Time-Stamp Authorities the auditor pinned. The
 * ledger does not parse CMS itself: the caller wires the {@code crypto} package's implementation in, as it does for
 * signatures.
 */
public interface TimestampVerifier {

    /** What one token proves. */
    record Outcome(Status status, Instant time, String tsa, String reason) {
        public enum Status { PROVEN, UNKNOWN_TSA, REJECTED }

        public static Outcome proven(Instant time, String tsa) {
            return new Outcome(Status.PROVEN, time, tsa, null);
        }

        public static Outcome unknownTsa() {
            return new Outcome(Status.UNKNOWN_TSA, null, null, null);
        }

        public static Outcome rejected(String reason) {
            return new Outcome(Status.REJECTED, null, null, reason);
        }
    }

    /**
     * Whether {@code token} is a valid token of a pinned TSA over {@code sha256} (PROVEN, with the time it states and
     * the TSA's name), a token of a TSA that is not pinned (UNKNOWN_TSA: ignored, as unknown keys are), or a token of a
     * pinned TSA that does not verify, is over other data or is malformed (REJECTED, with a short reason). Never throws.
     */
    Outcome verify(byte[] token, byte[] sha256);
}
