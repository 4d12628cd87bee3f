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
import org.junit.jupiter.api.Test;

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
        assertThat(steps).containsExactly("a Keys", "b Entries", "c Checkpoints", "d Entries", "e Report");
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

    static String document() throws IOException {
        return Files.readString(DOCUMENT, StandardCharsets.UTF_8);
    }
}
