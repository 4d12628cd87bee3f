package org.evidencevault.approvals;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.StateChange;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/**
 * Stored approval requests: the reason sealed under the request's own data key; the act, its subject, the case
 * team, who asked and who decided, the status, the times and the request hash plain (what deciding, listing and
 * using need), each version held to its recorded change like every record.
 */
@Component
class ApprovalRecords {

    static final RecordKind KIND = new RecordKind("approval", "approvals");

    private final SealedRecords records;

    ApprovalRecords(RecordStores stores) {
        this.records = stores.of(KIND).index(AccessPolicy.TEAM_FIELD, "status").index("requestedBy");
    }

    StateChange creation(Approval a) {
        return records.creation(a.id().value(), dek -> toDocument(a, dek));
    }

    /** The next version of {@code current} (a decision or a use, at {@code at}): plain fields only, the sealed reason kept. */
    StateChange revision(StoredRecord current, Approval next, Instant at) {
        return records.revision(current, next.version(),
                dek -> records.composeKeepingSealed(current, next.version(), current.header().revisedAt(at), plain(next)));
    }

    Optional<StoredRecord> reachable(ApprovalId id, Predicate<StoredRecord> mayReach) {
        return records.findReachable(id.value(), mayReach);
    }

    /** As {@link #reachable}, else not found (see {@link SealedRecords#requireReachable}). */
    StoredRecord requireReachable(ApprovalId id, Predicate<StoredRecord> mayReach) {
        return records.requireReachable(id.value(), mayReach);
    }

    List<StoredRecord> page(Bson filter, int page, int size) {
        return records.find(filter, Sorts.descending("createdAt"), page * size, size);
    }

    long count(Bson filter) {
        return records.count(filter);
    }

    /** The case team and requester as stored (before any check): what deciding who may see a request needs. */
    static String team(StoredRecord r) {
        return r.document().getString(AccessPolicy.TEAM_FIELD);
    }

    static String requestedBy(StoredRecord r) {
        return r.document().getString("requestedBy");
    }

    /** The request as stored, its reason left out (null). */
    static Approval withoutReason(StoredRecord r) {
        return of(r, null);
    }

    Approval open(StoredRecord r, AuditedRead read) {
        return of(r, records.open(r, read).get("reason"));
    }

    private static Approval of(StoredRecord r, String reason) {
        Document d = r.document();
        Document s = d.get("subject", Document.class);
        return new Approval(new ApprovalId(r.id()), r.version(), ApprovableAct.of(d.getString("act")),
                new Approval.Subject(s.getString("type"), s.getString("id"), s.get("version", Number.class).longValue()),
                d.getString(AccessPolicy.TEAM_FIELD), d.getString("requestedBy"), reason,
                Approval.Status.valueOf(d.getString("status")), d.getString("decidedBy"),
                d.getDate("requestedAt").toInstant(), time(d.getDate("decidedAt")), d.getDate("expiresAt").toInstant(),
                d.getString("requestHash"));
    }

    private Document toDocument(Approval a, String dek) {
        return records.compose(a.id().value(), a.version(), dek, a.requestedAt(), a.requestedAt(), plain(a), Map.of("reason", a.reason()));
    }

    private static Document plain(Approval a) {
        Document d = new Document("act", a.act().recordedAs())
                .append("subject", new Document("type", a.subject().type()).append("id", a.subject().id())
                        .append("version", a.subject().version()))
                .append(AccessPolicy.TEAM_FIELD, a.team())
                .append("requestedBy", a.requestedBy())
                .append("status", a.status().name())
                .append("requestedAt", Date.from(a.requestedAt()))
                .append("expiresAt", Date.from(a.expiresAt()))
                .append("requestHash", a.requestHash());
        if (a.decidedBy() != null) {
            d.append("decidedBy", a.decidedBy()).append("decidedAt", Date.from(a.decidedAt()));
        }
        return d;
    }

    private static Instant time(Date d) {
        return d == null ? null : d.toInstant();
    }

    /** Pending requests of these teams (the filter of what an approver is shown). */
    static Bson pendingIn(Bson teams, Instant now) {
        return Filters.and(teams, Filters.eq("status", Approval.Status.PENDING.name()), Filters.gt("expiresAt", Date.from(now)));
    }
}
