package org.evidencevault.approvals;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import com.mongodb.client.model.Filters;
import org.bson.conversions.Bson;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.ApprovalException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Page;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Service;

/**
 * Four-eyes approvals. A capability asks {@link #request} once it has checked that the requester may do the act
 * to the record (and that the version is current), and {@link #use} right before doing it; the approver calls
 * {@link #decide}. Who may decide: someone other than the requester who holds the act's permission and may change
 * records of the record's case team, with a recent passkey confirmation to grant. Who may see a request: its
 * requester and those who may decide it; to everyone else it does not exist. Every step is recorded.
 */
@Service
public class ApprovalService {

    private final ApprovalRecords records;
    private final Audited audited;
    private final AccessPolicy access;
    private final Clock clock;

    ApprovalService(ApprovalRecords records, Audited audited, AccessPolicy access, Clock clock) {
        this.records = records;
        this.audited = audited;
        this.access = access;
        this.clock = clock;
    }

    /**
     * Records a request by {@code actor} for {@code act} on {@code subject} (of case team {@code team}). The caller
     * has checked that the actor may do the act to that record and that {@code subject.version()} is current.
     */
    public Approval request(Actor actor, ApprovableAct act, Approval.Subject subject, String team, String reason) {
        access.require(actor, act.permission());
        Approval a = Approval.request(ApprovalId.next(), act, subject, team, actor.username(), reason, clock.instant(),
                access.approvalTtl());
        audited.change(actor, Action.APPROVAL_REQUEST, records.creation(a));
        return a;
    }

    /**
     * Grants or refuses a pending request (current version {@code expectedVersion}). Granting needs a recent
     * passkey confirmation; refusing does not (it allows nothing).
     */
    public Approval decide(Actor actor, ApprovalId id, long expectedVersion, boolean grant) {
        requireSomeAct(actor);
        Instant now = clock.instant();
        if (grant) {
            access.requireRecentPasskey(actor, now);
        }
        // the requester sees their request, and is told why they cannot decide it (four eyes)
        StoredRecord current = reachable(id, r -> actor.username().equals(ApprovalRecords.requestedBy(r)) || mayDecide(actor, r));
        current.header().nextVersion(expectedVersion);
        Approval decided = ApprovalRecords.withoutReason(current).decide(actor.username(), grant, now);
        audited.change(actor, grant ? Action.APPROVAL_GRANT : Action.APPROVAL_REFUSE, records.revision(current, decided, now));
        return decided;
    }

    /**
     * Uses the approval {@code id} for {@code act} on {@code subject}, by {@code actor}, right before the act: it
     * must be granted, unexpired, unused, and name exactly this act, record, version and requester. Once used it
     * allows nothing more.
     *
     * @throws ApprovalException {@code approval-required} if {@code id} is null, else the rule it breaks
     */
    public void use(Actor actor, ApprovalId id, ApprovableAct act, Approval.Subject subject) {
        if (id == null) {
            throw new ApprovalException("approval-required", "this act needs the approval of a second person: request one,"
                    + " have it granted, then send its id in the " + ApprovalId.HEADER + " header");
        }
        if (!id.wellFormed()) {
            throw new ApprovalException("approval-mismatch", "no approval with that id allows this act");
        }
        Instant now = clock.instant();
        StoredRecord current = records.reachable(id, r -> actor.username().equals(ApprovalRecords.requestedBy(r)))
                .orElseThrow(() -> new ApprovalException("approval-mismatch", "no approval with that id allows this act"));
        Approval used = ApprovalRecords.withoutReason(current).use(actor.username(), act, subject, now);
        audited.change(actor, Action.APPROVAL_USE, records.revision(current, used, now));
    }

    /** One request, with its reason: to its requester and to those who may decide it. */
    public Approval get(Actor actor, ApprovalId id) {
        requireSomeAct(actor);
        StoredRecord r = reachable(id, x -> actor.username().equals(ApprovalRecords.requestedBy(x)) || mayDecide(actor, x));
        return audited.read(actor, Action.APPROVAL_READ, List.of(target(id)), read -> records.open(r, read));
    }

    /** The pending requests {@code actor} may decide (not their own), newest first, with their reasons. */
    public Page<Approval> awaitingDecision(Actor actor, int page, int size) {
        requireSomeAct(actor);
        Page.checkRequest(page, size);
        Bson filter = Filters.and(ApprovalRecords.pendingIn(access.teamFilter(actor), clock.instant()),
                Filters.ne("requestedBy", actor.username()), Filters.in("act", actsOf(actor)));
        return page(actor, filter, page, size);
    }

    /**
     * How many requests await a decision in each of {@code teams} (teams with none left out), for an administrator who
     * watches that four-eyes acts do not pile up: counts from the plain fields only, no reason, subject or name is opened.
     */
    public java.util.SortedMap<String, Long> pendingByTeam(Actor actor, java.util.Collection<String> teams) {
        access.require(actor, org.evidencevault.access.Permission.ACCOUNTS_ADMIN);
        java.util.SortedMap<String, Long> counts = new java.util.TreeMap<>();
        for (String team : new java.util.TreeSet<>(teams)) {
            long n = records.count(ApprovalRecords.pendingIn(Filters.eq(org.evidencevault.access.AccessPolicy.TEAM_FIELD, team),
                    clock.instant()));
            if (n > 0) {
                counts.put(team, n);
            }
        }
        return counts;
    }

    /** The requests {@code actor} made, newest first. */
    public Page<Approval> mine(Actor actor, int page, int size) {
        requireSomeAct(actor);
        Page.checkRequest(page, size);
        return page(actor, Filters.eq("requestedBy", actor.username()), page, size);
    }

    private Page<Approval> page(Actor actor, Bson filter, int page, int size) {
        List<StoredRecord> found = records.page(filter, page, size);
        long total = records.count(filter);
        List<Approval> items = audited.read(actor, Action.APPROVAL_LIST,
                found.stream().map(r -> target(new ApprovalId(r.id()))).toList(),
                read -> found.stream().map(r -> records.open(r, read)).toList());
        return new Page<>(items, page, size, total);
    }

    private boolean mayDecide(Actor actor, StoredRecord r) {
        ApprovableAct act = ApprovableAct.of(r.document().getString("act"));
        return access.allows(actor, act.permission()) && access.mayChange(actor, ApprovalRecords.team(r))
                && !actor.username().equals(ApprovalRecords.requestedBy(r));
    }

    /** Approvals are for those who may do an act that needs one (officers: erasure); to others, 403. */
    private void requireSomeAct(Actor actor) {
        if (actsOf(actor).isEmpty()) {
            access.require(actor, ApprovableAct.values()[0].permission());
        }
    }

    private List<String> actsOf(Actor actor) {
        return java.util.Arrays.stream(ApprovableAct.values()).filter(a -> access.allows(actor, a.permission()))
                .map(ApprovableAct::recordedAs).toList();
    }

    private StoredRecord reachable(ApprovalId id, java.util.function.Predicate<StoredRecord> mayReach) {
        return records.requireReachable(id, mayReach);
    }

    private static Target target(ApprovalId id) {
        return new Target(ApprovalRecords.KIND.type(), id.value());
    }
}
