package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.ledger.Bundles.withCheckpoints;
import static org.evidencevault.ledger.Bundles.withConsistencyProofs;
import static org.evidencevault.ledger.EntryTamperTest.assertFails;
import static org.evidencevault.ledger.SignedChain.IMPOSTOR_V1;
import static org.evidencevault.ledger.SignedChain.ORIGIN;
import static org.evidencevault.ledger.SignedChain.STRANGER;
import static org.evidencevault.ledger.SignedChain.V1;
import static org.evidencevault.ledger.SignedChain.VERIFIER;
import static org.evidencevault.ledger.SignedChain.publicKey;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoints of a valid bundle, and the one the auditor holds, tampered with one at a time. */
class CheckpointTamperTest {

    private static final SignedChain CHAIN = SignedChain.of(100);
    /** The same log up to entry 29, then a different entry 30: a fork, signed by the same key. */
    private static final SignedChain FORK = SignedChain.build(100, seq -> V1, (seq, draft) -> seq != 30 ? draft
            : new AuditEntry(seq, draft.time(), "mallory", draft.role(), draft.kind(), draft.action(), draft.targets(),
                    draft.commitment(), draft.prev(), draft.keyId()));
    private static final AuditBundle VALID = CHAIN.range(0, 99, 50, 100);
    private static final TrustPolicy PINNED = TrustPolicy.pinning(List.of(publicKey(V1)));
    private static final int ED25519_KEY_ID = NoteKey.keyId("audit-v1", SignatureType.ED25519, V1.ed25519PublicKey());
    private static final int ML_DSA_KEY_ID = NoteKey.keyId("audit-v1-mldsa65", SignatureType.ML_DSA_65,
            V1.mlDsa65PublicKey());

    @Test
    void aCheckpointYouHoldThatTheBundleExtendsVerifies() throws VerificationFailure {
        AuditBundle bundle = VALID;
        assertThat(VERIFIER.verify(bundle, holding(CHAIN.checkpoint(50))).latestSize()).isEqualTo(100);
        assertThat(VERIFIER.verify(bundle, holding(CHAIN.checkpoint(100))).latestSize()).isEqualTo(100);
        AuditBundle since30 = withConsistencyProofs(bundle, List.of(CHAIN.consistency(50, 100), CHAIN.consistency(30, 100)));
        assertThat(VERIFIER.verify(since30, holding(CHAIN.checkpoint(30))).checkpointsVerified()).isEqualTo(2);
    }

    @Test
    void anOldCheckpointPresentedAsTheLatestIsARollback() {
        AuditBundle old = CHAIN.range(0, 59, 30, 60);
        assertFails(old, holding(CHAIN.checkpoint(100)), null,
                "rollback: the latest checkpoint (size 60) is older than the checkpoint you hold (size 100)");
    }

    @Test
    void aLatestCheckpointOfTheSameSizeAsYoursMustHaveYourRoot() {
        assertFails(VALID, holding(FORK.checkpoint(100)), null,
                "fork: the latest checkpoint and the checkpoint you hold both have size 100 but different roots");
    }

    @Test
    void theBundleMustProveTheLatestExtendsYourCheckpoint() {
        assertFails(VALID, holding(CHAIN.checkpoint(30)), null,
                "no consistency proof from your checkpoint (size 30) to the latest (size 100); export with since=30");
    }

    @Test
    void aLatestCheckpointInconsistentWithYoursFails() {
        AuditBundle withProof = withConsistencyProofs(VALID, List.of(CHAIN.consistency(50, 100), CHAIN.consistency(40, 100)));
        assertFails(withProof, holding(FORK.checkpoint(40)), null, "checkpoint inconsistent with the one you hold (size 40)");
    }

    @Test
    void aCheckpointInconsistentWithAnEarlierOneInTheBundleFails() {
        AuditBundle forked = withCheckpoints(VALID, List.of(FORK.checkpoint(50), CHAIN.checkpoint(100)));
        assertFails(forked, PINNED, null, "consistency proof from size 50 to size 100 does not verify");
    }

    @Test
    void aFlippedConsistencyProofByteFails() {
        ConsistencyProof proof = VALID.consistencyProofs().get(0);
        List<byte[]> hashes = new ArrayList<>(proof.proof());
        hashes.set(1, Bundles.flip(hashes.get(1), 7));
        AuditBundle tampered = withConsistencyProofs(VALID, List.of(new ConsistencyProof(50, 100, hashes)));
        assertFails(tampered, PINNED, null, "consistency proof from size 50 to size 100 does not verify");
        assertFails(withConsistencyProofs(VALID, List.of()), PINNED, null, "no consistency proof from size 50 to size 100");
    }

