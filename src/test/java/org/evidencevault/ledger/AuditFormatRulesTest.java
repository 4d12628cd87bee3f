package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.MlDsa65Keys;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules of docs/audit-format.md that an independent verifier must follow exactly, each checked against the
 * reference implementation and against the document's text: the order of the verification steps, and
 * (further down) the reasons and orders the document lists. {@link AuditFormatVectorsTest} holds the numeric
 * test vectors.
 */
class AuditFormatRulesTest {

    private static final Path DOCUMENT = Path.of("docs", "audit-format.md");

    @Test
    void theVerificationStepsAreLetteredInOrder() throws IOException {
        String doc = document();
        String algorithm = doc.substring(doc.indexOf("## Verification algorithm"));
        Matcher step = Pattern.compile("\\*\\*\\(([a-z])\\) ([A-Z][a-z]+)").matcher(algorithm);
        List<String> steps = new ArrayList<>();
        while (step.find()) {
            steps.add(step.group(1) + " " + step.group(2));
        }
        assertThat(steps).containsExactly("a Keys", "b Entries", "c Checkpoints", "d Entries", "e Cosignatures", "f Report");
        assertThat(doc).contains("(\"Verification algorithm\", steps (a) and (b))")
                .contains("that passes every check of (b) makes its new key trusted");
    }

    /**
     * Trusted key ids are tried in increasing order for each signature line, comparing key names only: a line
     * named {@code audit-v1-mldsa65} chooses {@code audit-v1} over a trusted key id {@code audit-v1-mldsa65}.
     */
    @Test
    void trustedKeyIdsAreTriedInSortedOrderForEachLine() throws Exception {
        SecureRandom random = new SecureRandom();
        Ed25519Keys otherEd25519 = Ed25519Keys.generate(random);
        MlDsa65Keys otherMlDsa65 = MlDsa65Keys.generate(random);
        String prefixed = "audit-v1" + AuditPublicKey.ML_DSA_65_NAME_SUFFIX;
        AuditPublicKey other = new AuditPublicKey(prefixed, otherEd25519.publicKey(), otherMlDsa65.publicKey());
        SignedChain chain = SignedChain.of(3);
        Checkpoint checkpoint = new Checkpoint(SignedChain.ORIGIN, 3, chain.root(3));
        String byOther = new String(checkpoint.sign(List.of(otherEd25519.noteSigner(prefixed),
                otherMlDsa65.noteSigner(other.mlDsa65KeyName()))).toBytes(), StandardCharsets.UTF_8);
        TrustPolicy both = TrustPolicy.pinning(List.of(other, SignedChain.publicKey(SignedChain.V1)));

        AuditBundle signedByOther = new AuditBundle(SignedChain.ORIGIN, new BundleScope.Range(0, 2), List.of(),
                chain.signedEntries(), List.of(byOther), List.of(), List.of());
        assertThatThrownBy(() -> SignedChain.VERIFIER.verify(signedByOther, both))
                .isInstanceOf(VerificationFailure.class)
                .hasMessage("checkpoint 1 does not verify: note has no signature from a trusted key (it has 2 from "
                        + "unknown keys)");
        // the same note opens when audit-v1-mldsa65 is the only trusted key id
        KeyTrust otherOnly = KeyTrust.of(List.of(other), List.of());
        CheckpointChain chainOfOther = new CheckpointChain(SignedChain.ORIGIN, otherOnly, new BundleProofs(signedByOther),
                Ed25519Keys.noteVerifier(), MlDsa65Keys.noteVerifier());
        assertThat(chainOfOther.openAll(List.of(byOther))).containsExactly(checkpoint);
        assertThat(otherOnly.used()).containsExactly(prefixed);

        assertThat(document()).contains("a line named `audit-v1-mldsa65` then chooses `audit-v1`");
    }

