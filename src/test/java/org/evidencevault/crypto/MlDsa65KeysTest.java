package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.evidencevault.ledger.NoteKey;
import org.evidencevault.ledger.SignatureType;
import org.junit.jupiter.api.Test;

/** ML-DSA-65 (FIPS 204) through Bouncy Castle: sizes, round trips, and rejection of any flipped bit. */
class MlDsa65KeysTest {

    private static final MlDsa65Keys KEYS = MlDsa65Keys.generate(new SecureRandom());
    private static final byte[] MESSAGE = "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void signsAndVerifiesWithFips204Sizes() {
        byte[] signature = KEYS.sign(MESSAGE);
        assertThat(KEYS.publicKey()).hasSize(MlDsa65Keys.PUBLIC_KEY_BYTES).hasSize(SignatureType.ML_DSA_65.publicKeyBytes());
        assertThat(signature).hasSize(MlDsa65Keys.SIGNATURE_BYTES).hasSize(SignatureType.ML_DSA_65.signatureBytes());
        assertThat(MlDsa65Keys.verify(KEYS.publicKey(), MESSAGE, signature)).isTrue();
    }

    @Test
    void rejectsAFlippedBitInSignatureMessageOrKey() {
        byte[] signature = KEYS.sign(MESSAGE);
        byte[] flippedSignature = signature.clone();
        flippedSignature[1000] ^= 0x04;
        assertThat(MlDsa65Keys.verify(KEYS.publicKey(), MESSAGE, flippedSignature)).isFalse();
        byte[] flippedMessage = MESSAGE.clone();
        flippedMessage[16] ^= 0x01;
        assertThat(MlDsa65Keys.verify(KEYS.publicKey(), flippedMessage, signature)).isFalse();
        byte[] flippedKey = KEYS.publicKey();
        flippedKey[100] ^= 0x01;
        assertThat(MlDsa65Keys.verify(flippedKey, MESSAGE, signature)).isFalse();
        assertThat(MlDsa65Keys.verify(KEYS.publicKey(), MESSAGE, Arrays.copyOf(signature, 3308))).isFalse();
    }

    @Test
    void signaturesAreHedgedYetBothVerify() {
        byte[] one = KEYS.sign(MESSAGE);
        byte[] two = KEYS.sign(MESSAGE);
        assertThat(one).isNotEqualTo(two);
        assertThat(MlDsa65Keys.verify(KEYS.publicKey(), MESSAGE, one)).isTrue();
        assertThat(MlDsa65Keys.verify(KEYS.publicKey(), MESSAGE, two)).isTrue();
    }

    @Test
    void seedRoundTripsThroughAKeyFileEncoding() {
        SecretBytes seed = KEYS.privateKey();
        assertThat(seed.length()).isEqualTo(MlDsa65Keys.SEED_BYTES);
        MlDsa65Keys loaded = MlDsa65Keys.fromPrivateKey(seed, new SecureRandom());
        assertThat(loaded.publicKey()).isEqualTo(KEYS.publicKey());
        assertThat(MlDsa65Keys.verify(KEYS.publicKey(), MESSAGE, loaded.sign(MESSAGE))).isTrue();
        assertThat(KEYS).hasToString("MlDsa65Keys[private key redacted]");
    }

    @Test
    void trustedKeyUsesTheUnassignedSignatureTypeWithItsIdentifier() {
        NoteKey key = MlDsa65Keys.trustedKey("example.com/log", KEYS.publicKey());
        assertThat(key.type()).isEqualTo(SignatureType.ML_DSA_65);
        assertThat(SignatureType.ML_DSA_65.identifier()[0]).isEqualTo((byte) 0xff);
        assertThat(new String(SignatureType.ML_DSA_65.identifier(), 1, SignatureType.ML_DSA_65.identifier().length - 1,
                StandardCharsets.US_ASCII)).isEqualTo("evidence-vault/ml-dsa-65");
        byte[] expected = Digests.sha256(ByteBuffer.allocate(16 + 1 + 24 + MlDsa65Keys.PUBLIC_KEY_BYTES)
                .put("example.com/log\n".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 0xff)
                .put("evidence-vault/ml-dsa-65".getBytes(StandardCharsets.US_ASCII))
                .put(KEYS.publicKey())
                .array());
        assertThat(key.keyId()).isEqualTo(ByteBuffer.wrap(expected).getInt());
    }

    @Test
    void rejectsSeedsOfTheWrongLength() {
        assertThatThrownBy(() -> MlDsa65Keys.fromPrivateKey(SecretBytes.copyOf(new byte[64]), new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an ML-DSA-65 private key seed is 32 bytes, got 64");
    }
}
