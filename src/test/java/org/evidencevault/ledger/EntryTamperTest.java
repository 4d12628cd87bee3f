package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.evidencevault.ledger.Bundles.changeMember;
import static org.evidencevault.ledger.Bundles.editEntries;
import static org.evidencevault.ledger.Bundles.withInclusionProofs;
import static org.evidencevault.ledger.Bundles.withScope;
import static org.evidencevault.ledger.SignedChain.IMPOSTOR_V1;
import static org.evidencevault.ledger.SignedChain.STRANGER;
import static org.evidencevault.ledger.SignedChain.V1;
import static org.evidencevault.ledger.SignedChain.VERIFIER;
import static org.evidencevault.ledger.SignedChain.publicKey;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.evidencevault.crypto.AuditSigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A valid 100-entry bundle (checkpoints at 50 and 100) verifies; each tampering, applied to it alone, fails with
 * the exact reason at the first bad seq.
 */
class EntryTamperTest {

    private static final SignedChain CHAIN = SignedChain.of(120);
    private static final AuditBundle VALID = CHAIN.range(0, 99, 50, 100);
    private static final TrustPolicy PINNED = TrustPolicy.pinning(List.of(publicKey(V1)));
    private static final TrustPolicy CHECKPOINTS_ONLY = PINNED.withSignatures(SignatureMode.CHECKPOINTS_ONLY);

