package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evidencevault.ledger.SignedChain.V1;
import static org.evidencevault.ledger.SignedChain.publicKey;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundle format: what the writer writes the reader reads back, and the reader's strictness and bounds. */
class AuditBundleTest {

    private static final SignedChain ROTATED = SignedChain.rotated(12, 5);
    private static final AuditBundle RANGE = ROTATED.range(2, 9, 4, 12);
    private static final AuditBundle INCIDENT = ROTATED.incident("inc-3", 4, 12);
    private static final String JSON = new String(RANGE.toJson(), StandardCharsets.UTF_8);

    @Test
    void rangeAndIncidentBundlesRoundTrip() throws MalformedBundleException {
        for (AuditBundle bundle : List.of(RANGE, INCIDENT)) {
            byte[] json = bundle.toJson();
            AuditBundle read = AuditBundle.parse(json);
            assertThat(read).isEqualTo(bundle);
            assertThat(read.toJson()).isEqualTo(json);
            assertThat(AuditBundle.parse(new ByteArrayInputStream(json))).isEqualTo(bundle);
        }
        assertThat(RANGE.keys()).hasSize(2);
        assertThat(RANGE.inclusionProofs()).hasSize(1);
        assertThat(INCIDENT.inclusionProofs()).hasSameSizeAs(INCIDENT.entries()).isNotEmpty();
    }

    @Test
    void theWriterPutsMembersInTheDocumentedOrderAndOneElementPerLine() {
        assertThat(JSON).startsWith("{\"format\":\"evidence-vault-audit-bundle/1\",\"origin\":\"vault.example/audit\","
                + "\"scope\":{\"kind\":\"range\",\"from\":2,\"to\":9},\"keys\":[\n{\"keyId\":\"audit-v1\",\"ed25519\":\"");
        assertThat(JSON).contains("],\"entries\":[\n{\"entry\":\"{\\\"action\\\":")
                .contains("],\"checkpoints\":[\n\"vault.example/audit\\n4\\n")
                .contains("],\"consistencyProofs\":[\n{\"fromSize\":4,\"toSize\":12,\"proof\":[\"")
                .contains("],\"inclusionProofs\":[\n{\"seq\":9,\"treeSize\":12,\"proof\":[\"")
                .endsWith("]}\n");
        assertThat(JSON.lines().count()).isEqualTo(1 + 2 + 8 + 2 + 1 + 1);
    }

