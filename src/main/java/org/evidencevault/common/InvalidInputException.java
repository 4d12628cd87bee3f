package org.evidencevault.common;

import java.util.List;

/** Thrown by domain types when input breaks one or more rules; maps to a 400/422 problem. */
public class InvalidInputException extends RuntimeException {

    private final transient List<RuleViolation> violations;

    public InvalidInputException(List<RuleViolation> violations) {
        super(summary(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid input needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String rule, String message) {
        this(List.of(new RuleViolation(field, rule, message)));
    }

    public List<RuleViolation> violations() {
        return violations;
    }

    /** The same violations, their fields placed under {@code prefix}. */
    public InvalidInputException under(String prefix) {
        return new InvalidInputException(RuleViolation.under(prefix, violations));
    }

    private static String summary(List<RuleViolation> violations) {
        return violations.stream().map(v -> v.field() + ": " + v.rule()).reduce((a, b) -> a + "; " + b).orElse("");
    }
}
