package org.evidencevault.audit;

import java.util.ArrayList;
import java.util.List;
import org.evidencevault.common.Actor;
import org.springframework.stereotype.Component;

/**
 * Every refusal on the way to data is recorded: a role that does not allow the act ({@code 403}), a record the
 * caller may not reach, which is answered exactly like one that does not exist ({@code 404}, and recorded the
 * same way, so neither the answer nor its cost tells the two apart), an act that needs a step-up or an approval.
 * An {@code access.denied} entry names the endpoint (its pattern, never a value from the request), why, and the
 * record asked for when its id is one the vault could have made. Fails closed like every entry: a refusal that
 * cannot be recorded is answered 503.
 */
@Component
public class AccessRefusals {

    /** Why a request was refused, as recorded ({@code {"type": "refusal", "id": <reason>}}). */
    public enum Reason {
        PERMISSION("permission"), NOT_FOUND("not-found"), STEP_UP("step-up-required"), APPROVAL("approval-required");

        private final String recordedAs;

        Reason(String recordedAs) {
            this.recordedAs = recordedAs;
        }
    }

    private final Audited audited;

    AccessRefusals(Audited audited) {
        this.audited = audited;
    }

    /**
     * Records one refusal. {@code endpoint}: the method and path pattern, e.g. {@code DELETE /api/v1/defenders/{id}};
     * {@code detail}: the permission refused or the kind of record not found; {@code recordId}: a well-formed id
     * asked for, or null.
     */
    public void record(Actor actor, Reason reason, String endpoint, String detail, String recordId) {
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("refusal", reason.recordedAs));
        if (endpoint != null) {
            targets.add(new Target("endpoint", endpoint));
        }
        if (recordId != null && detail != null) {
            targets.add(new Target(detail, recordId));
        } else if (detail != null) {
            targets.add(new Target(switch (reason) {
                case PERMISSION -> "permission";
                case APPROVAL -> "rule";
                default -> "kind";
            }, detail));
        }
        audited.access(actor, Action.ACCESS_DENIED, targets);
    }
}