    /** Entry seq 1 of the test vectors: a valid READ entry, which each case below breaks in one way. */
    private static final String READ = AuditFormatVectorsTest.ENTRIES.get(1);
    private static final String HIGH_SURROGATE_ESCAPE = "\\" + "ud800";

    /** Every reason AuditEntry.parse gives, as docs/audit-format.md lists it, with an entry that gets it. */
    static Stream<Arguments> malformedEntries() {
        String deep = "[".repeat(65) + "]".repeat(65);
        return Stream.of(
                Arguments.of("JSON is not valid UTF-8", bytes(READ.replace("rapporteur", "rapp\u00e9")), "\u00e9 in Latin-1"),
                Arguments.of("not strict JSON: <the parser's message>", utf8("{\"seq\":1,\"seq\":1}"), "repeated name"),
                Arguments.of("not strict JSON: <the parser's message>", utf8(READ + " x"), "trailing content"),
                Arguments.of("JSON document is empty", utf8(" "), "white space only"),
                Arguments.of("string at <path> has a lone surrogate U+<XXXX> at index <i>",
                        utf8(READ.replace("\"rapporteur\"", "\"rap" + HIGH_SURROGATE_ESCAPE + "\"")), "/actor"),
                Arguments.of("number at <path> is not an integer: the audit format allows only integers within ±(2^53−1)",
                        utf8(READ.replace("\"seq\":1", "\"seq\":1.5")), "/seq"),
                Arguments.of("integer at <path> is outside ±(2^53−1), the range JSON numbers hold exactly",
                        utf8(READ.replace("\"seq\":1", "\"seq\":9007199254740992")), "/seq"),
                Arguments.of("JSON nests deeper than 64 levels at <path>", utf8(deep), "65 arrays"),
                Arguments.of("an entry is a JSON object", utf8("[]"), "an array"),
                Arguments.of("unknown entry member '<name>'", utf8(READ.replace("\"v\":1", "\"v\":1,\"x\":1")), "x"),
                Arguments.of("entry format v must be 1", utf8(READ.replace("\"v\":1", "\"v\":2")), "v 2"),
                Arguments.of("targets must be an array", utf8(READ.replace("\"targets\":[", "\"targets\":7,\"t\":[")
                        .replace(",\"t\":[{\"id\":\"7c1e5f3a-2b4d-4e6f-8a9b-0c1d2e3f4a5b\",\"type\":\"incident\"}]", "")),
                        "a number"),
                Arguments.of("unknown target member '<name>'", utf8(READ.replace("\"type\":\"incident\"",
                        "\"type\":\"incident\",\"x\":1")), "x"),
                Arguments.of("target version must be an integer", utf8(READ.replace("\"type\":\"incident\"",
                        "\"type\":\"incident\",\"version\":\"1\"")), "a string"),
                Arguments.of("entry member '<name>' must be a string", utf8(READ.replace("\"type\":\"incident\"",
                        "\"type\":1")), "target type"),
                Arguments.of("entry member '<name>' must be a string", utf8(READ.replace("\"actor\":\"rapporteur\",",
                        "")), "actor missing"),
                Arguments.of("target type must be 1 to 200 characters", utf8(READ.replace("\"type\":\"incident\"",
                        "\"type\":\"\"")), "empty type"),
                Arguments.of("target id must be 1 to 200 characters", utf8(READ.replace(
                        "\"id\":\"7c1e5f3a-2b4d-4e6f-8a9b-0c1d2e3f4a5b\"", "\"id\":\"" + "x".repeat(201) + "\"")), "201 characters"),
                Arguments.of("target version must be 1 or more", utf8(READ.replace("\"type\":\"incident\"",
                        "\"type\":\"incident\",\"version\":0")), "version 0"),
                Arguments.of("seq must be an integer", utf8(READ.replace("\"seq\":1", "\"seq\":\"1\"")), "a string"),
                Arguments.of("seq out of range", utf8(READ.replace("\"seq\":1", "\"seq\":-1")), "-1"),
                Arguments.of("time must be UTC RFC 3339 with milliseconds, e.g. 2026-11-29T03:15:00.123Z",
                        utf8(READ.replace("2026-11-29T03:15:01.250Z", "2026-02-29T03:15:01.250Z")), "29 February 2026"),
                Arguments.of("actor must be 1 to 200 characters", utf8(READ.replace("\"rapporteur\"", "\"\"")), "empty"),
                Arguments.of("role must be 1 to 200 characters", utf8(READ.replace("\"RAPPORTEUR\"", "\"\"")), "empty"),
                Arguments.of("kind must be one of [CHANGE, READ, ADMIN, KEY, ACCESS]", utf8(READ.replace("\"READ\"", "\"read\"")),
                        "lower case"),
                Arguments.of("action must be 1 to 200 characters", utf8(READ.replace("\"incident.read\"", "\"\"")), "empty"),
                Arguments.of("at most 1000 targets", utf8(READ.replace("\"targets\":[{", "\"targets\":["
                        + "{\"id\":\"x\",\"type\":\"incident\"},".repeat(1000) + "{")), "1001 targets"),
                Arguments.of("commitment must be sha256:<64 hex>", utf8(READ.replace("\"keyId\"",
                        "\"commitment\":\"sha256:AB\",\"keyId\"")), "upper-case hex"),
                Arguments.of("a READ entry has no commitment", utf8(AuditFormatVectorsTest.READ_WITH_COMMITMENT), "READ"),
                Arguments.of("a ADMIN entry has no commitment", utf8(AuditFormatVectorsTest.ENTRIES.get(2).replace(
                        "\"keyId\"", "\"commitment\":\"" + AuditFormatVectorsTest.COMMITMENT + "\",\"keyId\"")), "ADMIN"),
                Arguments.of("a CHANGE entry needs a commitment", utf8(AuditFormatVectorsTest.CHANGE_WITHOUT_COMMITMENT),
                        "CHANGE"),
                Arguments.of("a KEY entry needs a commitment", utf8(AuditFormatVectorsTest.ROTATION_ENTRY.replaceFirst(
                        "\"commitment\":\"sha256:[0-9a-f]{64}\",", "")), "KEY"),
                Arguments.of("prev must be 64 lower-case hex characters", utf8(READ.replace("694f6548", "694F6548")),
                        "upper case"),
                Arguments.of("keyId must be 1 to 200 characters", utf8(READ.replace("\"audit-v1\"", "\"\"")), "empty"),
                Arguments.of("entry bytes are not in canonical form", utf8(READ.replace("\"seq\":1", "\"seq\": 1")),
                        "a space"),
                Arguments.of("not strict JSON: <the parser's message>", utf8("\ufeff" + READ), "a byte order mark"),
                Arguments.of("seq must be an integer", utf8(READ.replace("\"seq\":1", "\"seq\":1.0")), "1.0"));
    }

