package org.evidencevault.ledger;

/**
 * What part of the log a bundle exports: a contiguous {@link Range} of sequence numbers, or the entries about
 * one {@link Incident}.
 */
public sealed interface BundleScope {

    /** Entries {@code from} to {@code to}, both included, every one of them. */
    record Range(long from, long to) implements BundleScope {
        public Range {
            if (from < 0 || from > to || to > CanonicalJson.MAX_SAFE_INTEGER) {
                throw new IllegalArgumentException("a range needs 0 <= from <= to <= 2^53-1, got " + from + ".." + to);
            }
        }

        /** How many entries the range holds. */
        public long length() {
            return to - from + 1;
        }

        @Override
        public String toString() {
            return "range " + from + ".." + to;
        }
    }

    /** The entries whose targets include {@code incidentId}, in increasing sequence order, gaps allowed. */
    record Incident(String incidentId) implements BundleScope {
        public Incident {
            if (incidentId == null || incidentId.isEmpty() || incidentId.length() > 200) {
                throw new IllegalArgumentException("an incident id is 1 to 200 characters");
            }
        }

        @Override
        public String toString() {
            return "incident " + incidentId;
        }
    }
}
