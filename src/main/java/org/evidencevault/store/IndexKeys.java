package org.evidencevault.store;

import de.bwaldvogel.mongo.backend.Missing;
import java.time.Instant;
import java.util.Date;

/**
 * The order-preserving text form of index values, so one string key of an H2 map can hold a whole index entry
 * ({@code value, value, ..., position}) and a range of the map is exactly the entries with a given leading value.
 *
 * <p>Each value is self-delimiting and starts with a tag that orders types as MongoDB sorts them (null, numbers,
 * strings, booleans, dates): numbers as the 16 hex digits of an order-preserving transform of their double bits
 * (equal numbers of any type are one key, as MongoDB matches them), strings with {@code U+0000} escaped and a
 * terminator that sorts below every character, dates as seconds and nanoseconds. A value of any other type has no
 * form ({@link #encode} answers null): an index stores such entries under {@link #OTHER}, queries for such values are
 * not narrowed by an index, and an ordered walk that meets one falls back to sorting in memory.
 */
final class IndexKeys {

    /** The tag of an entry whose value has no ordered form (sorts after every other tag). */
    static final String OTHER = "~";

    private static final char NULL = '0';
    private static final char NUMBER = '1';
    private static final char STRING = '2';
    private static final char BOOLEAN = '8';
    private static final char DATE = '9';

    private IndexKeys() {
    }

    /** The ordered form of a (normalised) value, or null if it has none. */
    static String encode(Object value) {
        if (value == null || value instanceof Missing) {
            return String.valueOf(NULL);
        }
        if (value instanceof String s) {
            StringBuilder b = new StringBuilder(s.length() + 3).append(STRING);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                b.append(c);
                if (c == '\u0000') {
                    b.append('\uFFFF');
                }
            }
            return b.append('\u0000').append('\u0001').toString();
        }
        if (value instanceof Boolean bool) {
            return BOOLEAN + (bool ? "1" : "0");
        }
        if (value instanceof Double || value instanceof Integer || value instanceof Float || value instanceof Short
                || value instanceof Byte || (value instanceof Long l && l == (long) (double) l)) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return null;
            }
            if (d == 0.0) {
                d = 0.0; // -0.0 matches 0.0
            }
            long bits = Double.doubleToLongBits(d);
            bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
            return NUMBER + hex(bits, 16);
        }
        if (value instanceof Instant t) {
            return DATE + hex(t.getEpochSecond() ^ Long.MIN_VALUE, 16) + hex(t.getNano(), 8);
        }
        if (value instanceof Date d) {
            return encode(d.toInstant());
        }
        return null;
    }

    /** As {@link #encode}, with {@link #OTHER} (and, for positions, a unique text) for a value that has no form. */
    static String encodeOrOther(Object value) {
        String e = encode(value);
        return e != null ? e : OTHER + value.getClass().getSimpleName() + ":" + value + "\u0000\u0001";
    }

    /** The first key after every key that starts with {@code prefix} (no encoded value starts with U+FFFF). */
    static String upperBound(String prefix) {
        return prefix + '\uFFFF';
    }

    private static String hex(long v, int digits) {
        String h = Long.toHexString(v);
        return "0".repeat(digits - h.length()) + h;
    }
}
