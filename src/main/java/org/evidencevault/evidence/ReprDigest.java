package org.evidencevault.evidence;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.evidencevault.common.InvalidInputException;

/**
 * The digests a submitter sends with the bytes (RFC 9530 {@code Repr-Digest}, e.g.
 * {@code sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:}): SHA-256 and/or SHA-512; other algorithms
 * are ignored, as the RFC says. Null fields: not sent.
 */
record ReprDigest(String sha256, String sha512) {

    static final String HEADER = "Repr-Digest";

    /** The header's digests, or null if there is no header. */
    static ReprDigest parse(String header) {
        if (header == null) {
            return null;
        }
        String sha256 = null;
        String sha512 = null;
        for (String member : header.split(",")) {
            int eq = member.indexOf('=');
            if (eq < 0) {
                throw invalid();
            }
            String algorithm = member.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = member.substring(eq + 1).trim();
            if (value.length() < 2 || value.charAt(0) != ':' || value.charAt(value.length() - 1) != ':') {
                throw invalid();
            }
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
            if (algorithm.equals("sha-256")) {
                if (digest.length != 32) {
                    throw invalid();
                }
                sha256 = HexFormat.of().formatHex(digest);
            } else if (algorithm.equals("sha-512")) {
                if (digest.length != 64) {
                    throw invalid();
                }
                sha512 = HexFormat.of().formatHex(digest);
            }
        }
        return sha256 == null && sha512 == null ? null : new ReprDigest(sha256, sha512);
    }

    boolean matches(String actualSha256, String actualSha512) {
        return (sha256 == null || sha256.equals(actualSha256)) && (sha512 == null || sha512.equals(actualSha512));
    }

    /** Both digests, the second taking precedence where both give one. */
    static ReprDigest merge(ReprDigest a, ReprDigest b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new ReprDigest(b.sha256 != null ? b.sha256 : a.sha256, b.sha512 != null ? b.sha512 : a.sha512);
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException(HEADER, "digest-format",
                "must be sha-256=:<base64 of 32 bytes>: and/or sha-512=:<base64 of 64 bytes>: (RFC 9530)");
    }
}
