package org.evidencevault.web;

import java.util.List;
import org.evidencevault.common.RuleViolation;

/** A query parameter the endpoint does not define, or one whose value breaks a text rule: 400. */
public class InvalidParameterException extends RuntimeException {

    private final transient RuleViolation violation;

    public InvalidParameterException(String field, String rule, String message) {
        super(field + ": " + rule);
        this.violation = new RuleViolation(field, rule, message);
    }

    public List<RuleViolation> violations() {
        return List.of(violation);
    }
}