    @Test
    void theUntamperedBundleVerifiesInBothModes() throws VerificationFailure {
        VerificationReport report = VERIFIER.verify(VALID, PINNED);
        assertThat(report.entriesVerified()).isEqualTo(100);
        assertThat(report.firstSeq()).isZero();
        assertThat(report.lastSeq()).isEqualTo(99);
        assertThat(report.checkpointsVerified()).isEqualTo(2);
        assertThat(report.latestSize()).isEqualTo(100);
        assertThat(report.latestRoot()).isEqualTo(CanonicalBase64.encode(CHAIN.root(100)));
        assertThat(report.latestTime()).isEqualTo(SignedChain.time(99));
        assertThat(report.keysUsed()).containsExactly("audit-v1");
        assertThat(report.warnings()).isEmpty();
        assertThat(VERIFIER.verify(VALID, CHECKPOINTS_ONLY).warnings())
                .containsExactly(BundleVerifier.CHECKPOINTS_ONLY_WARNING);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "time       | \"2026-11-29T03:15:40.000Z\"       | \"2026-11-29T03:15:40.001Z\"",
        "actor      | \"alice\"                          | \"alicf\"",
        "role       | \"RAPPORTEUR\"                     | \"RAPPORTEUS\"",
        "action     | \"incident.revise\"                | \"incident.revisf\"",
        "targets    | [{\"id\":\"inc-5\"                 | [{\"id\":\"inc-6\"",
    })
    void aChangedByteInAnyMemberFailsThatEntrysSignatureAndTheNextLink(String member, String before, String after) {
        AuditBundle tampered = editEntries(VALID, e -> e.set(40, changeOneChar(e.get(40), member, before, after)));
        assertFails(tampered, PINNED, 40L, "signature does not verify with key 'audit-v1'");
        assertFails(tampered, CHECKPOINTS_ONLY, 41L, "prev does not match the hash of seq 40");
    }

    @Test
    void aChangedCommitmentFailsThatEntrysSignatureAndTheNextLink() {
        String commitment = CHAIN.entry(40).commitment();
        String changed = commitment.substring(0, 7) + (commitment.charAt(7) == '0' ? '1' : '0') + commitment.substring(8);
        aChangedByteInAnyMemberFailsThatEntrysSignatureAndTheNextLink("commitment", "\"" + commitment, "\"" + changed);
    }

    @Test
    void aChangedPrevBreaksTheLinkAtThatEntry() {
        String prev = CHAIN.entry(40).prev();
        String changed = (prev.charAt(0) == '0' ? "1" : "0") + prev.substring(1);
        AuditBundle tampered = editEntries(VALID, e -> e.set(40, changeMember(e.get(40), "prev", "\"" + prev, "\"" + changed)));
        assertFails(tampered, PINNED, 40L, "prev does not match the hash of seq 39");
        assertFails(tampered, CHECKPOINTS_ONLY, 40L, "prev does not match the hash of seq 39");
    }

    @Test
    void aChangedKeyIdNamesAKeyThatIsNotTrusted() {
        AuditBundle tampered = editEntries(VALID, e -> e.set(40, changeMember(e.get(40), "keyId", "\"audit-v1", "\"audit-v3")));
        assertFails(tampered, PINNED, 40L, "signed by key 'audit-v3', which is not trusted");
        assertFails(tampered, CHECKPOINTS_ONLY, 40L, "signed by key 'audit-v3', which is not trusted");
    }

    @Test
    void aChangedSeqLooksLikeAMissingEntryOrAnEntryOutOfOrder() {
        assertFails(editEntries(VALID, e -> e.set(40, changeMember(e.get(40), "seq", "40", "48"))),
                PINNED, 40L, "missing (next entry is seq 48)");
        assertFails(editEntries(VALID, e -> e.set(40, changeMember(e.get(40), "seq", "40", "30"))),
                PINNED, 30L, "out of order after seq 39");
    }

    @Test
    void aChangedFormatOrAnUnparsableEntryIsMalformedAtItsExpectedSeq() {
        assertFails(editEntries(VALID, e -> e.set(40, changeMember(e.get(40), "v", "1", "2"))),
                PINNED, 40L, "malformed entry: entry format v must be 1");
        assertFails(editEntries(VALID, e -> e.set(40, new SignedEntry("{}".getBytes(StandardCharsets.UTF_8),
                e.get(40).signature()))), PINNED, 40L, "malformed entry: entry format v must be 1");
        assertFails(editEntries(VALID, e -> e.set(40, Bundles.replaceText(e.get(40), "{\"action\"", "{ \"action\""))),
                PINNED, 40L, "malformed entry: entry bytes are not in canonical form");
    }

    @Test
    void everySingleCharacterChangeAnywhereInAnEntryFails() {
        SignedChain small = SignedChain.of(6);
        AuditBundle valid = small.range(0, 5, 6);
        String text = small.signed(3).entryText();
        int changes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char other = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10) : c == 'x' ? 'y' : 'x';
            byte[] bytes = (text.substring(0, i) + other + text.substring(i + 1)).getBytes(StandardCharsets.UTF_8);
            SignedEntry changed = new SignedEntry(bytes, small.signed(3).signature());
            for (TrustPolicy trust : List.of(PINNED, CHECKPOINTS_ONLY)) {
                AuditBundle tampered = editEntries(valid, e -> e.set(3, changed));
                VerificationFailure failure = catchThrowableOfType(() -> VERIFIER.verify(tampered, trust),
                        VerificationFailure.class);
                assertThat(failure).as("character %d ('%s' -> '%s') with %s", i, c, other, trust.signatures()).isNotNull();
                changes++;
            }
        }
        assertThat(changes).isGreaterThan(500);
    }

    @Test
    void aDeletedEntryIsMissing() {
        assertFails(editEntries(VALID, e -> e.remove(40)), PINNED, 40L, "missing (next entry is seq 41)");
    }

    @Test
    void swappedEntriesAreOutOfOrder() {
        assertFails(editEntries(VALID, e -> Collections.swap(e, 40, 41)), PINNED, 41L, "out of order after seq 39");
    }

    @Test
    void aRepeatedEntryIsOutOfOrder() {
        assertFails(editEntries(VALID, e -> e.add(41, e.get(40))), PINNED, 40L, "out of order after seq 40");
    }

    @Test
    void aTruncatedTailFailsWhateverElseIsAdjusted() {
        AuditBundle partial = CHAIN.range(0, 99, 50, 120);
        AuditBundle truncated = editEntries(partial, e -> e.subList(90, 100).clear());
        assertFails(truncated, PINNED, null, "entries end at seq 89 but the scope says 99");
        AuditBundle rescoped = withScope(truncated, new BundleScope.Range(0, 89));
        assertFails(rescoped, PINNED, 89L, "no inclusion proof in the latest checkpoint (size 120)");
        InclusionProof old = partial.inclusionProofs().get(0);
        assertFails(withInclusionProofs(rescoped, List.of(new InclusionProof(89, 120, old.proof()))),
                PINNED, 89L, "inclusion proof does not verify in the latest checkpoint (size 120)");
        AuditBundle wholeLogTruncated = withScope(editEntries(VALID, e -> e.subList(90, 100).clear()),
                new BundleScope.Range(0, 89));
        assertFails(wholeLogTruncated, PINNED, 89L, "no inclusion proof in the latest checkpoint (size 100)");
    }

    @Test
    void moreEntriesThanTheScopeFail() {
        assertFails(withScope(VALID, new BundleScope.Range(0, 98)), PINNED, null,
                "the bundle has more entries than the scope 0..98");
    }

    @Test
    void aForgedSegmentUnderTheTrustedKeyIdFailsItsFirstSignatureOrTheCheckpoint() {
        SignedChain forged = forgery(IMPOSTOR_V1);
        AuditBundle relinkedToTheEnd = editEntries(VALID, e -> {
            for (int seq = 40; seq < 100; seq++) {
                e.set(seq, forged.signed(seq));
            }
        });
        assertFails(relinkedToTheEnd, PINNED, 40L, "signature does not verify with key 'audit-v1'");
        assertFails(relinkedToTheEnd, CHECKPOINTS_ONLY, null, "entries 0..99 do not match the root of the latest checkpoint");
        AuditBundle segmentOnly = editEntries(VALID, e -> {
            for (int seq = 40; seq < 60; seq++) {
                e.set(seq, forged.signed(seq));
            }
        });
        assertFails(segmentOnly, CHECKPOINTS_ONLY, 60L, "prev does not match the hash of seq 59");
        AuditBundle partial = CHAIN.range(20, 99, 50, 120);
        AuditBundle partialForged = editEntries(partial, e -> {
            for (int seq = 40; seq < 100; seq++) {
                e.set(seq - 20, forged.signed(seq));
            }
        });
        assertFails(partialForged, CHECKPOINTS_ONLY, 99L, "inclusion proof does not verify in the latest checkpoint (size 120)");
    }

    @Test
    void aForgedSegmentUnderTheForgersOwnKeyIsNotTrusted() {
        SignedChain forged = forgery(STRANGER);
        AuditBundle tampered = Bundles.withKeys(editEntries(VALID, e -> {
            for (int seq = 40; seq < 100; seq++) {
                e.set(seq, forged.signed(seq));
            }
        }), List.of(publicKey(V1), publicKey(STRANGER)));
        assertFails(tampered, PINNED, 40L, "signed by key 'evil-v1', which is not trusted");
        assertFails(tampered, CHECKPOINTS_ONLY, 40L, "signed by key 'evil-v1', which is not trusted");
    }

    @Test
    void anEntrySignedWithAnotherKeyDoesNotVerify() {
        byte[] signature = STRANGER.signEntry(AuditEntry.signedMessage(CHAIN.entry(40).hash()));
        AuditBundle tampered = editEntries(VALID, e -> e.set(40, new SignedEntry(e.get(40).entry(), signature)));
        assertFails(tampered, PINNED, 40L, "signature does not verify with key 'audit-v1'");
        assertThat(catchThrowableOfType(() -> VERIFIER.verify(tampered, CHECKPOINTS_ONLY), VerificationFailure.class))
                .as("entry signatures are not checked in this mode").isNull();
        AuditBundle flipped = editEntries(VALID, e -> e.set(40, new SignedEntry(e.get(40).entry(),
                Bundles.flip(e.get(40).signature(), 63))));
        assertFails(flipped, PINNED, 40L, "signature does not verify with key 'audit-v1'");
    }

    @Test
    void timeGoingBackwardsFailsEvenWhenHonestlySigned() {
        SignedChain backwards = SignedChain.build(10, seq -> V1, (seq, draft) -> seq != 6 ? draft
                : new AuditEntry(seq, SignedChain.time(4), draft.actor(), draft.role(), draft.kind(), draft.action(),
                        draft.targets(), draft.commitment(), draft.prev(), draft.keyId()));
        assertFails(backwards.range(0, 9, 10), PINNED, 6L, "time is earlier than the time of seq 5");
    }

    @Test
    void theFirstEntryOfTheLogMustStartFromGenesis() {
        SignedChain offGenesis = SignedChain.build(10, seq -> V1, (seq, draft) -> seq != 0 ? draft
                : new AuditEntry(0, draft.time(), draft.actor(), draft.role(), draft.kind(), draft.action(),
                        draft.targets(), draft.commitment(), "1".repeat(64), draft.keyId()));
        assertFails(offGenesis.range(0, 9, 10), PINNED, 0L, "prev is not the genesis value (64 zeros)");
    }

    @Test
    void aRangeNotCoveredByTheLatestCheckpointFails() {
        assertFails(CHAIN.range(0, 99, 50, 80), PINNED, 80L, "not covered by the latest checkpoint (size 80)");
        assertFails(withScope(Bundles.withEntries(VALID, List.of()), new BundleScope.Range(0, 99)), PINNED, null,
                "the bundle has no entries, but the scope says 0..99");
    }

    @Test
    void aPartialRangeVerifiesByTheInclusionOfItsLastEntry() throws VerificationFailure {
        VerificationReport report = VERIFIER.verify(CHAIN.range(20, 59, 50, 120), PINNED);
        assertThat(report.firstSeq()).isEqualTo(20);
        assertThat(report.lastSeq()).isEqualTo(59);
        assertThat(VERIFIER.verify(CHAIN.range(20, 59, 50, 120), CHECKPOINTS_ONLY).entriesVerified()).isEqualTo(40);
    }

    /** The chain with entries from 40 on re-made (actor mallory) and signed by {@code forger}, re-linked to the end. */
    private static SignedChain forgery(AuditSigningKey forger) {
        return SignedChain.build(120, seq -> seq >= 40 ? forger : V1, (seq, draft) -> seq < 40 ? draft
                : new AuditEntry(seq, draft.time(), "mallory", draft.role(), draft.kind(), draft.action(),
                        draft.targets(), draft.commitment(), draft.prev(), draft.keyId()));
    }

    private static SignedEntry changeOneChar(SignedEntry entry, String member, String before, String after) {
        return changeMember(entry, member, before.strip(), after.strip());
    }

    static void assertFails(AuditBundle bundle, TrustPolicy trust, Long seq, String reason) {
        assertThatThrownBy(() -> VERIFIER.verify(bundle, trust))
                .isInstanceOf(VerificationFailure.class)
                .hasMessage(seq == null ? reason : "seq " + seq + ": " + reason)
                .satisfies(f -> {
                    assertThat(((VerificationFailure) f).seq()).isEqualTo(seq);
                    assertThat(((VerificationFailure) f).reason()).isEqualTo(reason);
                });
    }
}
