package org.evidencevault.ledger;

/** The key name rule of c2sp.org/signed-note: non-empty, no Unicode spaces, no '+' (U+002B), no controls. */
final class KeyName {

    private KeyName() {
    }

    static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(KeyName::isForbidden);
    }

    static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("key name must be non-empty, without spaces, '+' or control characters");
        }
        return name;
    }

    private static boolean isForbidden(int cp) {
        return cp == '+' || cp < 0x20 || cp == 0x85 || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
    }
}
