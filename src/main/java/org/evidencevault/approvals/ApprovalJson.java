package org.evidencevault.approvals;

import java.time.Instant;

/**
 * An approval request as the API shows it: the act ({@code defender.erase}), its subject (record type, id and the
 * version the act is bound to), the case team, who asked and why, the status as of now (an expired request says
 * {@code EXPIRED}), who decided and when, the expiry and the request hash. Also the shape of the pages of lists.
 */
public record ApprovalJson(String id, long version, String act, Approval.Subject subject, String team, String requestedBy, String reason,
                           Approval.Status status, String decidedBy, Instant requestedAt, Instant decidedAt, Instant expiresAt,
                           String requestHash) {

    public static ApprovalJson of(Approval a, Instant now) {
        return new ApprovalJson(a.id().value(), a.version(), a.act().recordedAs(), a.subject(), a.team(), a.requestedBy(), a.reason(),
                a.statusAt(now), a.decidedBy(), a.requestedAt(), a.decidedAt(), a.expiresAt(), a.requestHash());
    }
}
