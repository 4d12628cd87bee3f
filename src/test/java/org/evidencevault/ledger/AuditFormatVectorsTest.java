package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.evidencevault.cli.VaultCommandLine;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.crypto.SecretBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test vectors of docs/audit-format.md ("Test vectors"), computed by the production code and pinned here:
 * keys derived from fixed seeds, three chained entries and a key rotation entry (canonical bytes, hashes,
 * Ed25519 signatures), the Merkle roots and proofs over them, a checkpoint, an RFC 8785 example, and a complete
 * two-entry bundle with what {@code verify} prints for it. The last test checks that the document carries
 * exactly these values, so the document and the code cannot drift apart unnoticed.
 *
 * <p>Ed25519 (RFC 8032) is deterministic. ML-DSA-65 key generation from a seed is deterministic too, but the
 * vault signs hedged (fresh randomness per signature); here the ML-DSA-65 signer draws rnd = 32 zero bytes, FIPS
 * 204's deterministic variant, so that the example checkpoint and bundle can be reproduced byte for byte.
 */
class AuditFormatVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    // ---- inputs ------------------------------------------------------------------------------------------

    /** RFC 8032 §7.1, TEST 1: the Ed25519 private key (seed) of key audit-v1. */
    static final String V1_ED25519_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    /** The FIPS 204 key generation seed ξ of audit-v1's ML-DSA-65 key: bytes 0x00 to 0x1f. */
    static final String V1_ML_DSA_65_SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    /** RFC 8032 §7.1, TEST 2: the Ed25519 private key of key audit-v2 (rotation vector). */
    static final String V2_ED25519_SEED = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    /** audit-v2's ML-DSA-65 seed: bytes 0x20 to 0x3f. */
    static final String V2_ML_DSA_65_SEED = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
    static final String ORIGIN = "vault.example/audit";
    static final String INCIDENT = "7c1e5f3a-2b4d-4e6f-8a9b-0c1d2e3f4a5b";
    /** An example commitment: SHA-256 of the ASCII text "evidence-vault example change". */
    static final String COMMITMENT = "sha256:7e64a12bb9629ea0d83df39090f66f16e76ecb82239e560fb36f151bb1d3ba9a";
    static final String CHECKPOINT_TIME = "2026-11-29T03:15:02.731Z";

    // ---- expected values (also in docs/audit-format.md) ----------------------------------------------------

    static final String V1_ED25519_PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String V1_ML_DSA_65_PUBLIC_KEY_SHA256 = "d666806e11cee19a7c989f7445f90dd419cf4d2d51db8c0fdb4c0f0a542238c9";
    static final String V1_COMMITMENT = "sha256:b69ac06acf9050dec00d6c5af37e91d93ad4ec4ddc9bb70af410b7051aa71477";
    static final String V1_ED25519_NOTE_KEY_ID = "fa49cb20";
    static final String V1_ML_DSA_65_NOTE_KEY_ID = "493e3ba4";
    static final String V2_ED25519_PUBLIC_KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    static final String V2_ML_DSA_65_PUBLIC_KEY_SHA256 = "408071bcaf4fe051b0b68f8e5b2a9dbbc15dabd9440757bf197a677bbca50b9b";
    static final String V2_COMMITMENT = "sha256:75b6400128808559ddecd800c719db8d9e3d51859de86ab6523552f36adbe93b";

    static final String SIGNATURE_CONTEXT_HEX = "65766964656e63652d7661756c742f61756469742d656e7472792f76310a";

    static final List<String> ENTRIES = List.of(
            "{\"action\":\"incident.register\",\"actor\":\"officer\",\"commitment\":\"sha256:7e64a12bb9629ea0d83df39090f66f16e76ecb82239e560fb36f151bb1d3ba9a\",\"keyId\":\"audit-v1\",\"kind\":\"CHANGE\",\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"role\":\"PROTECTION_OFFICER\",\"seq\":0,\"targets\":[{\"id\":\"7c1e5f3a-2b4d-4e6f-8a9b-0c1d2e3f4a5b\",\"type\":\"incident\",\"version\":1}],\"time\":\"2026-11-29T03:15:00.000Z\",\"v\":1}",
            "{\"action\":\"incident.read\",\"actor\":\"rapporteur\",\"keyId\":\"audit-v1\",\"kind\":\"READ\",\"prev\":\"694f6548268a4b59a6204f9812845db4742f42c042a99f2f1f1aebd973167934\",\"role\":\"RAPPORTEUR\",\"seq\":1,\"targets\":[{\"id\":\"7c1e5f3a-2b4d-4e6f-8a9b-0c1d2e3f4a5b\",\"type\":\"incident\"}],\"time\":\"2026-11-29T03:15:01.250Z\",\"v\":1}",
            "{\"action\":\"audit.export\",\"actor\":\"auditor\",\"keyId\":\"audit-v1\",\"kind\":\"ADMIN\",\"prev\":\"1d6b67f07ab1a6f31c25fe9c996601df4cf297b18cf683e9a87f52fbe9dbd23b\",\"role\":\"AUDITOR\",\"seq\":2,\"targets\":[{\"id\":\"0..1\",\"type\":\"audit-range\"}],\"time\":\"2026-11-29T03:15:02.500Z\",\"v\":1}");
    static final List<String> HASHES = List.of(
            "694f6548268a4b59a6204f9812845db4742f42c042a99f2f1f1aebd973167934",
            "1d6b67f07ab1a6f31c25fe9c996601df4cf297b18cf683e9a87f52fbe9dbd23b",
            "6faa68bf505999e0386eda55eb4b053e7a2ea9c1c75c53f89f25d627f86f3e43");
    static final List<String> SIGNATURES = List.of(
            "djKW1+g4IiBDOKQrt4gM1UwkUCrWXAEmxZr2xnyQoj28SsLNW8i5Z5LJtyF4DpcZuhogwxKvsSGUDuY7j7vqCA==",
            "dYkzDCwfLbCJsEG9Qju9cvrXLgJ0rJ5BmQK4uyt2oAMpZaPFAiMFl1J9tbP7BL6nJngB29toyP76FHheSDTrAg==",
            "Dq7UojqkEsqeGe4aqZmE6E1IrLX5wzcXlbV7eQ7B6c6xMqw+zT+oKAH4u/EiLPHYwveP+wFAeCoyGn4qahcvBg==");

    static final String ROTATION_ENTRY = "{\"action\":\"audit.signing-key-rotated\",\"actor\":\"system\",\"commitment\":\"sha256:75b6400128808559ddecd800c719db8d9e3d51859de86ab6523552f36adbe93b\",\"keyId\":\"audit-v1\",\"kind\":\"KEY\",\"prev\":\"6faa68bf505999e0386eda55eb4b053e7a2ea9c1c75c53f89f25d627f86f3e43\",\"role\":\"SYSTEM\",\"seq\":3,\"targets\":[{\"id\":\"audit-v2\",\"type\":\"signing-key\"}],\"time\":\"2026-11-29T03:16:00.000Z\",\"v\":1}";
    static final String ROTATION_HASH = "24e530c6f812adc24e8af8e103ac66c23b033d977c6cb6d1c418e7a98a9a15ae";
    static final String ROTATION_SIGNATURE = "3H5RXqVwVpyD1JtczfxqJpw78gY9mwEiWsfagyStMcrILwi8uiaCDYqvu3WXLhltevllwvCWoAgeNY1LJ1GeCw==";

    /** Entry seq 1 with a commitment, and entry seq 0 without one: canonical JSON, but not entries. */
    static final String READ_WITH_COMMITMENT = ENTRIES.get(1).replace("\"actor\":\"rapporteur\",",
            "\"actor\":\"rapporteur\",\"commitment\":\"" + COMMITMENT + "\",");
    static final String READ_WITH_COMMITMENT_REASON = "a READ entry has no commitment";
    static final String CHANGE_WITHOUT_COMMITMENT = ENTRIES.get(0).replace("\"commitment\":\"" + COMMITMENT + "\",", "");
    static final String CHANGE_WITHOUT_COMMITMENT_REASON = "a CHANGE entry needs a commitment";

    static final String ROOT_2 = "7ca73a716aa0c11e69d4e33ef5ef44375c73874fef391bf71cbea264f8f6d6ff";
    static final String ROOT_3 = "b1f6b3f0070eecda3816c46efae587352646e4522a354d73c1e3f7e81d986e18";
    static final String ROOT_3_BASE64 = "sfaz8AcO7No4FsRu+uWHNSZG5FIqNU1zweP36B2Ybhg=";
    static final List<String> INCLUSION_0_IN_2 = List.of("HWtn8HqxpvMcJf6cmWYB30zyl7GM9oPpqH9S++nb0js=");
    static final List<String> INCLUSION_1_IN_3 = List.of(
            "aU9lSCaKS1mmIE+YEoRdtHQvQsBCqZ8vHxrr2XMWeTQ=", "b6pov1BZmeA4btpV60sFPnouqcHHXFP4nyXWJ/hvPkM=");
    static final List<String> CONSISTENCY_2_TO_3 = List.of("b6pov1BZmeA4btpV60sFPnouqcHHXFP4nyXWJ/hvPkM=");

    static final String CHECKPOINT_BODY = "vault.example/audit\n3\nsfaz8AcO7No4FsRu+uWHNSZG5FIqNU1zweP36B2Ybhg=\n"
            + "time 2026-11-29T03:15:02.731Z\n";
    static final String CHECKPOINT_ED25519_LINE = "\u2014 audit-v1 +knLIBUNcS/H73QoHFYB1w3DGTdeiWQLsoF3Z5O38ywaC48SVVzURlhl"
            + "nmJRq76CTsHvUk+d/s3kmHmygfkcQ3YzZA0=\n";
    static final String CHECKPOINT_NOTE_SHA256 = "96810729f507fe94a08e373512ef652967188b260b51cbeaf71c4be78af6acf6";

    /** An RFC 8785 example: escapes, -0, an exponent, names sorted by UTF-16 code units. */
    static final String CANONICAL_INPUT = "{\"z\":\"\\u00e9\\u2028\\ud83d\\ude00\",\"a\":\"\\u0001\\u001f\\\"\\\\\\/\\b\\t\\n\\f\\r\\u0041\","
            + "\"A\":1.0e2,\"\\u00e9\":-0,\"\\ud83d\\ude00\":true,\"\\uff61\":null, \"\\u0031\" : [ ] }";
    static final String CANONICAL_OUTPUT_HEX = "7b2231223a5b5d2c2241223a3130302c2261223a225c75303030315c75303031665c225c5c2f5c625c"
            + "745c6e5c665c7241222c227a223a22c3a9e280a8f09f9880222c22c3a9223a302c22f09f9880223a747275652c22efbda1223a6e75"
            + "6c6c7d";

    static final String BUNDLE_SHA256 = "71ec09d4a09ffe400fa36d0405c4567658d56f2df1d193e60d11f0d6fc21c99e";
    /** The example bundle's length in bytes: the lines of the document's block, each with its line feed. */
    static final int BUNDLE_BYTES = 8_706;
    static final String BUNDLE_BYTES_TEXT = "The file is 8,706 bytes of UTF-8";
    static final String VERIFY_OUTPUT = "OK: 2 entries (seq 0..1, range), 1 checkpoint; latest checkpoint: size 3, root "
            + "sfaz8AcO7No4FsRu+uWHNSZG5FIqNU1zweP36B2Ybhg=, time 2026-11-29T03:15:02.731Z; keys audit-v1; signatures: all";
    static final String SELF_TRUST_WARNING = "warning: trusting the bundle's own keys: pass --key to pin a key you "
            + "obtained independently";

    /** What verify prints for the example bundle when the checkpoint held is the body only. */
    static final String HELD_BODY_OUTPUT = "FAIL: the checkpoint you hold is malformed: note has no blank line between "
            + "its text and its signatures";

    /** Verification examples: the example bundle, changed, and what verify prints for it. */
    static final String SURPLUS_OUTPUT = "FAIL: the bundle has more entries than the scope 0..0";
    static final String INCIDENT_SCOPE = "{\"kind\":\"incident\",\"incidentId\":\"" + INCIDENT + "\"}";
    static final String EXEMPT_ROTATION_OUTPUT = "FAIL seq 3: not covered by the latest checkpoint (size 3)";
    static final String MISSHAPEN_ROTATION_OUTPUT = "FAIL seq 3: does not concern incident " + INCIDENT;
    static final String V2_ED25519_NOTE_KEY_ID = "964ab5a8";
    static final String V2_ML_DSA_65_NOTE_KEY_ID = "72d474fd";
    static final String CHECKPOINT_V2_ED25519_LINE = "\u2014 audit-v2 lkq1qL6T4pDad0OZmrHcAhl6oVu+Q6wGKLcwaTfFs85hGqGoU2/"
            + "RRl6itH7qESHTWG4zhlm5Z6VqTE5e+68Iiw873wo=\n";
    static final String FIRST_LINE_CHOOSES_OUTPUT = "FAIL: checkpoint 1 does not verify: note is not signed by required "
            + "key audit-v2-mldsa65 (ML-DSA-65, key ID 72d474fd)";

    static final String BOM_OUTPUT = "error: bundle.json: bundle starts with a byte order mark (EF BB BF), which is not "
            + "accepted: it must start with '{', after nothing but JSON white space";

    /** The example bundle with an unknown member named ESC [2J at the start of entry 0, and what verify prints. */
    static final String ESCAPED_OUTPUT = "FAIL seq 0: malformed entry: unknown entry member '\\u001b[2J'";

    private static final Path DOCUMENT = Path.of("docs", "audit-format.md");

    /** rnd = 32 zero bytes for every ML-DSA-65 signature: FIPS 204's deterministic variant. */
    private static final SecureRandom ZERO_RND = new SecureRandom() {
        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0);
        }
    };

    private static final AuditSigningKey V1 = key(1, V1_ED25519_SEED, V1_ML_DSA_65_SEED);
    private static final AuditSigningKey V2 = key(2, V2_ED25519_SEED, V2_ML_DSA_65_SEED);

    // ---- the vectors -------------------------------------------------------------------------------------

    @Test
    void keysDeriveFromTheirSeeds() {
        assertThat(HEX.formatHex(V1.ed25519PublicKey())).isEqualTo(V1_ED25519_PUBLIC_KEY);
        assertThat(V1.mlDsa65PublicKey()).hasSize(1952);
        assertThat(HEX.formatHex(sha256(V1.mlDsa65PublicKey()))).isEqualTo(V1_ML_DSA_65_PUBLIC_KEY_SHA256);
        assertThat(publicKey(V1).commitment()).isEqualTo(V1_COMMITMENT)
                .isEqualTo("sha256:" + HEX.formatHex(sha256(concat(V1.ed25519PublicKey(), V1.mlDsa65PublicKey()))));
        assertThat(String.format("%08x", NoteKey.keyId("audit-v1", SignatureType.ED25519, V1.ed25519PublicKey())))
                .isEqualTo(V1_ED25519_NOTE_KEY_ID);
        assertThat(String.format("%08x", NoteKey.keyId("audit-v1-mldsa65", SignatureType.ML_DSA_65, V1.mlDsa65PublicKey())))
                .isEqualTo(V1_ML_DSA_65_NOTE_KEY_ID);
        assertThat(V1.keyId()).isEqualTo("audit-v1");
        assertThat(V1.ed25519NoteSigner().keyName()).isEqualTo("audit-v1");
        assertThat(V1.mlDsa65NoteSigner().keyName()).isEqualTo("audit-v1-mldsa65");

        assertThat(HEX.formatHex(V2.ed25519PublicKey())).isEqualTo(V2_ED25519_PUBLIC_KEY);
        assertThat(HEX.formatHex(sha256(V2.mlDsa65PublicKey()))).isEqualTo(V2_ML_DSA_65_PUBLIC_KEY_SHA256);
        assertThat(publicKey(V2).commitment()).isEqualTo(V2_COMMITMENT);

        // the same seed always gives the same ML-DSA-65 key pair
        assertThat(key(1, V1_ED25519_SEED, V1_ML_DSA_65_SEED).mlDsa65PublicKey()).isEqualTo(V1.mlDsa65PublicKey());
    }

    @Test
    void entriesHaveTheseBytesHashesAndSignatures() {
        assertThat(HEX.formatHex(AuditEntry.SIGNATURE_CONTEXT)).isEqualTo(SIGNATURE_CONTEXT_HEX);
        List<AuditEntry> entries = entries();
        for (int i = 0; i < entries.size(); i++) {
            AuditEntry entry = entries.get(i);
            byte[] canonical = entry.canonicalBytes();
            assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo(ENTRIES.get(i));
            assertThat(AuditEntry.parse(canonical)).isEqualTo(entry);
            assertThat(entry.hashHex()).isEqualTo(HASHES.get(i))
                    .isEqualTo(HEX.formatHex(sha256(concat(new byte[] {0}, canonical))));
            byte[] message = AuditEntry.signedMessage(entry.hash());
            assertThat(HEX.formatHex(message)).isEqualTo(SIGNATURE_CONTEXT_HEX + HASHES.get(i));
            byte[] signature = V1.signEntry(message);
            assertThat(BASE64.encodeToString(signature)).isEqualTo(SIGNATURES.get(i));
            assertThat(Ed25519Keys.verify(V1.ed25519PublicKey(), message, signature)).isTrue();
        }
        assertThat(entries.get(0).prev()).isEqualTo(AuditEntry.GENESIS_PREV);
        assertThat(entries.get(1).prev()).isEqualTo(HASHES.get(0));
        assertThat(entries.get(2).prev()).isEqualTo(HASHES.get(1));
    }

    @Test
    void aRotationEntryCommitsToTheNewKeyAndIsSignedByTheOldOne() {
        AuditEntry rotation = rotationEntry();
        assertThat(new String(rotation.canonicalBytes(), StandardCharsets.UTF_8)).isEqualTo(ROTATION_ENTRY);
        assertThat(rotation.hashHex()).isEqualTo(ROTATION_HASH);
        assertThat(BASE64.encodeToString(V1.signEntry(AuditEntry.signedMessage(rotation.hash()))))
                .isEqualTo(ROTATION_SIGNATURE);
        assertThat(KeyRotation.of(rotation)).isEqualTo(new KeyRotation("audit-v2", V2_COMMITMENT));
    }

    @Test
    void aCommitmentIsPresentExactlyOnChangeAndKeyEntries() {
        for (String[] vector : new String[][] {{READ_WITH_COMMITMENT, READ_WITH_COMMITMENT_REASON},
                {CHANGE_WITHOUT_COMMITMENT, CHANGE_WITHOUT_COMMITMENT_REASON}}) {
            byte[] bytes = vector[0].getBytes(StandardCharsets.UTF_8);
            assertThat(vector[0]).isNotIn(ENTRIES);
            assertThat(CanonicalJson.canonicalize(bytes)).isEqualTo(bytes);
            assertThatThrownBy(() -> AuditEntry.parse(bytes)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(vector[1]);
        }
        assertThat(EntryKind.CHANGE.commits()).isTrue();
        assertThat(EntryKind.KEY.commits()).isTrue();
        assertThat(EntryKind.READ.commits()).isFalse();
        assertThat(EntryKind.ADMIN.commits()).isFalse();
        // a KEY entry with another action than the rotation's is well formed, and is not a rotation
        AuditEntry key = new AuditEntry(3, "2026-11-29T03:16:00.000Z", "system", "SYSTEM", "KEY", "audit.other",
                List.of(), COMMITMENT, HASHES.get(2), "audit-v1");
        assertThat(AuditEntry.parse(key.canonicalBytes())).isEqualTo(key);
        assertThat(KeyRotation.of(key)).isNull();
    }

    @Test
    void merkleRootsAndProofs() throws ProofException {
        LeafHashes leaves = leaves();
        assertThat(HEX.formatHex(MerkleTree.root(leaves, 2))).isEqualTo(ROOT_2)
                .isEqualTo(HEX.formatHex(sha256(concat(new byte[] {1}, HEX.parseHex(HASHES.get(0)), HEX.parseHex(HASHES.get(1))))));
        assertThat(HEX.formatHex(MerkleTree.root(leaves, 3))).isEqualTo(ROOT_3)
                .isEqualTo(HEX.formatHex(sha256(concat(new byte[] {1}, HEX.parseHex(ROOT_2), HEX.parseHex(HASHES.get(2))))));
        assertThat(BASE64.encodeToString(MerkleTree.root(leaves, 3))).isEqualTo(ROOT_3_BASE64);
        assertThat(base64(MerkleTree.inclusionProof(leaves, 0, 2))).isEqualTo(INCLUSION_0_IN_2);
        assertThat(base64(MerkleTree.inclusionProof(leaves, 1, 3))).isEqualTo(INCLUSION_1_IN_3);
        assertThat(base64(MerkleTree.consistencyProof(leaves, 2, 3))).isEqualTo(CONSISTENCY_2_TO_3);
        MerkleProofs.verifyInclusion(1, 3, HEX.parseHex(HASHES.get(1)), decode(INCLUSION_1_IN_3), HEX.parseHex(ROOT_3));
        MerkleProofs.verifyConsistency(2, 3, decode(CONSISTENCY_2_TO_3), HEX.parseHex(ROOT_2), HEX.parseHex(ROOT_3));
    }

    @Test
    void checkpointBodyAndSignedNote() throws Exception {
        Checkpoint checkpoint = checkpoint();
        assertThat(checkpoint.body()).isEqualTo(CHECKPOINT_BODY);
        String note = note();
        assertThat(note).startsWith(CHECKPOINT_BODY + "\n" + CHECKPOINT_ED25519_LINE + "\u2014 audit-v1-mldsa65 ");
        assertThat(HEX.formatHex(sha256(note.getBytes(StandardCharsets.UTF_8)))).isEqualTo(CHECKPOINT_NOTE_SHA256);
        SignedNote parsed = SignedNote.parse(note.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.signatures()).hasSize(2);
        assertThat(parsed.signatures().get(1).signature()).hasSize(3309);
        assertThat(String.format("%08x", parsed.signatures().get(1).keyId())).isEqualTo(V1_ML_DSA_65_NOTE_KEY_ID);
        assertThat(Checkpoint.open(note.getBytes(StandardCharsets.UTF_8), ORIGIN,
                List.of(Ed25519Keys.trustedKey("audit-v1", V1.ed25519PublicKey()),
                        MlDsa65Keys.trustedKey("audit-v1-mldsa65", V1.mlDsa65PublicKey())))).isEqualTo(checkpoint);
    }

    @Test
    void canonicalJsonExample() {
        byte[] canonical = CanonicalJson.canonicalize(CANONICAL_INPUT.getBytes(StandardCharsets.UTF_8));
        assertThat(HEX.formatHex(canonical)).isEqualTo(CANONICAL_OUTPUT_HEX);
        assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo(
                "{\"1\":[],\"A\":100,\"a\":\"\\u0001\\u001f\\\"\\\\/\\b\\t\\n\\f\\rA\",\"z\":\"\u00e9\u2028\ud83d\ude00\","
                        + "\"\u00e9\":0,\"\ud83d\ude00\":true,\"\uff61\":null}");
    }

    @Test
    void theExampleBundleVerifies(@TempDir Path dir) throws Exception {
        byte[] json = bundle().toJson();
        assertThat(HEX.formatHex(sha256(json))).isEqualTo(BUNDLE_SHA256);
        assertThat(json).hasSize(BUNDLE_BYTES);
        assertThat(new String(json, StandardCharsets.UTF_8)).endsWith("]}\n").doesNotContain("\r");
        assertThat(AuditBundle.parse(json)).isEqualTo(bundle());

        Path bundleFile = Files.write(dir.resolve("bundle.json"), json);
        Path keyFile = Files.write(dir.resolve("audit-v1.json"), publicKey(V1).toJson());
        Run pinned = run("verify", bundleFile.toString(), "--key", keyFile.toString());
        assertThat(pinned.exitCode()).isZero();
        assertThat(pinned.out()).isEqualTo(VERIFY_OUTPUT + "\n");
        assertThat(pinned.err()).isEmpty();
        Run selfTrusting = run("verify", bundleFile.toString());
        assertThat(selfTrusting.exitCode()).isZero();
        assertThat(selfTrusting.out()).isEqualTo(VERIFY_OUTPUT + "\n");
        assertThat(selfTrusting.err()).isEqualTo(SELF_TRUST_WARNING + "\n");
    }

    @Test
    void aHeldCheckpointThatIsMalformedIsAFailureNotAnError(@TempDir Path dir) throws Exception {
        Path bundleFile = Files.write(dir.resolve("bundle.json"), bundle().toJson());
        Path keyFile = Files.write(dir.resolve("audit-v1.json"), publicKey(V1).toJson());
        Path whole = Files.writeString(dir.resolve("whole.note"), note(), StandardCharsets.UTF_8);
        Run held = run("verify", bundleFile.toString(), "--key", keyFile.toString(), "--previous-checkpoint",
                whole.toString());
        assertThat(held.exitCode()).isZero();
        assertThat(held.out()).isEqualTo(VERIFY_OUTPUT + "\n");

        Path body = Files.writeString(dir.resolve("body.note"), CHECKPOINT_BODY, StandardCharsets.UTF_8);
        Run malformed = run("verify", bundleFile.toString(), "--key", keyFile.toString(), "--previous-checkpoint",
                body.toString());
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.out()).isEqualTo(HELD_BODY_OUTPUT + "\n");
        assertThat(malformed.err()).isEmpty();

        Path missing = dir.resolve("missing.note");
        Run unreadable = run("verify", bundleFile.toString(), "--key", keyFile.toString(), "--previous-checkpoint",
                missing.toString());
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.out()).isEmpty();
        assertThat(unreadable.err()).isEqualTo("error: cannot read " + missing + ": java.nio.file.NoSuchFileException: "
                + missing + "\n");
    }

    @Test
    void theExampleBundleAfterAByteOrderMarkIsMalformed(@TempDir Path dir) throws Exception {
        byte[] json = bundle().toJson();
        byte[] withBom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json);
        Path bundleFile = Files.write(dir.resolve("bundle.json"), withBom);
        Path keyFile = Files.write(dir.resolve("audit-v1.json"), publicKey(V1).toJson());
        Run run = run("verify", bundleFile.toString(), "--key", keyFile.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(BOM_OUTPUT.replace("bundle.json", bundleFile.toString()) + "\n");
        // without the mark, and with white space instead, it verifies
        Files.write(bundleFile, concat("\n \t\r".getBytes(StandardCharsets.US_ASCII), json));
        assertThat(run("verify", bundleFile.toString(), "--key", keyFile.toString()).out()).isEqualTo(VERIFY_OUTPUT + "\n");
    }

    @Test
    void whatVerifyPrintsFromTheBundleIsEscaped(@TempDir Path dir) throws Exception {
        AuditBundle b = bundle();
        String entry = ENTRIES.get(0).replaceFirst("^\\{", "{\"\\\\u001b[2J\":1,");
        assertThat(entry).startsWith("{\"\\u001b[2J\":1,\"action\":");
        byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
        assertThat(CanonicalJson.canonicalize(bytes)).isEqualTo(bytes);
        assertThatThrownBy(() -> AuditEntry.parse(bytes)).hasMessage("unknown entry member '\u001b[2J'");
        AuditBundle odd = new AuditBundle(b.origin(), b.scope(), b.keys(),
                List.of(new SignedEntry(bytes, b.entries().get(0).signature()), b.entries().get(1)), b.checkpoints(),
                b.consistencyProofs(), b.inclusionProofs());
        assertFails(dir, odd, ESCAPED_OUTPUT, publicKey(V1));
        assertThat(ESCAPED_OUTPUT).doesNotContain("\u001b");
    }

    @Test
    void aSurplusEntryIsFoundAgainstTheScopesCount(@TempDir Path dir) throws Exception {
        AuditBundle b = bundle();
        AuditBundle surplus = new AuditBundle(b.origin(), new BundleScope.Range(0, 0), b.keys(), b.entries(),
                b.checkpoints(), b.consistencyProofs(), b.inclusionProofs());
        assertThat(new String(surplus.toJson(), StandardCharsets.UTF_8)).contains("\"scope\":{\"kind\":\"range\",\"from\":0,\"to\":0}");
        assertFails(dir, surplus, SURPLUS_OUTPUT, publicKey(V1));
        // the surplus is found before anything about the surplus entry itself: even a malformed one
        List<SignedEntry> malformedSurplus = List.of(b.entries().get(0),
                new SignedEntry("{}".getBytes(StandardCharsets.UTF_8), b.entries().get(1).signature()));
        assertFails(dir, new AuditBundle(b.origin(), new BundleScope.Range(0, 0), b.keys(), malformedSurplus,
                b.checkpoints(), b.consistencyProofs(), b.inclusionProofs()), SURPLUS_OUTPUT, publicKey(V1));
    }

    @Test
    void anIncidentBundleExemptsWellShapedRotationsOnly(@TempDir Path dir) throws Exception {
        AuditBundle b = bundle();
        byte[] rotationSignature = V1.signEntry(AuditEntry.signedMessage(rotationEntry().hash()));
        SignedEntry rotation = SignedEntry.of(rotationEntry(), rotationSignature);
        AuditBundle exempt = new AuditBundle(b.origin(), new BundleScope.Incident(INCIDENT), b.keys(), List.of(rotation),
                b.checkpoints(), b.consistencyProofs(), b.inclusionProofs());
        assertThat(new String(exempt.toJson(), StandardCharsets.UTF_8)).contains("\"scope\":" + INCIDENT_SCOPE + ",");
        assertFails(dir, exempt, EXEMPT_ROTATION_OUTPUT, publicKey(V1));

        byte[] misshapen = ROTATION_ENTRY.replace("\"type\":\"signing-key\"", "\"type\":\"signing-keys\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(AuditEntry.parse(misshapen).targets().get(0).type()).isEqualTo("signing-keys");
        AuditBundle notExempt = new AuditBundle(b.origin(), new BundleScope.Incident(INCIDENT), b.keys(),
                List.of(new SignedEntry(misshapen, rotationSignature)), b.checkpoints(), b.consistencyProofs(),
                b.inclusionProofs());
        assertFails(dir, notExempt, MISSHAPEN_ROTATION_OUTPUT, publicKey(V1));
    }

    @Test
    void theFirstSignatureLineNamingATrustedKeyIdChoosesTheKey(@TempDir Path dir) throws Exception {
        assertThat(String.format("%08x", NoteKey.keyId("audit-v2", SignatureType.ED25519, V2.ed25519PublicKey())))
                .isEqualTo(V2_ED25519_NOTE_KEY_ID);
        assertThat(String.format("%08x", NoteKey.keyId("audit-v2-mldsa65", SignatureType.ML_DSA_65,
                V2.mlDsa65PublicKey()))).isEqualTo(V2_ML_DSA_65_NOTE_KEY_ID);
        String v2Signed = new String(SignedNote.sign(CHECKPOINT_BODY, List.of(V2.ed25519NoteSigner())).toBytes(),
                StandardCharsets.UTF_8);
        assertThat(v2Signed).isEqualTo(CHECKPOINT_BODY + "\n" + CHECKPOINT_V2_ED25519_LINE);
        String lines = note().substring(CHECKPOINT_BODY.length() + 1);

        AuditBundle v2First = withCheckpoint(CHECKPOINT_BODY + "\n" + CHECKPOINT_V2_ED25519_LINE + lines);
        assertFails(dir, v2First, FIRST_LINE_CHOOSES_OUTPUT, publicKey(V1), publicKey(V2));

        AuditBundle v2Last = withCheckpoint(CHECKPOINT_BODY + "\n" + lines + CHECKPOINT_V2_ED25519_LINE);
        Run run = run(verifyArgs(dir, v2Last, publicKey(V1), publicKey(V2)));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(VERIFY_OUTPUT + "\n");
        assertThat(run.err()).isEmpty();
    }

    private static AuditBundle withCheckpoint(String note) {
        AuditBundle b = bundle();
        return new AuditBundle(b.origin(), b.scope(), b.keys(), b.entries(), List.of(note), b.consistencyProofs(),
                b.inclusionProofs());
    }

    /** verify, run on {@code bundle} with the given keys pinned, exits with 1 and prints {@code output}. */
    private static void assertFails(Path dir, AuditBundle bundle, String output, AuditPublicKey... pinned)
            throws IOException {
        Run run = run(verifyArgs(dir, bundle, pinned));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(output + "\n");
        assertThat(run.err()).isEmpty();
    }

    private static String[] verifyArgs(Path dir, AuditBundle bundle, AuditPublicKey... pinned) throws IOException {
        List<String> args = new ArrayList<>(List.of("verify",
                Files.write(Files.createTempFile(dir, "bundle", ".json"), bundle.toJson()).toString()));
        for (AuditPublicKey key : pinned) {
            args.add("--key");
            args.add(Files.write(Files.createTempFile(dir, key.keyId(), ".json"), key.toJson()).toString());
        }
        return args.toArray(String[]::new);
    }

    @Test
    void theDocumentCarriesExactlyTheseValues() throws IOException {
        String doc = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
        List<String> values = new ArrayList<>(List.of(V1_ED25519_SEED, V1_ML_DSA_65_SEED, V2_ED25519_SEED,
                V2_ML_DSA_65_SEED, COMMITMENT, V1_ED25519_PUBLIC_KEY, V1_ML_DSA_65_PUBLIC_KEY_SHA256, V1_COMMITMENT,
                V1_ED25519_NOTE_KEY_ID, V1_ML_DSA_65_NOTE_KEY_ID, V2_ED25519_PUBLIC_KEY, V2_ML_DSA_65_PUBLIC_KEY_SHA256,
                V2_COMMITMENT, SIGNATURE_CONTEXT_HEX, ROTATION_ENTRY, ROTATION_HASH, ROTATION_SIGNATURE, ROOT_2, ROOT_3,
                ROOT_3_BASE64, CHECKPOINT_BODY, CHECKPOINT_ED25519_LINE, CHECKPOINT_NOTE_SHA256, CANONICAL_INPUT,
                BUNDLE_SHA256, VERIFY_OUTPUT, SELF_TRUST_WARNING, HELD_BODY_OUTPUT, V2_ED25519_NOTE_KEY_ID,
                V2_ML_DSA_65_NOTE_KEY_ID));
        assertThat(doc).contains("```\n" + BOM_OUTPUT + "\n```\n").contains("```\n" + ESCAPED_OUTPUT + "\n```\n")
                .contains("with `{\"\\u001b[2J\":1,\"action\":…` as the entry's");
        for (String block : List.of(SURPLUS_OUTPUT, EXEMPT_ROTATION_OUTPUT, MISSHAPEN_ROTATION_OUTPUT,
                CHECKPOINT_V2_ED25519_LINE.strip(), FIRST_LINE_CHOOSES_OUTPUT)) {
            assertThat(doc).as("docs/audit-format.md should show %s as a block", block)
                    .contains("  ```\n  " + block + "\n  ```\n");
        }
        assertThat(doc).contains("With the scope `{\"kind\":\"range\",\"from\":0,\"to\":0}`")
                .contains("With the scope `" + INCIDENT_SCOPE + "`")
                .contains("target type changed to `signing-keys`");
        values.addAll(ENTRIES);
        values.addAll(HASHES);
        values.addAll(SIGNATURES);
        values.addAll(INCLUSION_0_IN_2);
        values.addAll(INCLUSION_1_IN_3);
        values.add(CANONICAL_OUTPUT_HEX);
        for (String value : values) {
            assertThat(doc.contains(value)).as("docs/audit-format.md should contain %s", value).isTrue();
        }
        for (String block : List.of(READ_WITH_COMMITMENT, CHANGE_WITHOUT_COMMITMENT)) {
            assertThat(doc).as("docs/audit-format.md should show %s as a block", block).contains("```\n" + block + "\n```\n");
        }
        assertThat(doc).contains("rejects it with `" + READ_WITH_COMMITMENT_REASON + "`")
                .contains("is rejected with `" + CHANGE_WITHOUT_COMMITMENT_REASON + "`");
        String bundle = "```json\n" + new String(bundle().toJson(), StandardCharsets.UTF_8) + "```\n";
        assertThat(doc.contains(bundle)).as("docs/audit-format.md should contain the example bundle, byte for byte")
                .isTrue();
        // the file hashed is the block's lines, each followed by one LF: the block's text and one LF more
        int start = doc.indexOf("```json\n{\"format\":\"evidence-vault-audit-bundle/1\"") + "```json\n".length();
        String block = doc.substring(start, doc.indexOf("\n```\n", start));
        byte[] file = (block + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(file).hasSize(BUNDLE_BYTES);
        assertThat(HEX.formatHex(sha256(file))).isEqualTo(BUNDLE_SHA256);
        assertThat(doc).contains(BUNDLE_BYTES_TEXT).contains("SHA-256 of the file, those 8,706 bytes:\n`" + BUNDLE_SHA256 + "`");
    }

    // ---- how the vectors are built -----------------------------------------------------------------------

    private static AuditSigningKey key(int version, String ed25519Seed, String mlDsa65Seed) {
        return new AuditSigningKey("audit", version,
                Ed25519Keys.fromPrivateKey(SecretBytes.copyOf(HEX.parseHex(ed25519Seed))),
                MlDsa65Keys.fromPrivateKey(SecretBytes.copyOf(HEX.parseHex(mlDsa65Seed)), ZERO_RND));
    }

    private static AuditPublicKey publicKey(AuditSigningKey key) {
        return new AuditPublicKey(key.keyId(), key.ed25519PublicKey(), key.mlDsa65PublicKey());
    }

    /** seq 0: a change (genesis prev); seq 1: a read of the same incident; seq 2: the export of 0..1, recorded first. */
    private static List<AuditEntry> entries() {
        AuditEntry e0 = new AuditEntry(0, "2026-11-29T03:15:00.000Z", "officer", "PROTECTION_OFFICER", "CHANGE",
                "incident.register", List.of(new AuditEntry.Target("incident", INCIDENT, 1L)), COMMITMENT,
                AuditEntry.GENESIS_PREV, V1.keyId());
        AuditEntry e1 = new AuditEntry(1, "2026-11-29T03:15:01.250Z", "rapporteur", "RAPPORTEUR", "READ",
                "incident.read", List.of(new AuditEntry.Target("incident", INCIDENT, null)), null, e0.hashHex(),
                V1.keyId());
        AuditEntry e2 = new AuditEntry(2, "2026-11-29T03:15:02.500Z", "auditor", "AUDITOR", "ADMIN",
                "audit.export", List.of(new AuditEntry.Target("audit-range", "0..1", null)), null, e1.hashHex(),
                V1.keyId());
        return List.of(e0, e1, e2);
    }

    /** What seq 3 would be if the vault restarted with audit-v2 active: signed by audit-v1. */
    private static AuditEntry rotationEntry() {
        return new AuditEntry(3, "2026-11-29T03:16:00.000Z", "system", "SYSTEM", "KEY", KeyRotation.ACTION,
                List.of(new AuditEntry.Target(KeyRotation.TARGET_TYPE, V2.keyId(), null)), publicKey(V2).commitment(),
                entries().get(2).hashHex(), V1.keyId());
    }

    private static LeafHashes leaves() {
        return LeafHashes.of(entries().stream().map(AuditEntry::hash).toList());
    }

    private static Checkpoint checkpoint() {
        return new Checkpoint(ORIGIN, 3, MerkleTree.root(leaves(), 3), List.of("time " + CHECKPOINT_TIME));
    }

    private static String note() {
        return new String(checkpoint().sign(List.of(V1.ed25519NoteSigner(), V1.mlDsa65NoteSigner())).toBytes(),
                StandardCharsets.UTF_8);
    }

    /** What the vault exports for from=0&to=1 when the export itself is seq 2: the latest checkpoint has size 3. */
    private static AuditBundle bundle() {
        List<SignedEntry> signed = entries().subList(0, 2).stream()
                .map(e -> SignedEntry.of(e, V1.signEntry(AuditEntry.signedMessage(e.hash())))).toList();
        return new AuditBundle(ORIGIN, new BundleScope.Range(0, 1), List.of(publicKey(V1)), signed, List.of(note()),
                List.of(), List.of(new InclusionProof(1, 3, MerkleTree.inclusionProof(leaves(), 1, 3))));
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = VaultCommandLine.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(BASE64::encodeToString).toList();
    }

    private static List<byte[]> decode(List<String> hashes) {
        return hashes.stream().map(Base64.getDecoder()::decode).toList();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
