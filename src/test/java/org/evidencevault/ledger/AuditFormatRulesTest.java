package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    static String document() throws IOException {
        return Files.readString(DOCUMENT, StandardCharsets.UTF_8);
    }
}
