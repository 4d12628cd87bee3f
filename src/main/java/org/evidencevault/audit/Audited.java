package org.evidencevault.audit;

import java.util.List;
import java.util.function.Function;
import org.evidencevault.common.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The one seam for state changes and sensitive reads. The entry is written before the work runs, so
 * there is never a change or a decrypted read without its entry: if the entry cannot be written the
 * work does not run (fail closed). A change whose work then fails gets a second entry with outcome
 * FAILED pointing at the first.
 */
@Service
public class Audited {

    private static final Logger log = LoggerFactory.getLogger(Audited.class);

    private final AuditLog auditLog;

    Audited(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    public <T> T change(Actor actor, String action, Target target, Function<AuditedChange, T> work) {
        String entryId = append(actor, "CHANGE", action, List.of(target), "ATTEMPT", null);
        AuditedChange ticket = new AuditedChange(entryId);
        try {
            return work.apply(ticket);
        } catch (RuntimeException e) {
            recordFailure(actor, action, List.of(target), entryId, e);
            throw e;
        } finally {
            ticket.close();
        }
    }

    public <T> T read(Actor actor, String action, List<Target> targets, Function<AuditedRead, T> work) {
        String entryId = append(actor, "READ", action, targets, "ATTEMPT", null);
        AuditedRead ticket = new AuditedRead(entryId);
        try {
            return work.apply(ticket);
        } catch (RuntimeException e) {
            recordFailure(actor, action, targets, entryId, e);
            throw e;
        } finally {
            ticket.close();
        }
    }

    private String append(Actor actor, String kind, String action, List<Target> targets, String outcome, String relatesTo) {
        try {
            return auditLog.append(actor, kind, action, targets, outcome, relatesTo);
        } catch (RuntimeException e) {
            throw new AuditFailureException("audit entry for " + action + " could not be written; nothing was done", e);
        }
    }

    private void recordFailure(Actor actor, String action, List<Target> targets, String entryId, RuntimeException cause) {
        try {
            auditLog.append(actor, "OUTCOME", action, targets, "FAILED:" + cause.getClass().getSimpleName(), entryId);
        } catch (RuntimeException e) {
            log.error("audit: could not record the failure of entry {} ({})", entryId, e.getClass().getSimpleName());
        }
    }
}
