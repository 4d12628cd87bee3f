package org.evidencevault.common;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule: the field it concerns (a JSON path such as {@code infectionEvents[0].date}),
 * a stable rule name clients can switch on, and a human message. Messages never quote the
 * rejected value, so sensitive input cannot leak into error bodies or logs.
 */
public record RuleViolation(String field, String rule, String message) {

    public RuleViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    public RuleViolation under(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        String joined = field.isEmpty() ? prefix : field.startsWith("[") ? prefix + field : prefix + "." + field;
        return new RuleViolation(joined, rule, message);
    }

    public static List<RuleViolation> under(String prefix, List<RuleViolation> violations) {
        return violations.stream().map(v -> v.under(prefix)).toList();
    }
}
