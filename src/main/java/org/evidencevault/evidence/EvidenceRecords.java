package org.evidencevault.evidence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.Document;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.StateChange;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/**
 * Stored evidence items. Sealed under the item's own data key (from which its file key is derived, so erasing
 * the key erases both): file name, collector, method, source URL, notes. Plain: the incident and case team, kind,
 * declared and detected media types, size, status, hashes, format, collection time, tool and version,
 * sensitivity, capture hash. The bytes are in the blob store, never here.
 */
@Component
class EvidenceRecords {

    static final RecordKind KIND = new RecordKind("evidence", "evidence_items");

    private final SealedRecords records;

    EvidenceRecords(RecordStores stores) {
        this.records = stores.of(KIND).index("incidentId").index("status").index("registeredBy").index("sha256").index("derivedFrom");
    }

    StateChange creation(EvidenceItem item) {
        return records.creation(item.id().value(), dek -> toDocument(item, dek));
    }

    /** The next version (the bytes received), keeping the sealed fields as they are. */
    StateChange revision(StoredRecord current, EvidenceItem next) {
        return records.revision(current, next.version(),
                dek -> records.composeKeepingSealed(current, next.version(), next.updatedAt(), plain(next)));
    }

    /**
     * The change that refuses an item whose bytes broke a rule: a tombstone version (plain fields only, no sealed
     * ones) and its data key destroyed, so nothing of the file or its sealed metadata can ever be read.
     */
    StateChange refusal(StoredRecord current, EvidenceItem refused) {
        return tombstone(current, refused);
    }

    /** The change that disposes of an item: a tombstone version (hashes kept, sealed fields gone) and its key destroyed. */
    StateChange disposal(StoredRecord current, EvidenceItem disposed) {
        return tombstone(current, disposed);
    }

    private StateChange tombstone(StoredRecord current, EvidenceItem refused) {
        String id = current.id();
        Document tombstone = new Document("_id", id).append("version", refused.version())
                .append("dek", current.header().dataKeyId())
                .append("createdAt", Date.from(refused.createdAt())).append("updatedAt", Date.from(refused.updatedAt()));
        plain(refused).forEach(tombstone::append);
        return records.change(id, refused.version(), List.of(new StateChange.Put(KIND.collection(), id, refused.version(), tombstone),
                new StateChange.Shred(current.header().dataKeyId())));
    }

    Optional<StoredRecord> reachable(EvidenceId id, Predicate<StoredRecord> mayReach) {
        return records.findReachable(id.value(), mayReach);
    }

    /** As {@link #reachable}, else not found (see {@link SealedRecords#requireReachable}). */
    StoredRecord requireReachable(EvidenceId id, Predicate<StoredRecord> mayReach) {
        return records.requireReachable(id.value(), mayReach);
    }

    List<StoredRecord> ofIncident(IncidentId incident) {
        return records.find(Filters.eq("incidentId", incident.value()), Sorts.ascending("createdAt"), 0, 1000);
    }

    /** Ids of the complete items of {@code incident} whose bytes have this SHA-256 (what an MVT hash list is checked against). */
    List<String> withSha256(IncidentId incident, String sha256) {
        return records.ids(Filters.and(Filters.eq("incidentId", incident.value()), Filters.eq("sha256", sha256),
                Filters.eq("status", EvidenceItem.Status.COMPLETE.name())));
    }

    /**
     * The items among {@code ids} of {@code incident}, of {@code kinds}, whose bytes were received (complete, or disposed
     * of since: a confirmation that rested on them still did), keyed by id, with their SHA-256.
     */
    Map<String, String> receivedSha256(IncidentId incident, java.util.Collection<String> ids, java.util.Collection<EvidenceKind> kinds) {
        Map<String, String> found = new LinkedHashMap<>();
        for (StoredRecord r : records.find(Filters.and(Filters.in("_id", List.copyOf(ids)), Filters.eq("incidentId", incident.value()),
                Filters.in("kind", kinds.stream().map(Enum::name).sorted().toList()),
                Filters.in("status", List.of(EvidenceItem.Status.COMPLETE.name(), EvidenceItem.Status.DISPOSED.name()))),
                Sorts.ascending("_id"), 0, ids.size())) {
            found.put(r.id(), r.document().getString("sha256"));
        }
        return found;
    }

    /** The working copies derived from item {@code original}, whatever their status. */
    List<StoredRecord> copiesOf(EvidenceId original) {
        return records.find(Filters.eq("derivedFrom", original.value()), Sorts.ascending("createdAt"), 0, 10);
    }

    /** The complete items whose bytes have this SHA-256, of the given kinds. */
    List<StoredRecord> completeWithSha256(String sha256, java.util.Collection<EvidenceKind> kinds) {
        return records.find(Filters.and(Filters.eq("sha256", sha256), Filters.eq("status", EvidenceItem.Status.COMPLETE.name()),
                Filters.in("kind", kinds.stream().map(Enum::name).sorted().toList())), Sorts.ascending("createdAt"), 0, 100);
    }

