package org.evidencevault.common;

/**
 * An act that needs a second person's approval was asked for without one that fits it exactly. {@link #rule()}
 * says which rule failed: {@code approval-required} (none given), {@code approval-pending}, {@code approval-refused},
 * {@code approval-expired}, {@code approval-used}, {@code approval-mismatch} (it approves another act, record,
 * version or requester), {@code four-eyes} (the requester cannot approve their own request), or
 * {@code approval-not-pending} (it was already decided). Messages name no value from the request.
 */
public class ApprovalException extends RuntimeException {
    private final String rule;

    public ApprovalException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
