package org.evidencevault.ledger;

/**
 * Text from a bundle (an incident id, a member name, a checkpoint line) made safe to print: every control
 * character (C0, DEL, C1) and every bidirectional control is written as {@code \\uXXXX}, and a backslash
 * as {@code \\\\}, so a carriage return or an ANSI escape sequence in a bundle can never make a FAIL line
 * display as something else on a terminal. Everything the verifier prints or serves goes through it.
 */
public final class Printable {

    private Printable() {
    }

    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\\'
                    || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069
                    || c == 0x200E || c == 0x200F || c == 0x061C || c == 0x2028 || c == 0x2029
                    || Character.isSurrogate(c) && !pairedSurrogate(s, i);
            if (unsafe && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (c == '\\') {
                    out.append("\\\\");
                } else if (unsafe) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
