package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.ledger.EntryTamperTest.assertFails;
import static org.evidencevault.ledger.SignedChain.IMPOSTOR_V1;
import static org.evidencevault.ledger.SignedChain.STRANGER;
import static org.evidencevault.ledger.SignedChain.V1;
import static org.evidencevault.ledger.SignedChain.V2;
import static org.evidencevault.ledger.SignedChain.VERIFIER;
import static org.evidencevault.ledger.SignedChain.publicKey;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Trust in keys: pinned, attested by a rotation entry in the chain, or (with a warning) the bundle's own. */
class KeyRotationTest {

    private static final int ROTATION = 49;
    private static final SignedChain ROTATED = SignedChain.rotated(100, ROTATION);
    private static final AuditBundle VALID = ROTATED.range(0, 99, 40, 80, 100);
    private static final TrustPolicy PINNED = TrustPolicy.pinning(List.of(publicKey(V1)));

    @Test
    void aChainRotatedInTheMiddleByTheOldKeyVerifiesWithTheOldKeyPinned() throws VerificationFailure {
        assertThat(ROTATED.entry(ROTATION).action()).isEqualTo(KeyRotation.ACTION);
        assertThat(ROTATED.entry(ROTATION).keyId()).isEqualTo("audit-v1");
        assertThat(ROTATED.entry(ROTATION + 1).keyId()).isEqualTo("audit-v2");
        VerificationReport report = VERIFIER.verify(VALID, PINNED);
        assertThat(report.keysUsed()).containsExactly("audit-v1", "audit-v2");
        assertThat(report.checkpointsVerified()).isEqualTo(3);
        assertThat(VERIFIER.verify(VALID, PINNED.withSignatures(SignatureMode.CHECKPOINTS_ONLY)).keysUsed())
                .containsExactly("audit-v1", "audit-v2");
    }

    @Test
    void theCommitmentIsTheHashOfBothPublicKeys() {
        assertThat(publicKey(V2).commitment()).matches("sha256:[0-9a-f]{64}")
                .isEqualTo(ROTATED.entry(ROTATION).commitment());
    }

    @Test
    void aNewKeyWithoutARotationEntryIsNotTrusted() {
        SignedChain unannounced = SignedChain.build(100, seq -> seq > ROTATION ? V2 : V1, (seq, draft) -> draft);
        assertFails(unannounced.range(0, 99, 40, 100), PINNED, 50L, "signed by key 'audit-v2', which is not trusted");
    }

    @Test
    void pinningOnlyTheNewKeyDoesNotTrustTheOldOne() {
        assertFails(VALID, TrustPolicy.pinning(List.of(publicKey(V2))), 0L, "signed by key 'audit-v1', which is not trusted");
    }

    @Test
    void aRotationSignedByAnUntrustedKeyFails() {
        SignedChain byStranger = SignedChain.build(100, seq -> seq == ROTATION ? STRANGER : seq > ROTATION ? V2 : V1,
                (seq, draft) -> seq == ROTATION ? SignedChain.rotation(draft, publicKey(V2).commitment()) : draft);
        AuditBundle bundle = Bundles.withKeys(byStranger.range(0, 99, 40, 100),
                List.of(publicKey(V1), publicKey(STRANGER), publicKey(V2)));
        assertFails(bundle, PINNED, 49L, "signed by key 'evil-v1', which is not trusted");
    }

    @Test
    void aRotationWhoseSignatureFailsIsRejectedEvenWhenOnlyCheckpointSignaturesAreChecked() {
        byte[] forged = IMPOSTOR_V1.signEntry(AuditEntry.signedMessage(ROTATED.entry(ROTATION).hash()));
        AuditBundle tampered = Bundles.editEntries(VALID,
                e -> e.set(ROTATION, new SignedEntry(e.get(ROTATION).entry(), forged)));
        assertFails(tampered, PINNED.withSignatures(SignatureMode.CHECKPOINTS_ONLY), 49L,
                "signature does not verify with key 'audit-v1'");
    }

    @Test
    void aRotationCommittingToAnotherKeyFails() {
        SignedChain wrong = SignedChain.build(100, seq -> seq > ROTATION ? V2 : V1,
                (seq, draft) -> seq == ROTATION ? SignedChain.rotation(draft, publicKey(STRANGER).commitment()) : draft);
        assertFails(wrong.range(0, 99, 40, 100), PINNED, 49L,
                "rotates to key 'audit-v2', but its commitment does not match that key");
    }

    @Test
    void anEntryWithTheRotationActionMustBeShapedLikeARotation() {
        SignedChain malformed = SignedChain.build(100, seq -> seq > ROTATION ? V2 : V1, (seq, draft) -> {
            if (seq != ROTATION) {
                return draft;
            }
            AuditEntry rotation = SignedChain.rotation(draft, publicKey(V2).commitment());
            java.util.List<AuditEntry.Target> twoTargets = new java.util.ArrayList<>(rotation.targets());
            twoTargets.add(new AuditEntry.Target("signing-key", "audit-v3", null));
            return new AuditEntry(seq, rotation.time(), rotation.actor(), rotation.role(), "KEY", rotation.action(),
                    twoTargets, rotation.commitment(), rotation.prev(), rotation.keyId());
        });
        assertFails(malformed.range(0, 99, 40, 100), PINNED, 49L,
                "malformed key rotation: a key rotation needs kind KEY, exactly one signing-key target and a commitment");
    }

    @Test
    void withoutAPinnedKeyTheBundlesKeysAreTrustedWithAWarning() throws VerificationFailure {
        VerificationReport report = VERIFIER.verify(VALID, TrustPolicy.trustingTheBundlesKeys());
        assertThat(report.warnings())
                .containsExactly("trusting the bundle's own keys: pass --key to pin a key you obtained independently");
    }

    @Test
    void aBundleKeyThatDiffersFromAPinnedOneFails() {
        AuditBundle swapped = Bundles.withKeys(VALID, List.of(publicKey(IMPOSTOR_V1), publicKey(V2)));
        assertFails(swapped, PINNED, null, "the bundle's key 'audit-v1' differs from the key you pinned");
    }

    @Test
    void aRotationToAKeyTheBundleDoesNotListLeavesItUntrusted() {
        assertFails(Bundles.withKeys(VALID, List.of(publicKey(V1))), PINNED, 50L,
                "signed by key 'audit-v2', which is not trusted");
    }
}
