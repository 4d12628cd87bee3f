package org.evidencevault.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects rule violations while a domain value is being built, so a client learns about every
 * broken rule at once instead of one per round trip.
 */
public final class Checks {

    private final List<RuleViolation> violations = new ArrayList<>();

    public Checks require(boolean condition, String field, String rule, String message) {
        if (!condition) {
            violations.add(new RuleViolation(field, rule, message));
        }
        return this;
    }

    public Checks requirePresent(Object value, String field) {
        return require(value != null && !(value instanceof String s && s.isBlank())
                && !(value instanceof Collection<?> c && c.isEmpty()), field, "required", "is required");
    }

    public Checks maxLength(String value, int max, String field) {
        return require(value == null || value.length() <= max, field, "max-length",
                "must be at most " + max + " characters");
    }

    /** Runs a nested construction and keeps its violations under {@code prefix}; returns null on failure. */
    public <T> T nested(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidInputException e) {
            violations.addAll(RuleViolation.under(prefix, e.violations()));
            return null;
        }
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
