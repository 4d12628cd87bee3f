package org.evidencevault.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Step (c) of verification: every checkpoint opens for the bundle's origin with both signatures (Ed25519 as
 * {@code <keyId>}, ML-DSA-65 as {@code <keyId>-mldsa65}) of one trusted key; sizes strictly increase; each
 * consecutive pair is proven consistent; and the latest extends the checkpoint the auditor holds, if any.
 */
final class CheckpointChain {

    private final String origin;
    private final KeyTrust keys;
    private final BundleProofs proofs;
    private final NoteVerifier ed25519;
    private final NoteVerifier mlDsa65;

    CheckpointChain(String origin, KeyTrust keys, BundleProofs proofs, NoteVerifier ed25519, NoteVerifier mlDsa65) {
        this.origin = origin;
        this.keys = keys;
        this.proofs = proofs;
        this.ed25519 = ed25519;
        this.mlDsa65 = mlDsa65;
    }

    /** The log key each checkpoint of {@link #openAll} was opened with, in the same order. */
    private final List<AuditPublicKey> signers = new ArrayList<>();

    List<AuditPublicKey> signers() {
        return List.copyOf(signers);
    }

    /** The bundle's checkpoints, opened and proven consistent, oldest first. */
    List<Checkpoint> openAll(List<String> notes) throws VerificationFailure {
        if (notes.isEmpty()) {
            throw VerificationFailure.overall("the bundle has no checkpoint");
        }
        List<Checkpoint> opened = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Checkpoint checkpoint = open(notes.get(i).getBytes(StandardCharsets.UTF_8), "checkpoint " + (i + 1));
            signers.add(lastSigner);
            if (i > 0) {
                Checkpoint previous = opened.get(i - 1);
                if (checkpoint.size() <= previous.size()) {
                    throw VerificationFailure.overall("checkpoint " + (i + 1) + " (size " + checkpoint.size()
                            + ") is not larger than checkpoint " + i + " (size " + previous.size() + ")");
                }
                requireConsistent(previous, checkpoint);
            }
            opened.add(checkpoint);
        }
        return opened;
    }

    /** Fails unless {@code latest} extends the checkpoint the auditor holds, by a proof in the bundle. */
    void requireExtends(byte[] heldNote, Checkpoint latest) throws VerificationFailure {
        Checkpoint held = open(heldNote, "the checkpoint you hold");
        long heldSize = held.size();
        if (heldSize > latest.size()) {
            throw VerificationFailure.overall("rollback: the latest checkpoint (size " + latest.size()
                    + ") is older than the checkpoint you hold (size " + heldSize + ")");
        }
        if (heldSize == latest.size()) {
            if (!MessageDigest.isEqual(held.rootHash(), latest.rootHash())) {
                throw VerificationFailure.overall("fork: the latest checkpoint and the checkpoint you hold both have size "
                        + heldSize + " but different roots");
            }
            return;
        }
        ConsistencyProof proof = proofs.consistency(heldSize, latest.size());
        if (proof == null) {
            throw VerificationFailure.overall("no consistency proof from your checkpoint (size " + heldSize
                    + ") to the latest (size " + latest.size() + "); export with since=" + heldSize);
        }
        try {
            MerkleProofs.verifyConsistency(heldSize, latest.size(), proof.proof(), held.rootHash(), latest.rootHash());
        } catch (ProofException e) {
            throw VerificationFailure.overall("checkpoint inconsistent with the one you hold (size " + heldSize + ")");
        }
    }

    private AuditPublicKey lastSigner;

    private Checkpoint open(byte[] note, String label) throws VerificationFailure {
        SignedNote signed;
        try {
            signed = SignedNote.parse(note);
        } catch (MalformedNoteException e) {
            throw VerificationFailure.overall(label + " is malformed: " + e.getMessage());
        }
        AuditPublicKey signer = trustedSigner(signed);
        if (signer == null) {
            throw VerificationFailure.overall(label + " is not signed by a trusted key");
        }
        try {
            Checkpoint checkpoint = Checkpoint.open(note, origin,
                    List.of(signer.ed25519NoteKey(ed25519), signer.mlDsa65NoteKey(mlDsa65)));
            keys.markUsed(signer.keyId());
            lastSigner = signer;
            return checkpoint;
        } catch (MalformedNoteException | NoteVerificationException e) {
            throw VerificationFailure.overall(label + " does not verify: " + e.getMessage());
        }
    }

    /**
     * The first trusted key, in signature order, that signed under one of its two key names, or {@code null};
     * {@link Checkpoint#open} then demands both of its signatures.
     */
    private AuditPublicKey trustedSigner(SignedNote note) {
        List<AuditPublicKey> trusted = keys.trustedKeys();
        for (NoteSignature signature : note.signatures()) {
            for (AuditPublicKey key : trusted) {
                if (key.keyId().equals(signature.keyName()) || key.mlDsa65KeyName().equals(signature.keyName())) {
                    return key;
                }
            }
        }
        return null;
    }

    private void requireConsistent(Checkpoint older, Checkpoint newer) throws VerificationFailure {
        ConsistencyProof proof = proofs.consistency(older.size(), newer.size());
        if (proof == null) {
            throw VerificationFailure.overall("no consistency proof from size " + older.size() + " to size "
                    + newer.size());
        }
        try {
            MerkleProofs.verifyConsistency(older.size(), newer.size(), proof.proof(), older.rootHash(), newer.rootHash());
        } catch (ProofException e) {
            throw VerificationFailure.overall("consistency proof from size " + older.size() + " to size "
                    + newer.size() + " does not verify");
        }
    }
}
