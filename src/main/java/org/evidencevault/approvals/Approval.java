package org.evidencevault.approvals;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.evidencevault.common.ApprovalException;
import org.evidencevault.common.Checks;
import org.evidencevault.crypto.Digests;
import org.evidencevault.ledger.CanonicalJson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request for a second person's approval of one exact act, and what became of it. The rules: a reason is
 * given; the request is decided once, by someone other than the requester, before it expires; an approval is
 * used once, by the requester, for exactly the act it names (same act, record, version: the request hash), before
 * it expires.
 *
 * @param subject     the record the act is done to, and the version it must still have
 * @param team        the case team of that record (who may decide)
 * @param requestHash SHA-256 (hex) of the canonical JSON of act, subject and requester: what the approval binds
 */
public record Approval(ApprovalId id, long version, ApprovableAct act, Subject subject, String team, String requestedBy,
                       String reason, Status status, String decidedBy, Instant requestedAt, Instant decidedAt, Instant expiresAt,
                       String requestHash) {

    /** What is stored; {@link #EXPIRED} is never stored, it is what a pending or granted request becomes after its time. */
    public enum Status { PENDING, GRANTED, REFUSED, USED, EXPIRED }

    /** The record an act is done to, and the version it is done from. */
    public record Subject(String type, String id, long version) {
        public Subject {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
        }
    }

    public static final int MAX_REASON = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A new request, pending until {@code now + ttl}. */
    public static Approval request(ApprovalId id, ApprovableAct act, Subject subject, String team, String requestedBy, String reason,
                                   Instant now, Duration ttl) {
        new Checks().requirePresent(reason, "reason").maxLength(reason, MAX_REASON, "reason").freeText(reason, "reason").throwIfAny();
        return new Approval(id, 1, act, subject, team, requestedBy, reason, Status.PENDING, null, now, null, now.plus(ttl),
                hashOf(act, subject, requestedBy));
    }

    /** The status as of {@code now}: a pending or granted request past its expiry is expired. */
    public Status statusAt(Instant now) {
        if ((status == Status.PENDING || status == Status.GRANTED) && !now.isBefore(expiresAt)) {
            return Status.EXPIRED;
        }
        return status;
    }

    /**
     * The decision of {@code approver}: granted or refused.
     *
     * @throws ApprovalException {@code four-eyes} if the approver is the requester, {@code approval-not-pending} if it
     *                           was decided already or expired
     */
    public Approval decide(String approver, boolean grant, Instant now) {
        if (statusAt(now) != Status.PENDING) {
            throw new ApprovalException("approval-not-pending", "this request was already decided, or it expired");
        }
        if (approver.equals(requestedBy)) {
            throw new ApprovalException("four-eyes", "a request must be decided by someone other than the person who made it");
        }
        return new Approval(id, version + 1, act, subject, team, requestedBy, reason, grant ? Status.GRANTED : Status.REFUSED,
                approver, requestedAt, now, expiresAt, requestHash);
    }

    /**
     * The approval used by {@code requester} for {@code act} on {@code subject}: returns the used version.
     *
     * @throws ApprovalException unless it was granted, has not expired or been used, and names exactly this act,
     *                           record, version and requester
     */
    public Approval use(String requester, ApprovableAct act, Subject subject, Instant now) {
        switch (statusAt(now)) {
            case PENDING -> throw new ApprovalException("approval-pending", "the approval has not been granted yet");
            case REFUSED -> throw new ApprovalException("approval-refused", "the approval was refused");
            case USED -> throw new ApprovalException("approval-used", "the approval was used already; each is used once");
            case EXPIRED -> throw new ApprovalException("approval-expired", "the approval expired; ask for a new one");
            case GRANTED -> { }
        }
        if (!hashOf(act, subject, requester).equals(requestHash)) {
            throw new ApprovalException("approval-mismatch",
                    "the approval is for another act, record, version or requester; it allows exactly what was asked for");
        }
        return new Approval(id, version + 1, act, subject, team, requestedBy, reason, Status.USED, decidedBy, requestedAt,
                decidedAt, expiresAt, requestHash);
    }

    /** SHA-256 (hex) of {@code {"act":..,"requestedBy":..,"target":{"id":..,"type":..,"version":..}}} in RFC 8785 form. */
    public static String hashOf(ApprovableAct act, Subject subject, String requestedBy) {
        ObjectNode target = JSON.createObjectNode().put("type", subject.type()).put("id", subject.id()).put("version", subject.version());
        ObjectNode request = JSON.createObjectNode().put("act", act.recordedAs()).put("requestedBy", requestedBy);
        request.set("target", target);
        return Digests.sha256Hex(CanonicalJson.canonicalize(request));
    }
}