    @ParameterizedTest(name = "{0} ({2})")
    @MethodSource("malformedEntries")
    void everyMalformedEntryReasonIsListed(String reason, byte[] entry, String example) throws IOException {
        assertThatThrownBy(() -> AuditEntry.parse(entry)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).matches(pattern(reason)));
        assertThat(document()).contains("`" + reason + "`");
    }

    /** Every reason the bundle reader gives for an element of entries, with an element that gets it. */
    static Stream<Arguments> malformedEntryElements() {
        String signature = "\"signature\":\"" + "A".repeat(86) + "==\"";
        return Stream.of(
                Arguments.of("entries must be a JSON array", "{}", false),
                Arguments.of("entries[I] must be a JSON object", "[7]", false),
                Arguments.of("entries[I] has an unknown member '<name>'", "[{\"x\":1}]", false),
                Arguments.of("entries[I].entry must be a string", "[{\"entry\":7}]", false),
                Arguments.of("entries[I].entry must be 1 to 65536 characters", "[{\"entry\":\"\"}]", false),
                Arguments.of("entries[I].entry has a lone surrogate, which UTF-8 cannot encode",
                        "[{\"entry\":\"" + HIGH_SURROGATE_ESCAPE + "\"}]", false),
                Arguments.of("entries[I].entry is more than 65536 bytes", "[{\"entry\":\"" + "\u00e9".repeat(40_000) + "\","
                        + signature + "}]", false),
                Arguments.of("entries[I].signature must be a string", "[{\"entry\":\"x\",\"signature\":7}]", false),
                Arguments.of("entries[I].signature must be 1 to 88 characters",
                        "[{\"entry\":\"x\",\"signature\":\"" + "A".repeat(89) + "\"}]", false),
                Arguments.of("entries[I].signature must be canonical base64 of 64 bytes",
                        "[{\"entry\":\"x\",\"signature\":\"AAAA\"}]", false),
                Arguments.of("entries[I] has no 'entry' member", "[{" + signature + "}]", false),
                Arguments.of("entries[I] has no 'signature' member", "[{\"entry\":\"x\"}]", false),
                Arguments.of("bundle is not strict JSON: <the parser's message>",
                        "[{\"entry\":\"x\",\"entry\":\"y\"}]", false),
                Arguments.of("entries[I] must be a JSON object", "[{\"entry\":\"x\"," + signature + "},7]", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEntryElements")
    void everyMalformedEntryElementReasonIsListed(String reason, String entries, boolean second) throws IOException {
        String bundle = "{\"format\":\"evidence-vault-audit-bundle/1\",\"origin\":\"o\",\"scope\":{\"kind\":\"range\","
                + "\"from\":0,\"to\":0},\"keys\":[],\"entries\":" + entries + ",\"checkpoints\":[],"
                + "\"consistencyProofs\":[],\"inclusionProofs\":[]}";
        String expected = pattern(reason.replace("[I]", second ? "[1]" : "[0]"));
        assertThatThrownBy(() -> AuditBundle.parse(utf8(bundle))).isInstanceOf(MalformedBundleException.class)
                .satisfies(e -> assertThat(e.getMessage()).matches(expected));
        assertThat(document()).contains("- `" + reason + "`");
    }

    /** A reason as the document writes it, {@code <...>} standing for any text, as a regular expression. */
    private static String pattern(String reason) {
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = Pattern.compile("<[^>]+>").matcher(reason);
        int at = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(reason.substring(at, placeholder.start()))).append(".+");
            at = placeholder.end();
        }
        return regex.append(Pattern.quote(reason.substring(at))).toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What the document says verify escapes is what Printable escapes, and nothing else is. */
    @Test
    void verifyEscapesExactlyTheCharactersTheDocumentLists() throws IOException {
        String doc = document().replaceAll("\\s+", " ");
        assertThat(doc).contains("through `org.evidencevault.ledger.Printable.escape`. That writes a backslash as "
                + "`\\\\`, and each of these UTF-16 code units as `\\u` and four lower-case hex digits: U+0000 to U+001F, "
                + "U+007F to U+009F, the bidirectional controls U+061C, U+200E, U+200F, U+202A to U+202E and U+2066 to "
                + "U+2069, the separators U+2028 and U+2029, and a surrogate that is not part of a pair.");
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            boolean listed = c <= 0x1F || c >= 0x7F && c <= 0x9F || c == 0x061C || c == 0x200E || c == 0x200F
                    || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x2028 || c == 0x2029
                    || Character.isSurrogate(c);
            String one = String.valueOf(c);
            assertThat(Printable.escape(one)).as("U+%04X", (int) c)
                    .isEqualTo(c == '\\' ? "\\\\" : listed ? String.format("\\u%04x", (int) c) : one);
        }
        assertThat(Printable.escape("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    }

    static String document() throws IOException {
        return Files.readString(DOCUMENT, StandardCharsets.UTF_8);
    }
}
