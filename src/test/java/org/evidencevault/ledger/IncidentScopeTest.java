package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.ledger.Bundles.editEntries;
import static org.evidencevault.ledger.EntryTamperTest.assertFails;
import static org.evidencevault.ledger.SignedChain.V1;
import static org.evidencevault.ledger.SignedChain.VERIFIER;
import static org.evidencevault.ledger.SignedChain.publicKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bundles of the entries about one incident: gaps allowed, each entry proven by inclusion. In the fixture,
 * incident inc-3 concerns seq 10, 17, 24, 38, 45, ...
 */
class IncidentScopeTest {

    private static final SignedChain CHAIN = SignedChain.of(100);
    private static final AuditBundle VALID = CHAIN.incident("inc-3", 50, 100);
    private static final TrustPolicy PINNED = TrustPolicy.pinning(List.of(publicKey(V1)));

    @Test
    void theEntriesAboutAnIncidentVerify() throws VerificationFailure {
        VerificationReport report = VERIFIER.verify(VALID, PINNED);
        assertThat(report.entriesVerified()).isEqualTo(VALID.entries().size()).isGreaterThan(5);
        assertThat(report.firstSeq()).isEqualTo(10);
        assertThat(report.warnings()).containsExactly(BundleVerifier.INCIDENT_WARNING);
        assertThat(VERIFIER.verify(VALID, PINNED.withSignatures(SignatureMode.CHECKPOINTS_ONLY)).entriesVerified())
                .isEqualTo(report.entriesVerified());
    }

    @Test
    void anEntryAboutAnotherIncidentFails() {
        AuditBundle tampered = editEntries(VALID, e -> e.add(1, CHAIN.signed(11)));
        assertFails(tampered, PINNED, 11L, "does not concern incident inc-3");
    }

    @Test
    void entriesMustBeInIncreasingOrder() {
        assertFails(editEntries(VALID, e -> Collections.swap(e, 1, 2)), PINNED, 17L, "out of order after seq 24");
        assertFails(editEntries(VALID, e -> e.add(1, e.get(0))), PINNED, 10L, "out of order after seq 10");
    }

    @Test
    void everyEntryNeedsAValidInclusionProof() {
        List<InclusionProof> proofs = new ArrayList<>(VALID.inclusionProofs());
        InclusionProof second = proofs.remove(1);
        assertFails(Bundles.withInclusionProofs(VALID, proofs), PINNED, 17L,
                "no inclusion proof in the latest checkpoint (size 100)");
        proofs.add(1, new InclusionProof(second.seq(), 100, VALID.inclusionProofs().get(2).proof()));
        assertFails(Bundles.withInclusionProofs(VALID, proofs), PINNED, 17L,
                "inclusion proof does not verify in the latest checkpoint (size 100)");
    }

    @Test
    void anEntryBeyondTheLatestCheckpointIsNotCovered() {
        AuditBundle older = CHAIN.incident("inc-3", 50);
        AuditBundle tampered = editEntries(older, e -> e.add(CHAIN.signed(52)));
        assertFails(tampered, PINNED, 52L, "not covered by the latest checkpoint (size 50)");
    }

    @Test
    void aTamperedEntryFailsItsSignatureOrItsInclusion() {
        AuditBundle tampered = editEntries(VALID, e -> e.set(1, Bundles.changeMember(e.get(1), "actor", "\"bob", "\"bpb")));
        assertFails(tampered, PINNED, 17L, "signature does not verify with key 'audit-v1'");
        assertFails(tampered, PINNED.withSignatures(SignatureMode.CHECKPOINTS_ONLY), 17L,
                "inclusion proof does not verify in the latest checkpoint (size 100)");
    }

    @Test
    void aMalformedEntryIsNamedByItsPosition() {
        AuditBundle tampered = editEntries(VALID, e -> e.set(1, Bundles.changeMember(e.get(1), "v", "1", "2")));
        assertFails(tampered, PINNED, null, "entries[1]: malformed entry: entry format v must be 1");
    }
}
