package org.evidencevault.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies an {@link AuditBundle} offline, as docs/audit-format.md ("Verification algorithm") specifies: (a)
 * the keys, (b) the entries (parsed, hashed and signature-checked in parallel, then checked in order), (c) the
 * checkpoints and the one the auditor holds, (d) the entries against the latest checkpoint, (e) cosignatures and
 * time-stamp tokens, as far as the auditor pinned witnesses and TSAs. Entries come
 * before checkpoints because rotations recorded in entries decide which keys may sign checkpoints. The first
 * problem found fails verification with a stable reason.
 *
 * <p>Cryptography comes in through {@link EntrySignatureVerifier} and {@link NoteVerifier}, wired by the caller
 * to the {@code crypto} package, which this package must not depend on.
 */
public final class BundleVerifier {

    static final String CHECKPOINTS_ONLY_WARNING =
            "entry signatures were not checked: the entries are proven by the signed checkpoints only";
    static final String INCIDENT_WARNING =
            "an incident bundle cannot show that no entry about the incident was left out";

    private final EntrySignatureVerifier entrySignatures;
    private final NoteVerifier ed25519Notes;
    private final NoteVerifier mlDsa65Notes;
    private final int threads;

    /** A verifier using one thread per available processor. */
    public BundleVerifier(EntrySignatureVerifier entrySignatures, NoteVerifier ed25519Notes, NoteVerifier mlDsa65Notes) {
        this(entrySignatures, ed25519Notes, mlDsa65Notes, Runtime.getRuntime().availableProcessors());
    }

    BundleVerifier(EntrySignatureVerifier entrySignatures, NoteVerifier ed25519Notes, NoteVerifier mlDsa65Notes,
                   int threads) {
        this.entrySignatures = Objects.requireNonNull(entrySignatures, "entrySignatures");
        this.ed25519Notes = Objects.requireNonNull(ed25519Notes, "ed25519Notes");
        this.mlDsa65Notes = Objects.requireNonNull(mlDsa65Notes, "mlDsa65Notes");
        this.threads = threads;
    }

    /** What the bundle proves under {@code trust}; fails at the first problem. */
    public VerificationReport verify(AuditBundle bundle, TrustPolicy trust) throws VerificationFailure {
        List<String> warnings = new ArrayList<>();
        KeyTrust keys = trustKeys(bundle, trust, warnings);
        EntryFacts[] facts = examineEntries(bundle, keys, trust.signatures());
        checkEntryOrder(bundle.scope(), facts, keys, trust.signatures());
        BundleProofs proofs = new BundleProofs(bundle);
        CheckpointChain chain = new CheckpointChain(bundle.origin(), keys, proofs, ed25519Notes, mlDsa65Notes);
        List<Checkpoint> checkpoints = checkCheckpoints(chain, bundle, trust);
        tieToLatest(bundle.scope(), facts, checkpoints.get(checkpoints.size() - 1), proofs);
        List<ProvenTime> proven = AnchorChecks.check(bundle, checkpoints, chain.signers(), trust, ed25519Notes, warnings);
        if (trust.signatures() == SignatureMode.CHECKPOINTS_ONLY) {
            warnings.add(CHECKPOINTS_ONLY_WARNING);
        }
        if (bundle.scope() instanceof BundleScope.Incident) {
            warnings.add(INCIDENT_WARNING);
        }
        return report(bundle, trust, facts, checkpoints, keys, warnings, proven);
    }

    /** Step (a): pinned keys, or the bundle's own with a warning. */
    private static KeyTrust trustKeys(AuditBundle bundle, TrustPolicy trust, List<String> warnings)
            throws VerificationFailure {
        KeyTrust keys = KeyTrust.of(trust.pinnedKeys(), bundle.keys());
        if (keys.pinsNothing()) {
            warnings.add(KeyTrust.SELF_TRUST_WARNING);
        }
        return keys;
    }

    /** Step (b), the parallel part: each entry parsed, hashed and (as the mode says) signature-checked. */
    private EntryFacts[] examineEntries(AuditBundle bundle, KeyTrust keys, SignatureMode mode) {
        String incidentId = bundle.scope() instanceof BundleScope.Incident incident ? incident.incidentId() : null;
        return ParallelEntryExamination.examineAll(bundle.entries(),
                entry -> EntryFacts.examine(entry, keys, mode, incidentId, entrySignatures), threads);
    }

