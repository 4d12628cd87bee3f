package org.evidencevault.ledger;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) over Jackson trees, as UTF-8 bytes: object members sorted by
 * the UTF-16 code units of their names, no whitespace, strings escaped as RFC 8785 §3.2.2.2 says (only
 * {@code "}, {@code \} and controls below U+0020; {@code \b \t \n \f \r} short, others <code>&#92;u00xx</code>
 * lowercase), literals {@code true false null}.
 *
 * <p>Numbers: the audit format uses only integers and strings, so this implementation accepts a number only
 * if its exact value is an integer within ±(2^53−1) (RFC 8785 Appendix B, note 1) and writes it in decimal,
 * which is what ECMAScript's Number.prototype.toString gives for such values ({@code -0} and {@code 56.0}
 * become {@code 0} and {@code 56}). Fractions, larger magnitudes, NaN and infinities are rejected rather than
 * serialised: the ECMAScript shortest-round-trip algorithm for them is not implemented.
 *
 * <p>Lone surrogates are rejected (§3.2.2.2); trees deeper than {@value #MAX_DEPTH} levels too.
 */
public final class CanonicalJson {

    /** 2^53−1, the largest integer every IEEE-754 double consumer reads exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** Nesting limit: audit entries are shallow, and deeper input must not exhaust the stack. */
    public static final int MAX_DEPTH = 64;
    private static final int MAX_SAFE_DIGITS = 16;

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private CanonicalJson() {
    }

    /**
     * Parses strict UTF-8 JSON (duplicate keys and trailing content rejected; fractions read exactly, never
     * rounded) and checks that the result has a canonical form.
     */
    public static JsonNode parse(byte[] json) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw new CanonicalJsonException("JSON is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JacksonException e) {
            throw new CanonicalJsonException("not strict JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new CanonicalJsonException("JSON document is empty");
        }
        canonicalize(node);
        return node;
    }

    /** The canonical UTF-8 bytes of {@code json}. */
    public static byte[] canonicalize(byte[] json) {
        return canonicalize(parse(json));
    }

    /** The canonical UTF-8 bytes of {@code node}. */
    public static byte[] canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, "", 1);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, StringBuilder out, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CanonicalJsonException("JSON nests deeper than " + MAX_DEPTH + " levels at " + at(path));
        }
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out, path, depth);
            case ARRAY -> writeArray(node, out, path, depth);
            case STRING -> writeString(node.stringValue(), out, path);
            case NUMBER -> out.append(integer(node, path));
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new CanonicalJsonException(
                    "value at " + at(path) + " is " + node.getNodeType() + ", not JSON data");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out, String path, int depth) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        members.sort(Map.Entry.comparingByKey()); // String.compareTo compares UTF-16 code units
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            Map.Entry<String, JsonNode> member = members.get(i);
            String memberPath = path + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
            if (i > 0) {
                out.append(',');
            }
            writeString(member.getKey(), out, memberPath + " (name)");
            out.append(':');
            write(member.getValue(), out, memberPath, depth + 1);
        }
        out.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder out, String path, int depth) {
        out.append('[');
        int i = 0;
        for (JsonNode element : node.values()) {
            if (i > 0) {
                out.append(',');
            }
            write(element, out, path + "/" + i, depth + 1);
            i++;
        }
        out.append(']');
    }

    private static void writeString(String s, StringBuilder out, String path) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new CanonicalJsonException(String.format(
                                "string at %s has a lone surrogate U+%04X at index %d", at(path), (int) c, i));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String integer(JsonNode node, String path) {
        BigDecimal value;
        if (node.isIntegralNumber()) {
            value = new BigDecimal(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
            value = node.decimalValue();
        } else {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new CanonicalJsonException("number at " + at(path) + " is NaN or infinite, which JSON cannot hold");
            }
            value = new BigDecimal(d);
        }
        if (value.signum() == 0) {
            return "0";
        }
        if (value.precision() - value.scale() > MAX_SAFE_DIGITS) {
            throw outOfRange(path);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 0) {
            throw new CanonicalJsonException("number at " + at(path)
                    + " is not an integer: the audit format allows only integers within ±(2^53−1)");
        }
        long exact = stripped.longValueExact();
        if (Math.abs(exact) > MAX_SAFE_INTEGER) {
            throw outOfRange(path);
        }
        return Long.toString(exact);
    }

    private static CanonicalJsonException outOfRange(String path) {
        return new CanonicalJsonException("integer at " + at(path)
                + " is outside ±(2^53−1), the range JSON numbers hold exactly");
    }

    private static String at(String path) {
        return path.isEmpty() ? "the top level" : path;
    }
}
