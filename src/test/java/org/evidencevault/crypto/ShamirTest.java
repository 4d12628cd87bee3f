package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shamir's secret sharing over GF(2^8): the field's multiplication against an independent reference for every pair,
 * a known-answer split with fixed coefficients, recovery from every subset of at least the threshold and from no
 * smaller one, the parameter limits; and the share file format: its lines and checksum, strict parsing, a corrupted
 * share (caught by the checksum, named), a wrong share with a valid checksum (caught by the secret's hash), a share of
 * another split, a duplicate, too few shares.
 */
class ShamirTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    // --- GF(2^8) ---

    /** Carry-less product as a 15-bit polynomial, then reduced mod x^8 + x^4 + x^3 + x + 1: unlike Shamir.mul's shift-and-reduce. */
    private static int referenceMul(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            if ((b >> i & 1) != 0) {
                product ^= a << i;
            }
        }
        for (int bit = 14; bit >= 8; bit--) {
            if ((product >> bit & 1) != 0) {
                product ^= 0x11B << (bit - 8);
            }
        }
        return product;
    }

    @Test
    void multiplicationAgreesWithACarryLessReferenceForAll65536Pairs() {
        int mismatches = 0;
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                if (Shamir.mul(a, b) != referenceMul(a, b)) {
                    mismatches++;
                }
            }
        }
        assertThat(mismatches).isZero();
    }

    @Test
    void multiplicationMatchesTheAesFieldsKnownVectors() {
        // FIPS-197, section 4.2
        assertThat(Shamir.mul(0x57, 0x83)).isEqualTo(0xC1);
        assertThat(Shamir.mul(0x57, 0x13)).isEqualTo(0xFE);
        assertThat(referenceMul(0x57, 0x83)).isEqualTo(0xC1);
    }

    @Test
    void everyNonZeroElementHasItsInverseAndZeroHasNone() {
        for (int a = 1; a < 256; a++) {
            assertThat(Shamir.mul(a, Shamir.inverse(a))).as("a = %d", a).isEqualTo(1);
        }
        assertThatThrownBy(() -> Shamir.inverse(0)).isInstanceOf(ArithmeticException.class);
    }

    // --- splitting and joining ---

    @Test
    void sharesAreThePolynomialsValuesAtTheirIndexWithTheSecretAsConstantTerm() {
        byte[] coefficients = {(byte) 0x83, 0x13, (byte) 0xA7, 0x01};
        SecureRandom fixed = new SecureRandom() {
            private int next;

            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = coefficients[next++ % coefficients.length];
                }
            }
        };
        // k = 3: for each secret byte, nextBytes fills 3 coefficients, the first of which is replaced by the secret byte
        byte[] secret = {0x57, 0x00};
        List<Shamir.Share> shares = Shamir.split(secret, 4, 3, fixed);
        assertThat(shares).extracting(Shamir.Share::index).containsExactly(1, 2, 3, 4);
        for (Shamir.Share share : shares) {
            int x = share.index();
            int first = 0x57 ^ referenceMul(0x13, x) ^ referenceMul(0xA7, referenceMul(x, x));
            int second = 0x00 ^ referenceMul(0x83, x) ^ referenceMul(0x13, referenceMul(x, x));
            assertThat(share.data()).as("share %d", x).containsExactly(first, second);
        }
    }

    @Test
    void everySubsetOfAtLeastTheThresholdRecoversTheSecretAndNoSmallerOne() {
        byte[] secret = random(32);
        List<Shamir.Share> shares = Shamir.split(secret, 5, 3, RANDOM);
        int recovering = 0;
        for (int mask = 1; mask < 32; mask++) {
            List<Shamir.Share> subset = subset(shares, mask);
            byte[] joined = Shamir.join(subset);
            if (subset.size() >= 3) {
                assertThat(joined).as("shares %s", subset).isEqualTo(secret);
                recovering++;
            } else {
                assertThat(joined).as("shares %s", subset).hasSize(32).isNotEqualTo(secret);
            }
        }
        assertThat(recovering).isEqualTo(10 + 5 + 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 32, 4096})
    void secretsOfAnySizeComeBackWholeInAnyOrder(int size) {
        byte[] secret = random(size);
        List<Shamir.Share> shares = Shamir.split(secret, 5, 3, RANDOM);
        assertThat(shares).allSatisfy(s -> assertThat(s.data()).hasSize(size));
        assertThat(Shamir.join(List.of(shares.get(4), shares.get(0), shares.get(2)))).isEqualTo(secret);
        assertThat(Shamir.join(shares)).isEqualTo(secret);
    }

    @Test
    void theLimitsAre255SharesAndAThresholdOf2To255() {
        byte[] secret = random(32);
        List<Shamir.Share> all = Shamir.split(secret, 255, 255, RANDOM);
        assertThat(all).hasSize(255).extracting(Shamir.Share::index).doesNotContain(0).contains(1, 255);
        assertThat(Shamir.join(all)).isEqualTo(secret);
        assertThat(Shamir.join(all.subList(1, 255))).isNotEqualTo(secret);

        List<Shamir.Share> pairs = Shamir.split(secret, 255, 2, RANDOM);
        assertThat(Shamir.join(List.of(pairs.get(253), pairs.get(254)))).isEqualTo(secret);
        assertThat(Shamir.join(Shamir.split(secret, 2, 2, RANDOM))).isEqualTo(secret);
    }

    @Test
    void impossibleSplitsAreRefused() {
        byte[] secret = random(32);
        assertThatThrownBy(() -> Shamir.split(secret, 5, 1, RANDOM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain copy");
        assertThatThrownBy(() -> Shamir.split(secret, 5, 0, RANDOM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shamir.split(secret, 3, 4, RANDOM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold 4 of 3 shares");
        assertThatThrownBy(() -> Shamir.split(secret, 256, 3, RANDOM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
        assertThatThrownBy(() -> Shamir.split(new byte[0], 5, 3, RANDOM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void joinRefusesADuplicateIndexAnIndexOutsideTheFieldAndUnequalLengths() {
        List<Shamir.Share> shares = Shamir.split(random(32), 5, 3, RANDOM);
        assertThatThrownBy(() -> Shamir.join(List.of(shares.get(0), shares.get(1), shares.get(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share 2 is given twice");
        assertThatThrownBy(() -> new Shamir.Share(0, new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shamir.Share(256, new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shamir.join(List.of(shares.get(0), new Shamir.Share(2, new byte[31]), shares.get(2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(shares.get(0).toString()).doesNotContain(Arrays.toString(shares.get(0).data()));
    }

    @Test
    void twoSplitsOfOneSecretShareNothing() {
        byte[] secret = random(32);
        assertThat(Shamir.split(secret, 3, 2, RANDOM).get(0).data()).isNotEqualTo(Shamir.split(secret, 3, 2, RANDOM).get(0).data());
    }

    // --- the share file ---

    @Test
    void aShareFileHasItsLinesInOrderAndAChecksumOverThem() throws Exception {
        byte[] secret = random(100);
        List<String> texts = KeyShareFile.split(secret, 5, 3, RANDOM);
        assertThat(texts).hasSize(5);
        String splitId = null;
        for (int i = 0; i < 5; i++) {
            List<String> lines = List.of(texts.get(i).split("\n"));
            assertThat(texts.get(i)).endsWith("\n");
            assertThat(lines).hasSize(6);
            assertThat(lines.get(0)).isEqualTo("evidence-vault key share v1");
            assertThat(lines.get(1)).matches("split: [0-9a-f]{32}");
            if (splitId == null) {
                splitId = lines.get(1);
            }
            assertThat(lines.get(1)).isEqualTo(splitId);
            assertThat(lines.get(2)).isEqualTo("index: " + (i + 1) + " of 5, threshold 3");
            assertThat(lines.get(3)).isEqualTo("secret-sha256: " + HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(secret)));
            assertThat(Base64.getDecoder().decode(lines.get(4).substring("data: ".length()))).hasSize(100);
            assertThat(lines.get(5)).isEqualTo("checksum: " + checksumOf(lines.subList(0, 5)));
        }
        assertThat(KeyShareFile.split(secret, 5, 3, RANDOM).get(0).split("\n")[1]).isNotEqualTo(splitId);
    }

    @Test
    void everySetOfAtLeastTheThresholdOfShareFilesRecoversTheSecretAndSmallerSetsAreRefused() {
        byte[] secret = random(600);
        List<KeyShareFile.Share> shares = parseAll(KeyShareFile.split(secret, 5, 3, RANDOM));
        for (int mask = 1; mask < 32; mask++) {
            List<KeyShareFile.Share> subset = subset(shares, mask);
            if (subset.size() >= 3) {
                assertThat(KeyShareFile.join(subset)).as("shares %s", subset).isEqualTo(secret);
            } else {
                assertThatThrownBy(() -> KeyShareFile.join(subset)).isInstanceOf(KeyShareException.class)
                        .hasMessageContaining("3 shares are needed, " + subset.size() + " given");
            }
        }
    }

    @Test
    void aWrongShareWithAValidChecksumIsCaughtByTheSecretsHash() {
        byte[] secret = random(64);
        List<String> texts = KeyShareFile.split(secret, 5, 3, RANDOM);
        String wrong = withData(texts.get(1), d -> flip(d, 17), true);
        KeyShareFile.Share parsed = KeyShareFile.parse("share-2-of-5.txt", ascii(wrong));
        List<KeyShareFile.Share> shares = List.of(parse(texts, 0), parsed, parse(texts, 2));
        assertThatThrownBy(() -> KeyShareFile.join(shares)).isInstanceOf(KeyShareException.class)
                .hasMessage("the shares do not recover the key file (a share is wrong or from another split)");
        // with three correct ones it does
        assertThat(KeyShareFile.join(List.of(parse(texts, 0), parse(texts, 2), parse(texts, 4)))).isEqualTo(secret);
        // and four, the wrong one among them, still do not
        assertThatThrownBy(() -> KeyShareFile.join(List.of(parse(texts, 0), parsed, parse(texts, 2), parse(texts, 3))))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("do not recover");
    }

    @Test
    void aCorruptedShareIsCaughtByItsChecksumAndNamed() {
        byte[] secret = random(64);
        String text = KeyShareFile.split(secret, 5, 3, RANDOM).get(3);
        String data = dataOf(text);
        String corrupted = withData(text, d -> flip(d, 0), false);
        assertThatThrownBy(() -> KeyShareFile.parse("/backup/share-4-of-5.txt", ascii(corrupted)))
                .isInstanceOf(KeyShareException.class)
                .hasMessageContaining("share file /backup/share-4-of-5.txt")
                .hasMessageContaining("checksum does not match")
                .message().doesNotContain(data).doesNotContain(dataOf(corrupted));
        // a mistyped index is caught the same way
        String mistyped = text.replace("index: 4 of 5", "index: 2 of 5");
        assertThatThrownBy(() -> KeyShareFile.parse("share-4-of-5.txt", ascii(mistyped)))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("checksum does not match");
    }

    @Test
    void aShareOfAnotherSplitIsRefusedAndNamed() {
        byte[] secret = random(64);
        List<String> ours = KeyShareFile.split(secret, 5, 3, RANDOM);
        List<String> theirs = KeyShareFile.split(secret, 5, 3, RANDOM);
        List<KeyShareFile.Share> shares = List.of(parse(ours, 0), parse(ours, 1),
                KeyShareFile.parse("other/share-3-of-5.txt", ascii(theirs.get(2))));
        assertThatThrownBy(() -> KeyShareFile.join(shares)).isInstanceOf(KeyShareException.class)
                .hasMessageContaining("share file other/share-3-of-5.txt is from another split");
        // even with the split id copied over (and the checksum recomputed), the secret's hash does not match
        String splitLine = ours.get(0).split("\n")[1];
        String forged = rechecksum(theirs.get(2).replace(theirs.get(2).split("\n")[1], splitLine));
        List<KeyShareFile.Share> forgedSet = List.of(parse(ours, 0), parse(ours, 1), KeyShareFile.parse("forged", ascii(forged)));
        assertThatThrownBy(() -> KeyShareFile.join(forgedSet)).isInstanceOf(KeyShareException.class)
                .hasMessageContaining("do not recover");
    }

    @Test
    void aShareOfAnotherKeyFileOrThresholdIsRefused() {
        List<String> ours = KeyShareFile.split(random(64), 5, 3, RANDOM);
        String splitLine = ours.get(0).split("\n")[1];
        String other = KeyShareFile.split(random(64), 5, 3, RANDOM).get(2);
        String otherKey = rechecksum(other.replace(other.split("\n")[1], splitLine));
        assertThatThrownBy(() -> KeyShareFile.join(List.of(parse(ours, 0), parse(ours, 1), KeyShareFile.parse("x", ascii(otherKey)))))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("share file x names another key file");
        String otherThreshold = rechecksum(ours.get(2).replace("of 5, threshold 3", "of 5, threshold 2"));
        assertThatThrownBy(() -> KeyShareFile.join(List.of(parse(ours, 0), KeyShareFile.parse("y", ascii(otherThreshold)))))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("share file y says 5 shares, threshold 2");
    }

    @Test
    void aShareGivenTwiceIsRefusedNamingBothFiles() {
        List<String> texts = KeyShareFile.split(random(64), 5, 3, RANDOM);
        List<KeyShareFile.Share> shares = List.of(parse(texts, 0), KeyShareFile.parse("a.txt", ascii(texts.get(1))),
                KeyShareFile.parse("b.txt", ascii(texts.get(1))));
        assertThatThrownBy(() -> KeyShareFile.join(shares)).isInstanceOf(KeyShareException.class)
                .hasMessage("share files a.txt and b.txt are both share 2: give each share once");
    }

    @Test
    void parsingIsStrictButToleratesLineEndingsFromAPaste() {
        byte[] secret = random(64);
        List<String> texts = KeyShareFile.split(secret, 3, 2, RANDOM);
        String text = texts.get(0);
        assertThatThrownBy(() -> KeyShareFile.parse("f", ascii(text.replace("evidence-vault key share v1", "evidence-vault key share v2"))))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("share file f is not a key share");
        assertThatThrownBy(() -> KeyShareFile.parse("f", ascii(text.replace("\nindex: ", "\nnote: hello\nindex: "))))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("line 3 is unknown or out of place");
        assertThatThrownBy(() -> KeyShareFile.parse("f", ascii(text + "extra: 1\n")))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("line 7 is unknown");
        assertThatThrownBy(() -> KeyShareFile.parse("f", ascii(text.substring(0, text.indexOf("checksum: ")))))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("cut short: it has no 'checksum:' line");
        assertThatThrownBy(() -> KeyShareFile.parse("f", ascii(rechecksum(text.replace("index: 1 of 3", "index: 4 of 3")))))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("impossible");
        assertThatThrownBy(() -> KeyShareFile.parse("f", ascii(rechecksum(text.replace("threshold 2", "threshold 1")))))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("impossible");
        assertThatThrownBy(() -> KeyShareFile.parse("f", (text + "\u00e9").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeyShareException.class).hasMessageContaining("not plain ASCII");

        String pasted = text.replace("\n", " \r\n") + "\r\n";
        List<KeyShareFile.Share> shares = List.of(KeyShareFile.parse("pasted", ascii(pasted)), parse(texts, 2));
        assertThat(KeyShareFile.join(shares)).isEqualTo(secret);
        assertThat(shares.get(0).toString()).doesNotContain(dataOf(text));
    }

    // --- helpers ---

    private static <T> List<T> subset(List<T> all, int mask) {
        List<T> subset = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if ((mask >> i & 1) != 0) {
                subset.add(all.get(i));
            }
        }
        return subset;
    }

    private static List<KeyShareFile.Share> parseAll(List<String> texts) {
        List<KeyShareFile.Share> shares = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            shares.add(parse(texts, i));
        }
        return shares;
    }

    private static KeyShareFile.Share parse(List<String> texts, int i) {
        return KeyShareFile.parse("share-" + (i + 1) + "-of-" + texts.size() + ".txt", ascii(texts.get(i)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] flip(byte[] data, int at) {
        data[at] ^= 0x01;
        return data;
    }

    private static String dataOf(String text) {
        return text.split("\n")[4].substring("data: ".length());
    }

    /** The share with its data changed; its checksum recomputed (as a malicious holder could) or left as it was. */
    private static String withData(String text, UnaryOperator<byte[]> change, boolean recomputeChecksum) {
        String data = dataOf(text);
        String changed = text.replace("data: " + data + "\n",
                "data: " + Base64.getEncoder().encodeToString(change.apply(Base64.getDecoder().decode(data))) + "\n");
        assertThat(changed).isNotEqualTo(text);
        return recomputeChecksum ? rechecksum(changed) : changed;
    }

    private static String rechecksum(String text) {
        List<String> lines = List.of(text.split("\n"));
        return String.join("\n", lines.subList(0, 5)) + "\nchecksum: " + checksumOf(lines.subList(0, 5)) + "\n";
    }

    private static String checksumOf(List<String> lines) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                sha256.update((line + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            return HEX.formatHex(sha256.digest(), 0, 8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