    /** Step (b), in order: sequence numbers, links, times, signers, rotations. */
    private static void checkEntryOrder(BundleScope scope, EntryFacts[] facts, KeyTrust keys, SignatureMode mode)
            throws VerificationFailure {
        EntryOrderChecks checks = new EntryOrderChecks(keys, mode);
        if (scope instanceof BundleScope.Range range) {
            checks.checkRange(range, facts);
        } else {
            checks.checkIncident((BundleScope.Incident) scope, facts);
        }
    }

    /** Step (c): the bundle's checkpoints, oldest first, and the one the auditor holds. */
    private static List<Checkpoint> checkCheckpoints(CheckpointChain chain, AuditBundle bundle, TrustPolicy trust)
            throws VerificationFailure {
        List<Checkpoint> checkpoints = chain.openAll(bundle.checkpoints());
        if (trust.previousCheckpoint() != null) {
            chain.requireExtends(trust.previousCheckpoint(), checkpoints.get(checkpoints.size() - 1));
        }
        return checkpoints;
    }

    /** Step (d): the whole log against the latest root, or the last entry (each, for an incident) by inclusion proof. */
    private static void tieToLatest(BundleScope scope, EntryFacts[] facts, Checkpoint latest, BundleProofs proofs)
            throws VerificationFailure {
        if (scope instanceof BundleScope.Range range) {
            if (range.to() >= latest.size()) {
                throw VerificationFailure.at(Math.max(range.from(), latest.size()),
                        "not covered by the latest checkpoint (size " + latest.size() + ")");
            }
            if (range.from() == 0 && range.to() == latest.size() - 1) {
                byte[] root = MerkleTree.root(leafHashes(facts), latest.size());
                if (!MessageDigest.isEqual(root, latest.rootHash())) {
                    throw VerificationFailure.overall("entries 0.." + range.to()
                            + " do not match the root of the latest checkpoint");
                }
            } else {
                requireIncluded(facts[facts.length - 1], latest, proofs);
            }
            return;
        }
        for (EntryFacts entry : facts) {
            if (entry.seq() >= latest.size()) {
                throw VerificationFailure.at(entry.seq(), "not covered by the latest checkpoint (size "
                        + latest.size() + ")");
            }
            requireIncluded(entry, latest, proofs);
        }
    }

    private static void requireIncluded(EntryFacts entry, Checkpoint latest, BundleProofs proofs)
            throws VerificationFailure {
        InclusionProof proof = proofs.inclusion(entry.seq(), latest.size());
        if (proof == null) {
            throw VerificationFailure.at(entry.seq(), "no inclusion proof in the latest checkpoint (size "
                    + latest.size() + ")");
        }
        try {
            MerkleProofs.verifyInclusion(entry.seq(), latest.size(), entry.hash(), proof.proof(), latest.rootHash());
        } catch (ProofException e) {
            throw VerificationFailure.at(entry.seq(), "inclusion proof does not verify in the latest checkpoint (size "
                    + latest.size() + ")");
        }
    }

    /** Step (f). */
    private static VerificationReport report(AuditBundle bundle, TrustPolicy trust, EntryFacts[] facts,
                                             List<Checkpoint> checkpoints, KeyTrust keys, List<String> warnings,
                                             List<ProvenTime> proven) {
        Checkpoint latest = checkpoints.get(checkpoints.size() - 1);
        String time = latest.extensions().stream().filter(line -> line.startsWith("time "))
                .map(line -> line.substring("time ".length())).findFirst().orElse(null);
        Long first = facts.length == 0 ? null : facts[0].seq();
        Long last = facts.length == 0 ? null : facts[facts.length - 1].seq();
        return new VerificationReport(bundle.scope(), trust.signatures(), facts.length, first, last,
                checkpoints.size(), latest.size(), CanonicalBase64.encode(latest.rootHash()), time, keys.used(),
                warnings, proven);
    }

    private static LeafHashes leafHashes(EntryFacts[] facts) {
        return new LeafHashes() {
            @Override
            public long size() {
                return facts.length;
            }

            @Override
            public byte[] leafHash(long index) {
                return facts[Math.toIntExact(index)].hash();
            }
        };
    }
}