    @Test
    void aFileRoundTripsAndAnOversizedFileIsRefusedUnread(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bundle.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            RANGE.writeTo(out);
        }
        assertThat(AuditBundle.read(file)).isEqualTo(RANGE);
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
            sparse.setLength(AuditBundle.MAX_BUNDLE_BYTES + 1);
        }
        assertThatThrownBy(() -> AuditBundle.read(huge)).isInstanceOf(MalformedBundleException.class)
                .hasMessage("bundle is 8589934593 bytes, more than the 8589934592 accepted");
    }

    @Test
    void aKeyFileIsOneElementOfTheKeysArray() throws MalformedBundleException {
        AuditPublicKey key = publicKey(V1);
        assertThat(AuditPublicKey.parse(key.toJson())).isEqualTo(key);
        assertThat(JSON).contains(new String(key.toJson(), StandardCharsets.UTF_8).strip());
        assertThatThrownBy(() -> AuditPublicKey.parse("{\"keyId\":\"audit-v1\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBundleException.class).hasMessage("key has no 'ed25519' member");
        assertThatThrownBy(() -> AuditPublicKey.parse(new byte[20_000])).isInstanceOf(MalformedBundleException.class)
                .hasMessage("key file is 20000 bytes, more than the 16384 accepted");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"format\":\"evidence-vault-audit-bundle/1\" | \"format\":\"evidence-vault-audit-bundle/3\" | format must be 'evidence-vault-audit-bundle/1' or 'evidence-vault-audit-bundle/2'",
        "\"format\":\"evidence-vault-audit-bundle/1\" | \"format\":\"evidence-vault-audit-bundle/2\" | bundle has no 'timestamps' member",
        "{\"format\"                                  | {\"timestamps\":[],\"format\"               | bundle has an unknown member 'timestamps' (time-stamp tokens come with format 2)",
        "{\"format\"                                  | {\"extra\":1,\"format\"                      | bundle has an unknown member 'extra'",
        "\"origin\":\"vault.example/audit\",          | ``                                          | bundle has no 'origin' member",
        "\"kind\":\"range\"                           | \"kind\":\"ranged\"                          | scope must be {\"kind\": \"range\", \"from\", \"to\"} or {\"kind\": \"incident\", \"incidentId\"}",
        "\"from\":2                                   | \"from\":10                                  | scope: a range needs 0 <= from <= to <= 2^53-1, got 10..9",
        "\"from\":2                                   | \"from\":-2                                  | scope.from must be an integer from 0 to 2^53-1",
        "\"from\":2                                   | \"from\":2.0                                 | scope.from must be an integer from 0 to 2^53-1",
        "\"from\":2                                   | \"from\":9007199254740992                    | scope.from must be an integer from 0 to 2^53-1",
        "\"from\":2                                   | \"from\":\"2\"                               | scope.from must be an integer from 0 to 2^53-1",
        "{\"entry\":                                  | {\"note\":1,\"entry\":                       | entries[0] has an unknown member 'note'",
        "\"seq\":9,                                   | \"seq\":12,                                  | inclusionProofs[0]: an inclusion proof needs 0 <= seq < treeSize <= 2^53-1, got seq 12 and tree size 12",
        "{\"fromSize\":4,                             | {\"fromSize\":40,                            | consistencyProofs[0]: a consistency proof needs 0 <= fromSize <= toSize <= 2^53-1, got 40 and 12",
        "\"entries\":[                                | \"entries\":{                                | entries must be a JSON array",
    })
    void theReaderIsStrict(String before, String after, String message) {
        assertMalformed(JSON.replaceFirst(java.util.regex.Pattern.quote(before), java.util.regex.Matcher.quoteReplacement(after)),
                message);
    }

    @Test
    void duplicatesTrailingContentAndWrongShapesAreRejected() {
        assertMalformed(JSON.replaceFirst("\\{\"format\"", "{\"origin\":\"x\",\"format\""),
                "bundle is not strict JSON: Duplicate Object property \"origin\"");
        assertMalformed(JSON + "{}", "content follows the end of the top-level object");
        assertMalformed("[]", "bundle must start with '{', after nothing but JSON white space, but byte 0 is 0x5B");
        assertThatThrownBy(() -> AuditBundle.parse(JSON.replaceFirst("\"format\":", "\"format\"::")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedBundleException.class)
                .hasMessageStartingWith("bundle is not strict JSON: Unexpected character (':'");
        assertThatThrownBy(() -> AuditBundle.parse(("{\"format\":\"" + (char) 0xFF + "\"}").getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(MalformedBundleException.class).hasMessageContaining("Invalid UTF-8");
        assertMalformed(JSON.replaceFirst("\"entries\":\\[\n\\{", "\"entries\":[\n7,{"), "entries[0] must be a JSON object");
    }

    @Test
    void aByteOrderMarkOrAnyOtherByteBeforeTheObjectIsRefused(@TempDir Path dir) throws Exception {
        byte[] json = JSON.getBytes(StandardCharsets.UTF_8);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String bomMessage = "bundle starts with a byte order mark (EF BB BF), which is not accepted: it must start "
                + "with '{', after nothing but JSON white space";
        Path file = Files.write(dir.resolve("bom.json"), concat(bom, json));
        for (ThrowingRead read : List.<ThrowingRead>of(() -> AuditBundle.parse(concat(bom, json)),
                () -> AuditBundle.parse(new ByteArrayInputStream(concat(bom, json))), () -> AuditBundle.read(file))) {
            assertThatThrownBy(read::read).isInstanceOf(MalformedBundleException.class).hasMessage(bomMessage);
        }
        // JSON white space before the object is allowed; nothing else is, whichever way the bundle is read
        byte[] spaced = concat(" \t\r\n".getBytes(StandardCharsets.US_ASCII), json);
        assertThat(AuditBundle.parse(spaced)).isEqualTo(RANGE);
        assertThat(AuditBundle.parse(new ByteArrayInputStream(spaced))).isEqualTo(RANGE);
        for (byte[] prefix : List.of(new byte[] {' ', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {0x0C},
                new byte[] {(byte) 0xC2, (byte) 0xA0}, new byte[] {0})) {
            int at = prefix[0] == ' ' ? 1 : 0;
            String message = String.format("bundle must start with '{', after nothing but JSON white space, but byte "
                    + "%d is 0x%02X", at, prefix[at] & 0xFF);
            assertThatThrownBy(() -> AuditBundle.parse(concat(prefix, json))).hasMessage(message);
            assertThatThrownBy(() -> AuditBundle.parse(new ByteArrayInputStream(concat(prefix, json)))).hasMessage(message);
        }
        assertMalformed("", "bundle must start with '{', after nothing but JSON white space, but it ends first");
        assertMalformed(" \n", "bundle must start with '{', after nothing but JSON white space, but it ends first");
        assertThatThrownBy(() -> AuditBundle.parse(new ByteArrayInputStream(new byte[0])))
                .hasMessage("bundle must start with '{', after nothing but JSON white space, but it ends first");
    }

    @Test
    void onlyUtf8IsRead() {
        for (java.nio.charset.Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16, java.nio.charset.Charset.forName("UTF-32LE"),
                java.nio.charset.Charset.forName("UTF-32BE"))) {
            byte[] encoded = JSON.getBytes(charset);
            assertThatThrownBy(() -> AuditBundle.parse(encoded)).as(charset.name())
                    .isInstanceOf(MalformedBundleException.class)
                    .hasMessageStartingWith(encoded[0] == '{' ? "bundle is not UTF-8: byte 1, after '{', is 0x00"
                            : "bundle must start with '{'");
            assertThatThrownBy(() -> AuditBundle.parse(new ByteArrayInputStream(encoded))).as(charset.name())
                    .isInstanceOf(MalformedBundleException.class)
                    .hasMessageStartingWith(encoded[0] == '{' ? "bundle is not UTF-8: byte 1, after '{', is 0x00"
                            : "bundle must start with '{'");
        }
    }

    @Test
    void aKeyFileWithAByteOrderMarkIsRefused() {
        byte[] key = publicKey(V1).toJson();
        assertThatThrownBy(() -> AuditPublicKey.parse(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, key)))
                .isInstanceOf(MalformedBundleException.class)
                .hasMessage("key file starts with a byte order mark (EF BB BF), which is not accepted: it must start "
                        + "with '{', after nothing but JSON white space");
    }

    @FunctionalInterface
    private interface ThrowingRead {
        AuditBundle read() throws Exception;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void base64MustBeCanonicalAndOfTheRightLength() {
        String sig = CanonicalBase64.encode(RANGE.entries().get(0).signature());
        assertThat(sig).endsWith("==");
        assertMalformed(JSON.replace(sig, sig.substring(0, sig.length() - 3) + "B=="),
                "entries[0].signature must be canonical base64 of 64 bytes");
        assertMalformed(JSON.replace(sig, CanonicalBase64.encode(new byte[63])),
                "entries[0].signature must be canonical base64 of 64 bytes");
        String hash = CanonicalBase64.encode(RANGE.inclusionProofs().get(0).proof().get(0));
        assertMalformed(JSON.replace(hash, hash.replace('=', 'A')), "inclusionProofs[0].proof[0] must be canonical base64 of 32 bytes");
    }

    @Test
    void proofsAreBoundedAndUnique() {
        List<byte[]> tooLong = new ArrayList<>(Collections.nCopies(AuditBundle.MAX_PROOF_HASHES + 1, new byte[32]));
        StringBuilder hashes = new StringBuilder();
        tooLong.forEach(h -> hashes.append(hashes.length() == 0 ? "" : ",").append('"').append(CanonicalBase64.encode(h)).append('"'));
        assertMalformed(JSON.replaceFirst("\"inclusionProofs\":\\[\n\\{\"seq\":9,\"treeSize\":12,\"proof\":\\[[^\\]]*\\]",
                "\"inclusionProofs\":[\n{\"seq\":9,\"treeSize\":12,\"proof\":[" + hashes + "]"),
                "inclusionProofs[0].proof holds more than the 64 hashes accepted");
        assertThatThrownBy(() -> new InclusionProof(1, 2, tooLong)).isInstanceOf(IllegalArgumentException.class);
        InclusionProof proof = RANGE.inclusionProofs().get(0);
        assertThatThrownBy(() -> Bundles.withInclusionProofs(RANGE, List.of(proof, proof)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inclusionProofs[1] repeats the seq and treeSize of an earlier element");
        AuditPublicKey key = RANGE.keys().get(0);
        assertThatThrownBy(() -> Bundles.withKeys(RANGE, List.of(key, key)))
                .hasMessage("keys[1] repeats the keyId of an earlier element");
    }

    @Test
    void stringsThatUtf8CannotEncodeAreRejected() {
        assertMalformed(JSON.replaceFirst("\\{\\\\\"action\\\\\"", "{\\\\ud800\\\\\"action\\\\\""),
                "entries[0].entry has a lone surrogate, which UTF-8 cannot encode");
    }

    private static void assertMalformed(String json, String message) {
        assertThatThrownBy(() -> AuditBundle.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBundleException.class)
                .hasMessage(message);
    }
}
