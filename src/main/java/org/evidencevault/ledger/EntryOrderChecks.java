package org.evidencevault.ledger;

/**
 * Step (b) of verification, in entry order after the parallel examination: sequence numbers, the hash chain,
 * time order, the incident, and who signed; the first bad entry fails. Key rotations take effect here, from
 * the entry after them on.
 */
final class EntryOrderChecks {

    private final KeyTrust keys;
    private final SignatureMode mode;

    EntryOrderChecks(KeyTrust keys, SignatureMode mode) {
        this.keys = keys;
        this.mode = mode;
    }

    /** A range bundle: exactly the entries {@code from..to}, in order, each linked to the one before. */
    void checkRange(BundleScope.Range range, EntryFacts[] facts) throws VerificationFailure {
        if (facts.length == 0) {
            throw VerificationFailure.overall("the bundle has no entries, but the scope says " + range.from() + ".."
                    + range.to());
        }
        for (int i = 0; i < facts.length; i++) {
            long expected = range.from() + i;
            if (expected > range.to()) {
                throw VerificationFailure.overall("the bundle has more entries than the scope " + range.from() + ".."
                        + range.to());
            }
            EntryFacts entry = facts[i];
            if (entry.malformed() != null) {
                throw VerificationFailure.at(expected, "malformed entry: " + entry.malformed());
            }
            if (entry.seq() != expected) {
                throw misplaced(facts, i, expected, range);
            }
            if (i == 0 ? expected == 0 && !entry.isGenesis() : !entry.follows(facts[i - 1])) {
                throw VerificationFailure.at(expected, i == 0 ? "prev is not the genesis value (64 zeros)"
                        : "prev does not match the hash of seq " + (expected - 1));
            }
            checkTimeAndSigner(entry, i == 0 ? null : facts[i - 1]);
        }
        long last = range.from() + facts.length - 1;
        if (last < range.to()) {
            throw VerificationFailure.overall("entries end at seq " + last + " but the scope says " + range.to());
        }
    }

    /** An incident bundle: entries about the incident in increasing seq order; links only between neighbours. */
    void checkIncident(BundleScope.Incident incident, EntryFacts[] facts) throws VerificationFailure {
        for (int i = 0; i < facts.length; i++) {
            EntryFacts entry = facts[i];
            if (entry.malformed() != null) {
                throw VerificationFailure.overall("entries[" + i + "]: malformed entry: " + entry.malformed());
            }
            EntryFacts previous = i == 0 ? null : facts[i - 1];
            if (previous != null && entry.seq() <= previous.seq()) {
                throw VerificationFailure.at(entry.seq(), "out of order after seq " + previous.seq());
            }
            if (!entry.concernsIncident() && entry.rotation() == null) {
                throw VerificationFailure.at(entry.seq(), "does not concern incident " + incident.incidentId());
            }
            if (entry.seq() == 0 && !entry.isGenesis()) {
                throw VerificationFailure.at(0, "prev is not the genesis value (64 zeros)");
            }
            if (previous != null && entry.seq() == previous.seq() + 1 && !entry.follows(previous)) {
                throw VerificationFailure.at(entry.seq(), "prev does not match the hash of seq " + previous.seq());
            }
            checkTimeAndSigner(entry, previous);
        }
    }

    private void checkTimeAndSigner(EntryFacts entry, EntryFacts previous) throws VerificationFailure {
        if (previous != null && entry.time().compareTo(previous.time()) < 0) {
            throw VerificationFailure.at(entry.seq(), "time is earlier than the time of seq " + previous.seq());
        }
        if (entry.rotationProblem() != null) {
            throw VerificationFailure.at(entry.seq(), "malformed key rotation: " + entry.rotationProblem());
        }
        keys.requireTrusted(entry.seq(), entry.keyId());
        if ((mode == SignatureMode.ALL || entry.rotation() != null) && !Boolean.TRUE.equals(entry.signatureValid())) {
            throw VerificationFailure.at(entry.seq(), "signature does not verify with key '" + entry.keyId() + "'");
        }
        if (entry.rotation() != null) {
            keys.attest(entry.seq(), entry.rotation());
        }
    }

    /** Entry {@code i} is not seq {@code expected}: either that seq is missing, or this entry is out of place. */
    private static VerificationFailure misplaced(EntryFacts[] facts, int i, long expected, BundleScope.Range range) {
        long found = facts[i].seq();
        if (found > expected && !appearsFrom(facts, i + 1, expected)) {
            return VerificationFailure.at(expected, "missing (next entry is seq " + found + ")");
        }
        if (i == 0) {
            return VerificationFailure.at(found, "out of order: the scope starts at seq " + range.from());
        }
        return VerificationFailure.at(found, "out of order after seq " + (expected - 1));
    }

    private static boolean appearsFrom(EntryFacts[] facts, int start, long seq) {
        for (int j = start; j < facts.length; j++) {
            if (facts[j].malformed() == null && facts[j].seq() == seq) {
                return true;
            }
        }
        return false;
    }
}