    @Test
    void aFlippedCheckpointSignatureByteFailsThatSignature() {
        String note = CHAIN.checkpoint(100);
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(50), flipSignatureByte(note, V1.keyId()))), PINNED, null,
                String.format("checkpoint 2 does not verify: signature by audit-v1 (Ed25519, key ID %08x) does not verify",
                        ED25519_KEY_ID));
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(50), flipSignatureByte(note, V1.keyId() + "-mldsa65"))),
                PINNED, null, String.format(
                        "checkpoint 2 does not verify: signature by audit-v1-mldsa65 (ML-DSA-65, key ID %08x) does not verify",
                        ML_DSA_KEY_ID));
    }

    @Test
    void aChangedCheckpointBodyFailsTheSignature() {
        String note = CHAIN.checkpoint(100).replaceFirst("\n100\n", "\n101\n");
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(50), note)), PINNED, null,
                String.format("checkpoint 2 does not verify: signature by audit-v1 (Ed25519, key ID %08x) does not verify",
                        ED25519_KEY_ID));
    }

    @Test
    void checkpointsNeedBothSignaturesOfATrustedKeyForTheBundlesOrigin() {
        Checkpoint body = new Checkpoint(ORIGIN, 100, CHAIN.root(100));
        String classicalOnly = note(body.sign(List.of(V1.ed25519NoteSigner())));
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(50), classicalOnly)), PINNED, null, String.format(
                "checkpoint 2 does not verify: note is not signed by required key audit-v1-mldsa65 (ML-DSA-65, key ID %08x)",
                ML_DSA_KEY_ID));
        String byStranger = note(body.sign(List.of(STRANGER.ed25519NoteSigner(), STRANGER.mlDsa65NoteSigner())));
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(50), byStranger)), PINNED, null,
                "checkpoint 2 is not signed by a trusted key");
        String byImpostor = note(body.sign(List.of(IMPOSTOR_V1.ed25519NoteSigner(), IMPOSTOR_V1.mlDsa65NoteSigner())));
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(50), byImpostor)), PINNED, null,
                "checkpoint 2 does not verify: note has no signature from a trusted key (it has 2 from unknown keys)");
        String otherOrigin = note(new Checkpoint("other.example/audit", 100, CHAIN.root(100))
                .sign(List.of(V1.ed25519NoteSigner(), V1.mlDsa65NoteSigner())));
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(50), otherOrigin)), PINNED, null,
                "checkpoint 2 does not verify: checkpoint is for origin 'other.example/audit', expected 'vault.example/audit'");
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(50), "not a note")), PINNED, null,
                "checkpoint 2 is malformed: note does not end with a newline");
    }

    @Test
    void checkpointSizesMustIncrease() {
        assertFails(withCheckpoints(VALID, List.of(CHAIN.checkpoint(100), CHAIN.checkpoint(50))), PINNED, null,
                "checkpoint 2 (size 50) is not larger than checkpoint 1 (size 100)");
        assertFails(withCheckpoints(VALID, List.of()), PINNED, null, "the bundle has no checkpoint");
    }

    @Test
    void theLatestCheckpointMustMatchTheEntries() {
        AuditBundle forkedEntries = Bundles.withEntries(VALID, FORK.signedEntries());
        assertFails(forkedEntries, PINNED, null, "entries 0..99 do not match the root of the latest checkpoint");
    }

    private static TrustPolicy holding(String note) {
        return PINNED.withPreviousCheckpoint(note.getBytes(StandardCharsets.UTF_8));
    }

    private static String note(SignedNote signed) {
        return new String(signed.toBytes(), StandardCharsets.UTF_8);
    }

    /** The note with one byte of the signature (after the 4-byte key ID) on the line of {@code keyName} flipped. */
    private static String flipSignatureByte(String note, String keyName) {
        String prefix = "\u2014 " + keyName + " ";
        StringBuilder out = new StringBuilder();
        for (String line : note.split("\n", -1)) {
            if (line.startsWith(prefix)) {
                byte[] blob = Base64.getDecoder().decode(line.substring(prefix.length()));
                line = prefix + Base64.getEncoder().encodeToString(Bundles.flip(blob, 4 + 20));
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
