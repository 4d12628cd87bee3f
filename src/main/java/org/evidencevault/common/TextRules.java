package org.evidencevault.common;

/**
 * Which characters text in the vault may hold. Two levels:
 * <ul>
 * <li><b>free text</b> (titles, notes, summaries, any string of any request): anything printable, with
 *     tab, line feed and carriage return; never other control characters (C0, DEL, C1), lone surrogates,
 *     noncharacters (U+FFFE, U+FFFF and the like), or the bidirectional embedding and override controls
 *     U+202A..U+202E that make text display in another order than it is stored ("Trojan Source"). The
 *     marks and isolates scripts need (U+200E, U+200F, U+061C, U+2066..U+2069) stay allowed;</li>
 * <li><b>identifying text</b> (names, acronyms, roles, addressee names, references, codes, contacts): also
 *     no tab or line break, no bidirectional control of any kind, no zero-width or invisible formatting
 *     character (U+200B..U+200D, U+2060..U+2064, U+FEFF, U+180E, U+00AD), and no leading or trailing white
 *     space, so that two names that display alike are the same string.</li>
 * </ul>
 * Checks name the field and the rule, never the offending text.
 */
public final class TextRules {

    /** Rule name for a character that free text may not hold. */
    public static final String FORBIDDEN = "forbidden-character";
    /** Rule name for a character that identifying text may not hold. */
    public static final String NOT_PLAIN = "plain-text";

    private TextRules() {
    }

    /** The first problem of {@code s} as free text, or null if it is acceptable. */
    public static String freeTextProblem(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (isNoncharacter(Character.toCodePoint(c, s.charAt(i + 1)))) {
                        return "must not contain noncharacters";
                    }
                    i++;
                    continue;
                }
                return "must not contain lone surrogates (the text is not valid Unicode)";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain lone surrogates (the text is not valid Unicode)";
            }
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                return "must not contain control characters";
            }
            if (c >= 0x202A && c <= 0x202E) {
                return "must not contain bidirectional embedding or override characters";
            }
            if (isNoncharacter(c)) {
                return "must not contain noncharacters";
            }
        }
        return null;
    }

    /**
     * The first problem of {@code s} as identifying text, or null if it is acceptable. Blank text is left
     * to the "required" rules of the field.
     */
    public static String identifyingProblem(String s) {
        String free = freeTextProblem(s);
        if (free != null || s == null || s.isBlank()) {
            return free;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                return "must be on one line, without tabs";
            }
            if (c == 0x200E || c == 0x200F || c == 0x061C || c >= 0x2066 && c <= 0x2069) {
                return "must not contain bidirectional control characters";
            }
            if (c >= 0x200B && c <= 0x200D || c >= 0x2060 && c <= 0x2064 || c == 0xFEFF || c == 0x180E || c == 0x00AD) {
                return "must not contain invisible characters (zero-width spaces, joiners, soft hyphens)";
            }
        }
        if (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isSpaceChar(s.charAt(0))
                || Character.isWhitespace(s.charAt(s.length() - 1)) || Character.isSpaceChar(s.charAt(s.length() - 1)))) {
            return "must not start or end with white space";
        }
        return null;
    }

    private static boolean isNoncharacter(int cp) {
        return cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
    }
}
