package org.evidencevault.web;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.evidencevault.common.RuleViolation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns what Jackson refused into one rule violation: the JSON path of the field and a stable rule name
 * ({@code unknown-field}, {@code operator-key}, {@code duplicate-key}, {@code type}, {@code enum},
 * {@code required}, {@code json-syntax}, {@code forbidden-character}). The path holds only names the
 * vault's own request types define, and array indexes; a key the request made up is named only when it
 * looks like a field name (letters and digits), never a key that carries operators or other text.
 */
final class JsonErrors {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private JsonErrors() {
    }

    static RuleViolation describe(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String name = u.getPropertyName();
            String parent = path(e, true);
            if (name != null && (name.startsWith("$") || name.contains("."))) {
                return new RuleViolation(parent, "operator-key", "keys starting with '$' or containing '.' are not allowed");
            }
            String field = name != null && FIELD_NAME.matcher(name).matches()
                    ? (parent.equals("body") ? name : parent + "." + name) : parent;
            return new RuleViolation(field, "unknown-field", "is not a field of this request");
        }
        String field = path(e, false);
        if (e instanceof FreeTextStrings.ForbiddenTextException f) {
            return new RuleViolation(field, org.evidencevault.common.TextRules.FORBIDDEN, f.problem());
        }
        if (e instanceof InvalidNullException) {
            return new RuleViolation(field, "required", "must not be null");
        }
        if (e instanceof InvalidFormatException f) {
            Class<?> target = f.getTargetType();
            if (target != null && target.isEnum()) {
                return new RuleViolation(field, "enum", "must be one of " + Arrays.toString(target.getEnumConstants()));
            }
            return new RuleViolation(field, "type", "must be a valid " + simpleType(target));
        }
        if (e instanceof ValueInstantiationException) {
            return new RuleViolation(field, "invalid", "is not a valid value");
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            return new RuleViolation(field, "json-syntax", "the body is not well-formed JSON: nothing may follow the value");
        }
        if (e instanceof MismatchedInputException m) {
            return new RuleViolation(field, "type", "must be " + article(simpleType(m.getTargetType())));
        }
        if (e instanceof InputCoercionException c) {
            // a well-formed number too large for its field (e.g. 3000000000 for an int): a wrong value, not bad JSON
            return new RuleViolation(field, "type", "must be " + article(simpleType(c.getTargetType())) + " in range");
        }
        if (e instanceof StreamReadException) {
            // Jackson 2 said "Duplicate field 'x'", Jackson 3 says "Duplicate Object property \"x\""
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate ")
                    ? "duplicate-key" : "json-syntax";
            return new RuleViolation(field, why, why.equals("duplicate-key") ? "a key appears twice" : "the body is not well-formed JSON");
        }
        return new RuleViolation(field, "json", "cannot be read");
    }

    /**
     * The JSON path of the refused value. For an unknown key, the path of the object holding it (the
     * reference chain ends with the unknown key itself, which the caller names only if it is safe).
     */
    private static String path(JacksonException e, boolean parentOnly) {
        var refs = e.getPath();
        int end = parentOnly && !refs.isEmpty() ? refs.size() - 1 : refs.size();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < end; i++) {
            JacksonException.Reference r = refs.get(i);
            if (r.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                String name = r.getPropertyName();
                sb.append(FIELD_NAME.matcher(name).matches() ? name : "?");
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type == java.time.LocalDate.class) {
            return "date (YYYY-MM-DD)";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "object";
    }

    private static String article(String type) {
        return type.startsWith("one of") ? type : ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }
}
