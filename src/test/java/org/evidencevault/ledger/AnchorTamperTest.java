package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.LocalTsa;
import org.evidencevault.crypto.TimeStamps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Step (e) of verification, from a valid bundle of format 2 (two checkpoints, each cosigned by two witnesses, the
 * latest time-stamped by a local TSA), changing one thing at a time: a cosignature's byte, a cosignature moved to the
 * other checkpoint, a token's byte, a token's size, a token of a TSA not pinned, the quorum.
 */
class AnchorTamperTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519Keys W1 = Ed25519Keys.generate(RANDOM);
    private static final Ed25519Keys W2 = Ed25519Keys.generate(RANDOM);
    private static final WitnessKey K1 = new WitnessKey("w1.partner.example", W1.publicKey());
    private static final WitnessKey K2 = new WitnessKey("w2.partner.example", W2.publicKey());
    private static final long T1 = Instant.parse("2026-11-29T03:16:00Z").getEpochSecond();
    private static final long T2 = Instant.parse("2026-11-29T03:17:00Z").getEpochSecond();
    private static final SignedChain CHAIN = SignedChain.of(10);

    private static LocalTsa tsa;
    private static LocalTsa otherTsa;
    private static AuditBundle valid;

    @BeforeAll
    static void bundle() throws Exception {
        tsa = LocalTsa.start("Ledger Test TSA");
        otherTsa = LocalTsa.start("Unpinned TSA");
        AuditBundle plain = CHAIN.range(0, 9, 5, 10);
        List<String> cosigned = new ArrayList<>();
        for (String note : plain.checkpoints()) {
            cosigned.add(cosign(note, T1, T2));
        }
        valid = with(plain, cosigned, List.of(new CheckpointTimestamp(10, token(tsa, plain.checkpoints().get(1)))));
    }

    @AfterAll
    static void stop() {
        tsa.close();
        otherTsa.close();
    }

    private static String cosign(String note, long t1, long t2) throws Exception {
        SignedNote n = SignedNote.parse(note.getBytes(StandardCharsets.UTF_8));
        return new String(n.withSignatures(List.of(Cosignature.sign(K1, n.text(), t1, W1::sign).noteSignature(),
                Cosignature.sign(K2, n.text(), t2, W2::sign).noteSignature())).toBytes(), StandardCharsets.UTF_8);
    }

    /** A token of {@code authority} over the checkpoint as the log signed it. */
    private static byte[] token(LocalTsa authority, String note) throws Exception {
        TimeStamps.Request request = TimeStamps.request(MessageDigest.getInstance("SHA-256").digest(note.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authority.uri())
                .header("Content-Type", LocalTsa.QUERY_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(request.der())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return TimeStamps.accept(request, answer.body(), authority.certificate()).der();
    }

    private static AuditBundle with(AuditBundle b, List<String> checkpoints, List<CheckpointTimestamp> timestamps) {
        return new AuditBundle(b.origin(), b.scope(), b.keys(), b.entries(), checkpoints, b.consistencyProofs(), b.inclusionProofs(),
                timestamps);
    }

    private static TrustPolicy trust(int needed) {
        return TrustPolicy.pinning(List.of(SignedChain.publicKey(SignedChain.V1))).withWitnesses(List.of(K1, K2), needed)
                .withTimestamps(TimeStamps.verifier(List.of(tsa.certificate())));
    }

    private static VerificationFailure failure(AuditBundle bundle, TrustPolicy trust) {
        try {
            SignedChain.VERIFIER.verify(bundle, trust);
        } catch (VerificationFailure f) {
            return f;
        }
        throw new AssertionError("the bundle verified");
    }

    @Test
    void theValidBundleProvesWhenEachCheckpointExistedAndReadsBackAsWritten() throws Exception {
        VerificationReport report = SignedChain.VERIFIER.verify(valid, trust(2));
        assertThat(report.warnings()).isEmpty();
        assertThat(report.provenTimes()).hasSize(2);
        ProvenTime first = report.provenTimes().get(0);
        assertThat(first.size()).isEqualTo(5);
        assertThat(first.earliest()).isEqualTo(Instant.ofEpochSecond(T1));
        assertThat(first.by()).containsExactly("witness w1.partner.example", "witness w2.partner.example");
        ProvenTime latest = report.provenTimes().get(1);
        assertThat(latest.earliest()).as("the witnesses' 2026 times come before the TSA's today").isEqualTo(Instant.ofEpochSecond(T1));
        assertThat(latest.by()).contains("tsa CN=Ledger Test TSA");
        AuditBundle read = AuditBundle.parse(valid.toJson());
        assertThat(read).isEqualTo(valid);
        assertThat(new String(valid.toJson(), StandardCharsets.UTF_8)).startsWith("{\"format\":\"evidence-vault-audit-bundle/2\"");
        // a verifier that pins nothing outside the log still verifies it, and says what it did not check
        VerificationReport plain = SignedChain.VERIFIER.verify(valid, TrustPolicy.pinning(List.of(SignedChain.publicKey(SignedChain.V1))));
        assertThat(plain.warnings()).contains(AnchorChecks.UNCHECKED_COSIGNATURES,
                "1 time-stamp token was not checked: pass --tsa to pin the TSAs' certificates");
        assertThat(plain.provenTimes()).isEmpty();
    }

    @Test
    void aCosignatureWithOneByteChangedFails() throws Exception {
        String note = valid.checkpoints().get(0);
        SignedNote n = SignedNote.parse(note.getBytes(StandardCharsets.UTF_8));
        NoteSignature line = n.signatures().get(2); // w1's
        byte[] sig = line.signature();
        sig[sig.length - 1] ^= 1;
        List<NoteSignature> lines = new ArrayList<>(n.signatures());
        lines.set(2, new NoteSignature(line.keyName(), line.keyId(), sig));
        String tampered = new String(n.onlySignatures(s -> false).withSignatures(lines).toBytes(), StandardCharsets.UTF_8);
        assertThat(failure(with(valid, List.of(tampered, valid.checkpoints().get(1)), valid.timestamps()), trust(2)).reason())
                .isEqualTo("checkpoint 1: cosignature by " + K1 + " does not verify");
    }

    @Test
    void aCosignatureMovedToTheOtherCheckpointFails() throws Exception {
        SignedNote older = SignedNote.parse(valid.checkpoints().get(0).getBytes(StandardCharsets.UTF_8));
        SignedNote latest = SignedNote.parse(valid.checkpoints().get(1).getBytes(StandardCharsets.UTF_8));
        List<NoteSignature> lines = new ArrayList<>(latest.signatures());
        lines.set(3, older.signatures().get(3)); // w2's line of size 5 on size 10
        String moved = new String(latest.onlySignatures(s -> false).withSignatures(lines).toBytes(), StandardCharsets.UTF_8);
        assertThat(failure(with(valid, List.of(valid.checkpoints().get(0), moved), valid.timestamps()), trust(2)).reason())
                .isEqualTo("checkpoint 2: cosignature by " + K2 + " does not verify");
    }

    @Test
    void theLatestCheckpointNeedsTheQuorumOfWitnesses() throws Exception {
        String latest = CHAIN.checkpoint(10);
        SignedNote n = SignedNote.parse(latest.getBytes(StandardCharsets.UTF_8));
        String onlyW1 = new String(n.withSignatures(List.of(Cosignature.sign(K1, n.text(), T1, W1::sign).noteSignature()))
                .toBytes(), StandardCharsets.UTF_8);
        AuditBundle oneWitness = with(valid, List.of(valid.checkpoints().get(0), onlyW1), List.of());
        assertThat(failure(oneWitness, trust(2)).reason())
                .isEqualTo("the latest checkpoint (size 10) is cosigned by 1 of the 2 witnesses you pinned; 2 needed");
        assertThat(SignedChain.VERIFIER.verify(oneWitness, trust(1)).provenTimes()).hasSize(2);
    }

    @Test
    void aTokenWithOneByteChangedOrForAnotherCheckpointFails() throws Exception {
        byte[] token = valid.timestamps().get(0).token();
        token[token.length - 1] ^= 1;
        assertThat(failure(with(valid, valid.checkpoints(), List.of(new CheckpointTimestamp(10, token))), trust(2)).reason())
                .startsWith("time-stamp for size 10 does not verify: ");
        assertThat(failure(with(valid, valid.checkpoints(), List.of(new CheckpointTimestamp(5, valid.timestamps().get(0).token()))),
                trust(2)).reason()).isEqualTo("time-stamp for size 5 does not verify: the token's message imprint is not the checkpoint's SHA-256");
        assertThat(failure(with(valid, valid.checkpoints(), List.of(new CheckpointTimestamp(7, valid.timestamps().get(0).token()))),
                trust(2)).reason()).isEqualTo("time-stamp for size 7: the bundle has no checkpoint of that size");
    }

    @Test
    void aTokenOfATsaThatIsNotPinnedIsIgnoredWithAWarning() throws Exception {
        AuditBundle other = with(valid, valid.checkpoints(), List.of(new CheckpointTimestamp(10, token(otherTsa, CHAIN.checkpoint(10)))));
        VerificationReport report = SignedChain.VERIFIER.verify(other, trust(2));
        assertThat(report.warnings()).containsExactly("1 time-stamp token is from a TSA you did not pin");
        assertThat(report.provenTimes().get(1).by()).noneMatch(b -> b.startsWith("tsa "));
    }

    @Test
    void theTokenStampsTheCheckpointAsTheLogSignedItWithoutTheCosignatures() throws Exception {
        byte[] imprint = AnchorChecks.imprint(valid.checkpoints().get(1), SignedChain.publicKey(SignedChain.V1));
        assertThat(imprint).isEqualTo(MessageDigest.getInstance("SHA-256").digest(CHAIN.checkpoint(10).getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> new CheckpointTimestamp(0, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }
}
