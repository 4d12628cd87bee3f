package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The vault's streaming AEAD against Tink's own {@code AesGcmHkdfStreaming} (test scope only) in both directions,
 * at sizes around every segment boundary; and each way of tampering with a stream, starting from a valid one and
 * changing one thing: a flipped byte, a cut at or inside a segment, two segments swapped, a segment spliced from
 * another stream under the same key, bytes after the last segment, another item's associated data, another key.
 */
class StreamingAeadTest {

    private static final byte[] KEY = bytes(32, 1);
    private static final byte[] AD = "evidence/5b1f0c1e-8d1a-4a86-9c53-4f7e0a1b2c3d".getBytes(StandardCharsets.UTF_8);
    private static final int F = StreamingAead.FIRST_PLAINTEXT;
    private static final int P = StreamingAead.PLAINTEXT;

    private static AesGcmHkdfStreaming tink() throws Exception {
        return new AesGcmHkdfStreaming(KEY, "HmacSha256", 32, StreamingAead.SEGMENT, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, F - 1, F, F + 1, F + P - 1, F + P, F + P + 1, F + 2 * P + 12_345})
    void tinkReadsWhatTheVaultWritesAndTheVaultReadsWhatTinkWrites(int size) throws Exception {
        byte[] plaintext = bytes(size, size);

        byte[] ours = encrypt(plaintext, KEY, AD);
        assertThat(ours).hasSize((int) StreamingAead.ciphertextSize(size));
        assertThat(ours[0]).isEqualTo((byte) 0x28);
        assertThat(tink().newDecryptingStream(new ByteArrayInputStream(ours), AD).readAllBytes()).isEqualTo(plaintext);

        ByteArrayOutputStream theirs = new ByteArrayOutputStream();
        try (OutputStream out = tink().newEncryptingStream(theirs, AD)) {
            out.write(plaintext);
        }
        assertThat(theirs.size()).isEqualTo(ours.length);
        assertThat(decrypt(theirs.toByteArray(), KEY, AD)).isEqualTo(plaintext);
    }

    @Test
    void segmentsWrittenOneByOneResumeIntoTheSameStream() throws Exception {
        byte[] plaintext = bytes(F + P + 100, 7);
        StreamingAead.Encrypter first = StreamingAead.encrypter(KEY, AD);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first.header());
        out.write(first.segment(plaintext, 0, F, false));
        // the upload broke here: a new encrypter goes on from the stored header and segment count
        StreamingAead.Encrypter resumed = StreamingAead.resume(KEY, AD, first.header(), 1);
        out.write(resumed.segment(plaintext, F, P, false));
        out.write(resumed.segment(plaintext, F + P, 100, true));
        assertThat(tink().newDecryptingStream(new ByteArrayInputStream(out.toByteArray()), AD).readAllBytes()).isEqualTo(plaintext);
        assertThatThrownBy(() -> resumed.segment(plaintext, 0, 1, true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFlippedByteAnywhereIsDetected() throws Exception {
        byte[] valid = encrypt(bytes(F + P + 500, 3), KEY, AD);
        for (int at : new int[] {0, 1, 33, StreamingAead.HEADER, StreamingAead.SEGMENT - 1, StreamingAead.SEGMENT + 10, valid.length - 1}) {
            byte[] tampered = valid.clone();
            tampered[at] ^= 0x01;
            assertThatThrownBy(() -> decrypt(tampered, KEY, AD)).as("byte %d flipped", at).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aStreamCutAtASegmentBoundaryOrInsideOneIsDetected() throws Exception {
        byte[] valid = encrypt(bytes(F + 2 * P + 500, 4), KEY, AD);
        for (long cut : new long[] {StreamingAead.HEADER, StreamingAead.HEADER + 5, StreamingAead.SEGMENT,
                2L * StreamingAead.SEGMENT, valid.length - 1}) {
            byte[] truncated = Arrays.copyOf(valid, (int) cut);
            assertThatThrownBy(() -> decrypt(truncated, KEY, AD)).as("cut at %d", cut).isInstanceOf(IOException.class);
        }
    }

    @Test
    void swappedOrSplicedSegmentsAndTrailingBytesAreDetected() throws Exception {
        byte[] plaintext = bytes(F + 3 * P, 5);
        byte[] valid = encrypt(plaintext, KEY, AD);
        int s = StreamingAead.SEGMENT;
        byte[] swapped = valid.clone();
        System.arraycopy(valid, 2 * s, swapped, s, s);
        System.arraycopy(valid, s, swapped, 2 * s, s);
        assertThatThrownBy(() -> decrypt(swapped, KEY, AD)).as("segments 1 and 2 swapped").isInstanceOf(IOException.class);

        byte[] other = encrypt(plaintext, KEY, AD);
        byte[] spliced = valid.clone();
        System.arraycopy(other, s, spliced, s, s);
        assertThatThrownBy(() -> decrypt(spliced, KEY, AD)).as("segment 1 from another stream").isInstanceOf(IOException.class);

        byte[] longer = Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> decrypt(longer, KEY, AD)).as("a byte after the last segment").isInstanceOf(IOException.class);
    }

    @Test
    void anotherItemsAssociatedDataOrAnotherKeyOpensNothing() throws Exception {
        byte[] valid = encrypt(bytes(1000, 6), KEY, AD);
        byte[] otherItem = "evidence/00000000-0000-4000-8000-000000000000".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> decrypt(valid, KEY, otherItem)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decrypt(valid, bytes(32, 2), AD)).isInstanceOf(IOException.class);
    }

    @Test
    void noPlaintextOfASegmentIsReleasedBeforeItsTagVerified() throws Exception {
        byte[] valid = encrypt(bytes(F + P, 8), KEY, AD);
        byte[] tampered = valid.clone();
        tampered[StreamingAead.SEGMENT + 100] ^= 0x01;
        try (InputStream in = StreamingAead.decrypting(new ByteArrayInputStream(tampered), KEY, AD)) {
            assertThat(in.readNBytes(F)).as("the first segment is intact").isEqualTo(Arrays.copyOf(bytes(F + P, 8), F));
            assertThatThrownBy(() -> in.read()).as("not one byte of the altered second one").isInstanceOf(IOException.class);
        }
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] salt = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = java.util.HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(java.util.HexFormat.of().formatHex(StreamingAead.hkdfSha256(ikm, salt, info, 42))).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    static byte[] encrypt(byte[] plaintext, byte[] key, byte[] ad) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = StreamingAead.encrypting(out, key, ad)) {
            // in uneven pieces, as a network would deliver them
            for (int i = 0; i < plaintext.length; ) {
                int n = Math.min(plaintext.length - i, 65_537);
                enc.write(plaintext, i, n);
                i += n;
            }
        }
        return out.toByteArray();
    }

    static byte[] decrypt(byte[] ciphertext, byte[] key, byte[] ad) throws IOException {
        try (InputStream in = StreamingAead.decrypting(new ByteArrayInputStream(ciphertext), key, ad)) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
