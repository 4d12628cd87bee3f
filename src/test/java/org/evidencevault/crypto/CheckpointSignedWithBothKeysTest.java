package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.evidencevault.ledger.Checkpoint;
import org.evidencevault.ledger.MerkleTree;
import org.evidencevault.ledger.NoteKey;
import org.evidencevault.ledger.NoteSigner;
import org.evidencevault.ledger.NoteVerificationException;
import org.evidencevault.ledger.SignedNote;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint signed with Ed25519 and ML-DSA-65, opened by an auditor who trusts both keys; then the same
 * fixture with one byte changed in one place at a time.
 */
class CheckpointSignedWithBothKeysTest {

    private static final String ORIGIN = "vault.example/audit";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519Keys ED25519 = Ed25519Keys.generate(RANDOM);
    private static final MlDsa65Keys ML_DSA = MlDsa65Keys.generate(RANDOM);
    private static final NoteKey TRUSTED_ED25519 = Ed25519Keys.trustedKey(ORIGIN, ED25519.publicKey());
    private static final NoteKey TRUSTED_ML_DSA = MlDsa65Keys.trustedKey(ORIGIN, ML_DSA.publicKey());
    private static final Checkpoint CHECKPOINT = new Checkpoint(ORIGIN, 8,
            Base64.getDecoder().decode("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="));

    private static byte[] fixture() {
        return CHECKPOINT.sign(List.of(ED25519.noteSigner(ORIGIN), ML_DSA.noteSigner(ORIGIN))).toBytes();
    }

    @Test
    void opensWhenBothSignaturesVerify() throws Exception {
        byte[] note = fixture();
        assertThat(Checkpoint.open(note, ORIGIN, List.of(TRUSTED_ED25519, TRUSTED_ML_DSA))).isEqualTo(CHECKPOINT);
        String text = new String(note, StandardCharsets.UTF_8);
        assertThat(text).startsWith(CHECKPOINT.body() + "\n\u2014 " + ORIGIN + " ");
        assertThat(text.lines().filter(l -> l.startsWith("\u2014 " + ORIGIN + " ")).count()).isEqualTo(2);
        assertThat(TRUSTED_ED25519.keyId()).as("the key ID separates the two types").isNotEqualTo(TRUSTED_ML_DSA.keyId());
    }

    @Test
    void aChangedBodyByteFailsTheFirstTrustedSignature() {
        String tampered = new String(fixture(), StandardCharsets.UTF_8).replaceFirst("\n8\n", "\n9\n");
        assertThatThrownBy(() -> Checkpoint.open(tampered.getBytes(StandardCharsets.UTF_8), ORIGIN,
                List.of(TRUSTED_ED25519, TRUSTED_ML_DSA)))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("signature by %s (Ed25519, key ID %08x) does not verify", ORIGIN, TRUSTED_ED25519.keyId());
    }

    @Test
    void aChangedMlDsaSignatureByteFailsThatSignature() {
        SignedNote signed = CHECKPOINT.sign(List.of(ED25519.noteSigner(ORIGIN), flippingSigner(ML_DSA.noteSigner(ORIGIN))));
        assertThatThrownBy(() -> Checkpoint.open(signed.toBytes(), ORIGIN, List.of(TRUSTED_ED25519, TRUSTED_ML_DSA)))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("signature by %s (ML-DSA-65, key ID %08x) does not verify", ORIGIN, TRUSTED_ML_DSA.keyId());
    }

    @Test
    void anAuditorTrustingBothKeysRequiresBothSignatures() {
        byte[] classicalOnly = CHECKPOINT.sign(List.of(ED25519.noteSigner(ORIGIN))).toBytes();
        assertThatThrownBy(() -> Checkpoint.open(classicalOnly, ORIGIN, List.of(TRUSTED_ED25519, TRUSTED_ML_DSA)))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("note is not signed by required key %s (ML-DSA-65, key ID %08x)", ORIGIN, TRUSTED_ML_DSA.keyId());
    }

    @Test
    void sixteenPostQuantumSignaturesFitTheNoteBound() throws Exception {
        List<NoteSigner> signers = new ArrayList<>();
        List<NoteKey> trusted = new ArrayList<>();
        for (int i = 0; i < SignedNote.MAX_SIGNATURES; i++) {
            MlDsa65Keys witness = MlDsa65Keys.generate(RANDOM);
            signers.add(witness.noteSigner("witness.example/w" + i));
            trusted.add(MlDsa65Keys.trustedKey("witness.example/w" + i, witness.publicKey()));
        }
        byte[] note = CHECKPOINT.sign(signers).toBytes();
        assertThat(note.length).isGreaterThan(64 * 1024).isLessThan(SignedNote.MAX_NOTE_BYTES);
        SignedNote.parse(note).verifyAll(trusted);
    }

    @Test
    void emptyLogCheckpointRoundTrips() throws Exception {
        Checkpoint empty = new Checkpoint(ORIGIN, 0, MerkleTree.emptyRoot());
        byte[] note = empty.sign(List.of(ED25519.noteSigner(ORIGIN), ML_DSA.noteSigner(ORIGIN))).toBytes();
        assertThat(Checkpoint.open(note, ORIGIN, List.of(TRUSTED_ML_DSA, TRUSTED_ED25519))).isEqualTo(empty);
    }

    private static NoteSigner flippingSigner(NoteSigner honest) {
        return new NoteSigner() {
            @Override
            public String keyName() {
                return honest.keyName();
            }

            @Override
            public org.evidencevault.ledger.SignatureType type() {
                return honest.type();
            }

            @Override
            public byte[] publicKey() {
                return honest.publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
                byte[] signature = honest.sign(message);
                signature[2000] ^= 0x10;
                return signature;
            }
        };
    }
}