    /** The bytes registered by {@code username} in items that are complete or still receiving. */
    long registeredBytes(String username) {
        long total = 0;
        for (StoredRecord r : records.find(Filters.and(Filters.eq("registeredBy", username),
                Filters.in("status", List.of(EvidenceItem.Status.RECEIVING.name(), EvidenceItem.Status.COMPLETE.name()))),
                Sorts.ascending("_id"), 0, Integer.MAX_VALUE)) {
            total += r.document().get("size", Number.class).longValue();
        }
        return total;
    }

    /** Items still receiving their bytes, registered before {@code cutoff}. */
    List<StoredRecord> receivingSince(Instant cutoff) {
        return records.find(Filters.and(Filters.eq("status", EvidenceItem.Status.RECEIVING.name()),
                Filters.lt("createdAt", Date.from(cutoff))), Sorts.ascending("createdAt"), 0, 1000);
    }

    static IncidentId incidentOf(StoredRecord r) {
        return new IncidentId(r.document().getString("incidentId"));
    }

    /** The item as stored, without its sealed fields (what uploads and checks need). */
    static EvidenceItem plainOf(StoredRecord r) {
        return of(r, Map.of());
    }

    /** The item with its sealed fields; a refused one has none left (its key is destroyed): its plain fields. */
    EvidenceItem open(StoredRecord r, AuditedRead read) {
        String status = r.document().getString("status");
        if (EvidenceItem.Status.REFUSED.name().equals(status) || EvidenceItem.Status.DISPOSED.name().equals(status)) {
            return plainOf(r);
        }
        return of(r, records.open(r, read));
    }

    private static EvidenceItem of(StoredRecord r, Map<String, String> s) {
        Document d = r.document();
        EvidenceItem.Details details = new EvidenceItem.Details(EvidenceKind.valueOf(d.getString("kind")), d.getString("mediaType"),
                d.get("size", Number.class).longValue(), s.get("fileName"), time(d.getDate("collectedAt")), s.get("collector"),
                s.get("method"), d.getString("tool"), d.getString("toolVersion"), s.get("sourceUrl"),
                EvidenceItem.Sensitivity.valueOf(d.getString("sensitivity")), s.get("notes"), d.getString("captureSha256"),
                d.getString("captureSha512"));
        return new EvidenceItem(new EvidenceId(r.id()), r.version(), incidentOf(r), d.getString(AccessPolicy.TEAM_FIELD),
                d.getString("registeredBy"), details,
                EvidenceItem.Status.valueOf(d.getString("status")), d.getString("detectedMediaType"), d.getString("sha256"),
                d.getString("sha512"), d.getString("format"), r.header().createdAt(), r.header().updatedAt(),
                d.get("analysis", Document.class), d.getString("derivedFrom") == null ? null : new EvidenceId(d.getString("derivedFrom")),
                d.getString("derivation"));
    }

    private Document toDocument(EvidenceItem item, String dek) {
        EvidenceItem.Details x = item.details();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("fileName", x.fileName());
        secret.put("collector", x.collector());
        secret.put("method", x.method());
        secret.put("sourceUrl", x.sourceUrl());
        secret.put("notes", x.notes());
        secret.values().removeIf(java.util.Objects::isNull);
        return records.compose(item.id().value(), item.version(), dek, item.createdAt(), item.updatedAt(), plain(item), secret);
    }

    private static Document plain(EvidenceItem item) {
        EvidenceItem.Details x = item.details();
        Document d = new Document("incidentId", item.incidentId().value())
                .append(AccessPolicy.TEAM_FIELD, item.team())
                .append("registeredBy", item.registeredBy())
                .append("kind", x.kind().name())
                .append("mediaType", x.mediaType())
                .append("size", x.size())
                .append("sensitivity", x.sensitivity().name())
                .append("status", item.status().name())
                .append("format", item.format());
        if (x.collectedAt() != null) {
            d.append("collectedAt", Date.from(x.collectedAt()));
        }
        putIfPresent(d, "tool", x.tool());
        putIfPresent(d, "toolVersion", x.toolVersion());
        putIfPresent(d, "captureSha256", x.captureSha256());
        putIfPresent(d, "captureSha512", x.captureSha512());
        putIfPresent(d, "detectedMediaType", item.detectedMediaType());
        putIfPresent(d, "sha256", item.sha256());
        putIfPresent(d, "sha512", item.sha512());
        if (item.analysis() != null) {
            d.append("analysis", new Document(item.analysis()));
        }
        if (item.derivedFrom() != null) {
            d.append("derivedFrom", item.derivedFrom().value()).append("derivation", item.derivation());
        }
        return d;
    }

    private static void putIfPresent(Document d, String field, String value) {
        if (value != null) {
            d.append(field, value);
        }
    }

    private static Instant time(Date d) {
        return d == null ? null : d.toInstant();
    }

    /** The data key of a stored item (its file key is derived from it). */
    static String dataKeyOf(StoredRecord r) {
        return r.header().dataKeyId();
    }
}
