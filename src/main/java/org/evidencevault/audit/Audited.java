package org.evidencevault.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.evidencevault.common.Actor;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.ledger.AuditEntry;
import org.springframework.stereotype.Service;

/**
 * The one seam for state changes and sensitive reads.
 *
 * <p>A change is recorded first, as a signed entry in the hash chain that carries a commitment to the
 * encrypted change and (outside the signed part) the change itself; then it is applied. If the entry
 * cannot be written, nothing happens (fail closed). If the process dies after the entry, repair applies
 * the recorded change at the next start: there is never a change without its entry, and after repair
 * never an entry without its change. Only one change per (record, version) can be recorded, so a
 * concurrent revision of the same version is refused before anything is written.
 *
 * <p>A read of decrypted data is recorded before the data is decrypted.
 */
@Service
public class Audited {

    private final AuditAppender appender;
    private final StateApplier applier;
    private final AuditRepair repair;

    Audited(AuditAppender appender, StateApplier applier, AuditRepair repair) {
        this.appender = appender;
        this.applier = applier;
        this.repair = repair;
    }

    public <T> T change(Actor actor, String action, StateChange change, Supplier<T> result) {
        var payload = change.toPayload();
        List<AuditEntry.Target> targets = List.of(new AuditEntry.Target(change.target().type(), change.target().id(), change.version()));
        try {
            appender.append(new EntryDraft(actor, "CHANGE", action, targets, change.claim(), Commitments.of(payload), payload, null));
        } catch (ClaimConflictException e) {
            repair.repairClaim(e.claim());
            throw new StaleVersionException(change.target().type(), change.target().id(), change.version() - 1, change.version());
        } catch (AuditOutcomeUnknownException e) {
            throw new ChangePendingException(action, e);
        }
        try {
            applier.apply(change.ops());
        } catch (RuntimeException e) {
            throw new ChangePendingException(action, e);
        }
        return result.get();
    }

    public <T> T read(Actor actor, String action, List<Target> targets, Function<AuditedRead, T> work) {
        AppendedEntry entry = appender.append(EntryDraft.of(actor, "READ", action, entryTargets(targets), opClaim()));
        AuditedRead ticket = new AuditedRead(Long.toString(entry.seq()));
        try {
            return work.apply(ticket);
        } finally {
            ticket.close();
        }
    }

    /** Records an administrative action (key re-wrap, export) before it runs; fails closed. */
    public long record(Actor actor, String action, List<Target> targets) {
        return appender.append(EntryDraft.of(actor, "ADMIN", action, entryTargets(targets), opClaim())).seq();
    }

    private static List<AuditEntry.Target> entryTargets(List<Target> targets) {
        List<AuditEntry.Target> out = new ArrayList<>(targets.size());
        targets.forEach(t -> out.add(new AuditEntry.Target(t.type(), t.id(), null)));
        return out;
    }

    private static String opClaim() {
        return "op/" + UUID.randomUUID();
    }
}
