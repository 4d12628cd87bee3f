package org.evidencevault.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.evidencevault.common.Actor;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.EntryKind;
import org.springframework.stereotype.Service;

/**
 * The one seam for state changes and sensitive reads.
 *
 * <p>A change is recorded first, as a signed entry in the hash chain that carries a commitment to the
 * encrypted change and (outside the signed part) the change itself; then it is applied. If the entry
 * cannot be written, nothing happens (fail closed): every step of the change, a new record's data key
 * included, is written only after its entry. If the process dies after the entry, repair applies the
 * recorded change at the next start: there is never a change without its entry, and after repair never
 * an entry without its change. Only one change per (record, version) can be recorded, so a concurrent
 * revision of the same version is refused before anything is written.
 *
 * <p>A read of decrypted data is recorded before the data is decrypted: the work gets an
 * {@link AuditedRead}, without which sealed fields cannot be opened.
 */
@Service
public class Audited {

    private final AuditAppender appender;
    private final StateApplier applier;
    private final AuditRepair repair;
    private final IntegrityAlarms alarms;

    Audited(AuditAppender appender, StateApplier applier, AuditRepair repair, IntegrityAlarms alarms) {
        this.appender = appender;
        this.applier = applier;
        this.repair = repair;
        this.alarms = alarms;
    }

    /**
     * Records {@code change}, then applies it; returns the seq of its entry.
     *
     * @throws StaleVersionException if a change of the same record and version is already recorded
     * @throws AuditFailureException if nothing was recorded (nothing was done)
     * @throws ChangePendingException if the change may be recorded but is not applied yet
     * @throws IntegrityHaltException if an integrity alarm stopped changes
     */
    public long change(Actor actor, Action action, StateChange change) {
        action.requireKind(EntryKind.CHANGE);
        if (action.recordedWhileChangesHalted()) {
            alarms.requireLogTrusted();
        } else {
            alarms.requireWritable();
        }
        var payload = change.toPayload();
        List<AuditEntry.Target> targets = List.of(new AuditEntry.Target(change.target().type(), change.target().id(), change.version()));
        AppendedEntry entry;
        try {
            entry = appender.append(new EntryDraft(actor, action, targets, change.claim(), Commitments.of(payload), payload, null));
        } catch (ClaimConflictException e) {
            repair.repairClaim(e.claim());
            throw new StaleVersionException(change.target().type(), change.target().id(), change.version() - 1, change.version());
        } catch (AuditOutcomeUnknownException e) {
            throw new ChangePendingException(action.recordedAs(), e);
        }
        try {
            applier.apply(entry.seq(), change.ops());
        } catch (StoreConflictException e) {
            alarms.raise(e.subject(), entry.seq(), e.reason());
            throw new ChangePendingException(action.recordedAs(), e);
        } catch (RuntimeException e) {
            throw new ChangePendingException(action.recordedAs(), e);
        }
        return entry.seq();
    }

    public <T> T read(Actor actor, Action action, List<Target> targets, Function<AuditedRead, T> work) {
        action.requireKind(EntryKind.READ);
        AppendedEntry entry = appender.append(EntryDraft.of(actor, action, entryTargets(targets), opClaim()));
        AuditedRead ticket = new AuditedRead(entry.seq());
        try {
            return work.apply(ticket);
        } finally {
            ticket.close();
        }
    }

    /**
     * Records an access event (a login, a failed login, a token used): who, from where (a keyed hash of the
     * address as a target, never the address), about which account. Fails closed: if it cannot be recorded,
     * the caller refuses the access. Recorded also while a record alarm stops changes, not while a log alarm is
     * raised (see {@link Action#recordedWhileChangesHalted()}).
     */
    public long access(Actor actor, Action action, List<Target> targets) {
        action.requireKind(EntryKind.ACCESS);
        alarms.requireLogTrusted();
        return appender.append(EntryDraft.of(actor, action, entryTargets(targets), opClaim())).seq();
    }

    /** Records an administrative action (key re-wrap, export) before it runs; fails closed. */
    public long record(Actor actor, Action action, List<Target> targets) {
        action.requireKind(EntryKind.ADMIN);
        return appender.append(EntryDraft.of(actor, action, entryTargets(targets), opClaim())).seq();
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
