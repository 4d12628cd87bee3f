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

    /** Identifying text (a name, a code, a reference): see {@link TextRules}. */
    public Checks identifying(String value, String field) {
        String problem = TextRules.identifyingProblem(value);
        return require(problem == null, field, TextRules.NOT_PLAIN, problem == null ? "" : problem);
    }

    /** Free text (a title, a note): see {@link TextRules}. */
    public Checks freeText(String value, String field) {
        String problem = TextRules.freeTextProblem(value);
        return require(problem == null, field, TextRules.FORBIDDEN, problem == null ? "" : problem);
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

    /**
     * The one way bad input is reported: builds a domain value from parts mapped first (their violations
     * collected here), and reports the parts' violations and the value's own all at once. A violation
     * already reported for a part (e.g. {@code mandates[0].code}) is not repeated by the "required" the
     * value reports for the part left null ({@code mandates[0]}).
     */
    public <T> T build(Supplier<T> value) {
        List<RuleViolation> mapped = List.copyOf(violations);
        T built;
        try {
            built = value.get();
        } catch (InvalidInputException e) {
            List<RuleViolation> all = new ArrayList<>(mapped);
            e.violations().stream().filter(v -> mapped.stream().noneMatch(m -> covers(m.field(), v.field()))).forEach(all::add);
            throw new InvalidInputException(all);
        }
        if (!mapped.isEmpty()) {
            throw new InvalidInputException(mapped);
        }
        return built;
    }

    /** Whether a violation at {@code inner} (e.g. {@code mandates[0].code}) already explains one at {@code outer}. */
    private static boolean covers(String inner, String outer) {
        return inner.equals(outer) || inner.startsWith(outer + ".") || inner.startsWith(outer + "[");
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
