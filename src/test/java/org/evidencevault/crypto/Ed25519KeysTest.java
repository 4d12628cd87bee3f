package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.evidencevault.ledger.NoteKey;
import org.evidencevault.ledger.SignedNote;
import org.junit.jupiter.api.Test;

/** Ed25519 against RFC 8032 §7.1 test 1, and note signing against the Go sumdb/note example. */
class Ed25519KeysTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] RFC_SECRET = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] RFC_PUBLIC = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] RFC_SIGNATURE = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    /** golang.org/x/mod/sumdb/note: PRIVATE+KEY+PeterNeumann+c74f20a3+AYEK… is type 0x01 and the seed. */
    private static final byte[] GO_SEED = Arrays.copyOfRange(
            Base64.getDecoder().decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"), 1, 33);
    private static final byte[] GO_PUBLIC = Arrays.copyOfRange(
            Base64.getDecoder().decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"), 1, 33);
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void signsRfc8032TestOneExactly() {
        Ed25519Keys keys = Ed25519Keys.fromPrivateKey(SecretBytes.copyOf(RFC_SECRET));
        assertThat(keys.publicKey()).isEqualTo(RFC_PUBLIC);
        assertThat(keys.sign(new byte[0])).isEqualTo(RFC_SIGNATURE);
        assertThat(Ed25519Keys.verify(RFC_PUBLIC, new byte[0], RFC_SIGNATURE)).isTrue();
    }

    @Test
    void rejectsAnyChangeToSignatureMessageOrKey() {
        byte[] flippedSignature = RFC_SIGNATURE.clone();
        flippedSignature[10] ^= 0x01;
        assertThat(Ed25519Keys.verify(RFC_PUBLIC, new byte[0], flippedSignature)).isFalse();
        assertThat(Ed25519Keys.verify(RFC_PUBLIC, new byte[] {0}, RFC_SIGNATURE)).isFalse();
        byte[] otherKey = RFC_PUBLIC.clone();
        otherKey[0] ^= 0x01;
        assertThat(Ed25519Keys.verify(otherKey, new byte[0], RFC_SIGNATURE)).isFalse();
        assertThat(Ed25519Keys.verify(RFC_PUBLIC, new byte[0], Arrays.copyOf(RFC_SIGNATURE, 63))).isFalse();
        assertThat(Ed25519Keys.verify(new byte[31], new byte[0], RFC_SIGNATURE)).isFalse();
    }

    @Test
    void signsTheGoSumdbNoteExampleByteForByte() throws Exception {
        Ed25519Keys keys = Ed25519Keys.fromPrivateKey(SecretBytes.copyOf(GO_SEED));
        assertThat(keys.publicKey()).isEqualTo(GO_PUBLIC);
        SignedNote note = SignedNote.sign(GO_TEXT, List.of(keys.noteSigner("PeterNeumann")));
        assertThat(new String(note.toBytes(), StandardCharsets.UTF_8)).isEqualTo(GO_NOTE);
        NoteKey trusted = Ed25519Keys.trustedKey("PeterNeumann", GO_PUBLIC);
        assertThat(trusted.keyId()).isEqualTo(0xc74f20a3);
        assertThat(SignedNote.parse(GO_NOTE.getBytes(StandardCharsets.UTF_8)).verify(List.of(trusted))).containsExactly(trusted);
    }

    @Test
    void privateKeyRoundTripsThroughAKeyFileEncoding() {
        Ed25519Keys generated = Ed25519Keys.generate(new SecureRandom());
        SecretBytes stored = generated.privateKey();
        assertThat(stored.length()).isEqualTo(32);
        Ed25519Keys loaded = Ed25519Keys.fromPrivateKey(stored);
        assertThat(loaded.publicKey()).isEqualTo(generated.publicKey()).hasSize(32);
        byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);
        assertThat(Ed25519Keys.verify(generated.publicKey(), message, loaded.sign(message))).isTrue();
        assertThat(generated).hasToString("Ed25519Keys[private key redacted]");
        assertThat(generated.noteSigner("example.com/log").toString()).doesNotContain(HEX.formatHex(stored.reveal()));
    }

    @Test
    void rejectsPrivateKeysOfTheWrongLength() {
        assertThatThrownBy(() -> Ed25519Keys.fromPrivateKey(SecretBytes.copyOf(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an Ed25519 private key is 32 bytes, got 31");
    }
}
