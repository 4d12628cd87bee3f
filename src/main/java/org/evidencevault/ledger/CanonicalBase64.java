package org.evidencevault.ledger;

import java.util.Base64;

/** Standard base64 (RFC 4648 §4) with padding, accepted only in its one canonical spelling. */
final class CanonicalBase64 {

    private CanonicalBase64() {
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The bytes, or {@code null} if {@code text} is not canonical padded base64. */
    static byte[] decodeOrNull(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return encode(bytes).equals(text) ? bytes : null;
    }
}
