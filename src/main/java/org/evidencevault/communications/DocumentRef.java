package org.evidencevault.communications;

import java.util.Locale;
import java.util.regex.Pattern;
import org.evidencevault.common.Checks;

/**
 * A letter or reply document. There is no evidence module yet, so the vault does not hold the file: it
 * pins it by SHA-256 (rule 7: 64 hex characters, stored in lower case) and may note where it is
 * ({@code reference}: a URL, an archive number, later an evidence item id).
 */
public record DocumentRef(String sha256, String reference) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public DocumentRef {
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        new Checks()
                .requirePresent(sha256, "sha256")
                .require(sha256 == null || HEX64.matcher(sha256).matches(), "sha256", "sha256", "must be 64 hexadecimal characters")
                .maxLength(reference, 2000, "reference")
                .identifying(reference, "reference")
                .throwIfAny();
    }
}
