package org.evidencevault.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step (e) of verification, proof from outside the log (docs/audit-format.md, "Cosignatures and time-stamps"): the
 * cosignatures of pinned witnesses on each checkpoint (a bad one fails; the latest needs the quorum), the time-stamp
 * tokens of pinned TSAs (a bad one fails), and the earliest proven time of each checkpoint.
 */
final class AnchorChecks {

    static final String UNCHECKED_COSIGNATURES =
            "cosignatures were not checked: pass --witness to pin the witnesses' keys";

    private AnchorChecks() {
    }

    /**
     * @param notes    the bundle's checkpoint notes, as in the bundle
     * @param opened   the same checkpoints, opened (step c)
     * @param signers  the log key each one was opened with
     */
    static List<ProvenTime> check(AuditBundle bundle, List<Checkpoint> opened, List<AuditPublicKey> signers, TrustPolicy trust,
                                  NoteVerifier ed25519, List<String> warnings) throws VerificationFailure {
        List<String> notes = bundle.checkpoints();
        Map<Long, Integer> bySize = new HashMap<>();
        for (int i = 0; i < opened.size(); i++) {
            bySize.put(opened.get(i).size(), i);
        }
        List<List<Stamp>> stamps = new ArrayList<>();
        opened.forEach(c -> stamps.add(new ArrayList<>()));

        // cosignatures
        boolean othersSigned = false;
        for (int i = 0; i < notes.size(); i++) {
            SignedNote note = parse(notes.get(i));
            AuditPublicKey signer = signers.get(i);
            othersSigned |= note.signatures().stream().anyMatch(s -> !ownLine(s, signer) && Cosignature.of(s) != null);
            if (trust.witnesses().isEmpty()) {
                continue;
            }
            List<Cosignature.Verified> verified;
            try {
                verified = Cosignature.verify(note, trust.witnesses(), ed25519);
            } catch (NoteVerificationException e) {
                throw VerificationFailure.overall("checkpoint " + (i + 1) + ": " + e.getMessage());
            }
            for (Cosignature.Verified v : verified) {
                stamps.get(i).add(new Stamp(v.cosignature().time(), "witness " + v.witness().name()));
            }
            if (i == notes.size() - 1 && verified.size() < trust.minWitnesses()) {
                throw VerificationFailure.overall("the latest checkpoint (size " + opened.get(i).size() + ") is cosigned by "
                        + verified.size() + " of the " + trust.witnesses().size() + " witnesses you pinned; "
                        + trust.minWitnesses() + " needed");
            }
        }
        if (trust.witnesses().isEmpty() && othersSigned) {
            warnings.add(UNCHECKED_COSIGNATURES);
        }

        // time-stamp tokens
        int unchecked = 0;
        int unknown = 0;
        for (CheckpointTimestamp t : bundle.timestamps()) {
            Integer i = bySize.get(t.size());
            if (i == null) {
                throw VerificationFailure.overall("time-stamp for size " + t.size() + ": the bundle has no checkpoint of that size");
            }
            if (trust.timestamps() == null) {
                unchecked++;
                continue;
            }
            TimestampVerifier.Outcome outcome = trust.timestamps().verify(t.token(), imprint(notes.get(i), signers.get(i)));
            switch (outcome.status()) {
                case PROVEN -> stamps.get(i).add(new Stamp(outcome.time(), "tsa " + outcome.tsa()));
                case UNKNOWN_TSA -> unknown++;
                case REJECTED -> throw VerificationFailure.overall("time-stamp for size " + t.size() + " does not verify: "
                        + outcome.reason());
            }
        }
        if (unchecked > 0) {
            warnings.add(unchecked + " time-stamp token" + (unchecked == 1 ? " was" : "s were") + " not checked: pass --tsa to pin the TSAs' certificates");
        }
        if (unknown > 0) {
            warnings.add(unknown + " time-stamp token" + (unknown == 1 ? " is" : "s are") + " from a TSA you did not pin");
        }

        List<ProvenTime> proven = new ArrayList<>();
        for (int i = 0; i < opened.size(); i++) {
            List<Stamp> s = stamps.get(i);
            if (s.isEmpty()) {
                continue;
            }
            s.sort(Comparator.comparing(Stamp::time).thenComparing(Stamp::by));
            proven.add(new ProvenTime(opened.get(i).size(), s.get(0).time(), s.stream().map(Stamp::by).distinct().toList()));
        }
        return proven;
    }

    /**
     * What a TSA stamps: the SHA-256 of the checkpoint as the log signed it, that is the note's text and only the
     * signature lines of the log key it was opened with ({@code K} and {@code K-mldsa65}), in their order: the
     * cosignature lines added later are not part of it.
     */
    static byte[] imprint(String note, AuditPublicKey signer) {
        byte[] signed = parse(note).onlySignatures(s -> ownLine(s, signer)).toBytes();
        try {
            return MessageDigest.getInstance("SHA-256").digest(signed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static boolean ownLine(NoteSignature s, AuditPublicKey signer) {
        return s.keyName().equals(signer.keyId()) || s.keyName().equals(signer.mlDsa65KeyName());
    }

    private static SignedNote parse(String note) {
        try {
            return SignedNote.parse(note.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedNoteException e) {
            throw new IllegalStateException("a checkpoint that opened in step (c) no longer parses", e);
        }
    }

    private record Stamp(Instant time, String by) {
    }
}
