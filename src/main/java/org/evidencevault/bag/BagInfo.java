package org.evidencevault.bag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Label: value} lines of {@code bag-info.txt} (RFC 8493 §2.2.2), also the shape of {@code bagit.txt}:
 * the writer's checks of the labels it is given and the text it writes, and the verifier's lenient reading
 * (continuation lines folded in, surrounding whitespace trimmed).
 */
final class BagInfo {

    static final String BAGGING_DATE = "Bagging-Date";
    static final String PAYLOAD_OXUM = "Payload-Oxum";

    /** RFC 8493 §2.2.2: these labels must not be repeated. */
    static final Set<String> UNREPEATABLE = Set.of(BAGGING_DATE, "Bag-Size", PAYLOAD_OXUM, "Bag-Group-Identifier",
            "Bag-Count");

    private BagInfo() {
    }

    /** A copy of the caller's labels, or an {@link IllegalArgumentException} saying which rule one breaks. */
    static List<Map.Entry<String, String>> checked(List<Map.Entry<String, String>> given) {
        if (given == null) {
            throw new IllegalArgumentException("bag-info is missing");
        }
        List<Map.Entry<String, String>> copy = new ArrayList<>(given.size());
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> field : given) {
            if (field == null || field.getKey() == null || field.getValue() == null) {
                throw new IllegalArgumentException("bag-info label or value is missing");
            }
            checkLabel(field.getKey());
            checkValue(field.getKey(), field.getValue());
            if (!seen.add(field.getKey()) && UNREPEATABLE.contains(field.getKey())) {
                throw new IllegalArgumentException("bag-info label " + field.getKey() + " must not repeat");
            }
            copy.add(Map.entry(field.getKey(), field.getValue()));
        }
        return copy;
    }

    private static void checkLabel(String label) {
        if (label.isEmpty()) {
            throw new IllegalArgumentException("bag-info label is empty");
        }
        if (label.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bag-info label must not contain ':'");
        }
        if (!label.strip().equals(label)) {
            throw new IllegalArgumentException("bag-info label must not start or end with whitespace");
        }
        if (BagPaths.hasControlCharacter(label)) {
            throw new IllegalArgumentException("bag-info label must not contain control characters");
        }
        if (label.equalsIgnoreCase(PAYLOAD_OXUM)) {
            throw new IllegalArgumentException("Payload-Oxum is computed by the writer");
        }
    }

    private static void checkValue(String label, String value) {
        if (value.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
            throw new IllegalArgumentException("bag-info value must not contain line breaks or control characters");
        }
        if (label.equals(BAGGING_DATE)) {
            try {
                LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Bagging-Date must be YYYY-MM-DD");
            }
        }
    }

    /** The caller's labels in order, then {@code Bagging-Date} unless given, then the computed {@code Payload-Oxum}. */
    static byte[] format(List<Map.Entry<String, String>> fields, LocalDate today, long octets, long streams) {
        StringBuilder text = new StringBuilder();
        fields.forEach(field -> line(text, field.getKey(), field.getValue()));
        if (fields.stream().noneMatch(field -> field.getKey().equals(BAGGING_DATE))) {
            line(text, BAGGING_DATE, today.toString());
        }
        line(text, PAYLOAD_OXUM, octets + "." + streams);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(label).append(':');
        if (!value.isEmpty()) {
            text.append(' ').append(value);
        }
        text.append('\n');
    }

    /**
     * The fields of a {@code Label: value} tag file in order, repeats kept; a line indented by a space or a tab
     * continues the value before it. Each line that is neither is reported against {@code file} and skipped.
     */
    static List<Map.Entry<String, String>> parse(TagLines lines, String file, Problems problems)
            throws IOException, TagFileException {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        String label = null;
        StringBuilder value = new StringBuilder();
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isBlank()) {
                continue;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            int colon = line.indexOf(':');
            if (continuation && label != null) {
                value.append(' ').append(line.strip());
            } else if (continuation || colon <= 0) {
                problems.about(file, file + ": line " + lines.lineNumber() + " is malformed");
            } else {
                addField(fields, label, value);
                label = line.substring(0, colon).strip();
                value.setLength(0);
                value.append(line.substring(colon + 1).strip());
            }
        }
        addField(fields, label, value);
        return fields;
    }

    private static void addField(List<Map.Entry<String, String>> fields, String label, StringBuilder value) {
        if (label != null) {
            fields.add(Map.entry(label, value.toString().strip()));
        }
    }
}
