package org.evidencevault.bag;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Comparator;
import java.util.Locale;

/**
 * The rules for paths inside a bag, shared by the writer (which refuses a bad path) and the verifier (which reports
 * one): the structural rules every relative path obeys, the stricter rules of paths this library writes, the RFC 8493
 * §2.1.3 percent-encoding of manifest paths, the case folding used to find paths that collide on a case-insensitive
 * file system, and the order of manifest lines.
 */
final class BagPaths {

    /** The most UTF-8 bytes of a path given to the writer. */
    static final int MAX_PATH_BYTES = 4096;

    /** Sorts by Unicode code point, which is the order of the UTF-8 bytes (what {@code LC_ALL=C sort} does). */
    static final Comparator<String> CODE_POINT_ORDER = BagPaths::compareCodePoints;

    private BagPaths() {
    }

    /**
     * Returns the path if the writer may write it, or throws {@link IllegalArgumentException} saying why not.
     * Besides the structural rules of {@link #structuralFlaw}: no control characters, well-formed Unicode, at most
     * {@value #MAX_PATH_BYTES} UTF-8 bytes.
     */
    static String checkWritable(String path) {
        if (path == null) {
            throw new IllegalArgumentException("path is missing");
        }
        String flaw = structuralFlaw(path);
        if (flaw == null) {
            flaw = contentFlaw(path);
        }
        if (flaw != null) {
            throw new IllegalArgumentException(flaw);
        }
        return path;
    }

    /** Why a relative path is unsafe to unpack or malformed (empty, absolute, backslash, empty or dot segment), or null. */
    static String structuralFlaw(String path) {
        if (path.isEmpty()) {
            return "path is empty";
        }
        if (path.startsWith("/")) {
            return "path must not start with '/'";
        }
        if (path.indexOf('\\') >= 0) {
            return "path must not contain a backslash";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "path has an empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "path must not have '.' or '..' segments";
            }
        }
        return null;
    }

    private static String contentFlaw(String path) {
        if (hasControlCharacter(path)) {
            return "path must not contain control characters";
        }
        byte[] utf8 = utf8(path);
        if (utf8 == null) {
            return "path is not well-formed Unicode";
        }
        if (utf8.length > MAX_PATH_BYTES) {
            return "path is longer than " + MAX_PATH_BYTES + " UTF-8 bytes";
        }
        return null;
    }

    static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** RFC 8493 §2.1.3: in a manifest line, CR, LF and '%' of a path are percent-encoded, and nothing else. */
    static String percentEncode(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '\r' -> out.append("%0D");
                case '\n' -> out.append("%0A");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Undoes {@link #percentEncode} (hex digits in either case); any other '%' is kept as it is. */
    static String percentDecode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char decoded = encoded.charAt(i) == '%' && i + 3 <= encoded.length()
                    ? decodedEscape(encoded.substring(i + 1, i + 3))
                    : 0;
            if (decoded != 0) {
                out.append(decoded);
                i += 3;
            } else {
                out.append(encoded.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static char decodedEscape(String hex) {
        return switch (hex.toUpperCase(Locale.ROOT)) {
            case "25" -> '%';
            case "0D" -> '\r';
            case "0A" -> '\n';
            default -> 0;
        };
    }

    /**
     * The key under which two paths collide on a case-insensitive (or normalisation-insensitive) file system:
     * NFC, then upper case, then lower case, so that e.g. "K" and the Kelvin sign, or "é" composed and decomposed,
     * fold together. Stricter than any one file system, which is the safe side.
     */
    static String fold(String path) {
        String nfc = Normalizer.normalize(path, Normalizer.Form.NFC);
        return nfc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
