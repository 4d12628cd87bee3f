package org.evidencevault.incidents;

import org.evidencevault.access.AccessPolicy;

import static org.evidencevault.incidents.StoredValues.name;
import static org.evidencevault.incidents.StoredValues.time;
import static org.evidencevault.incidents.StoredValues.value;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.StateChange;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/**
 * Stored incidents. Plain: ids, defender ids, spyware, status, organisation ids, times, version.
 * Sealed under the incident's own data key: title, context notes, infection events, confirmations.
 */
@Component
class IncidentRecords {

    static final RecordKind KIND = new RecordKind("incident", "incidents");

    private final SealedRecords records;

    IncidentRecords(RecordStores stores) {
        this.records = stores.of(KIND)
                // each leading field narrows a filter; the second orders a list, so a page of the newest stops early
                .index("defenderIds", "createdAt").index(AccessPolicy.TEAM_FIELD, "createdAt").index(AccessPolicy.SHARED_WITH_FIELD, "createdAt");
    }

    /** The change that stores a new incident, sealed under a fresh data key. */
    StateChange creation(Incident incident) {
        return records.creation(incident.id().value(), dek -> toDocument(incident, dek));
    }

    /** The change that replaces {@code current} (the stored version the revision is based on) with {@code revised}. */
    StateChange revision(StoredRecord current, Incident revised) {
        return records.revision(current, revised.version(), dek -> toDocument(revised, dek));
    }

    StoredRecord get(IncidentId id) {
        return records.get(id.value());
    }

    /** The ids of the incidents whose only defender is {@code defenderId}. */
    List<String> namingOnly(String defenderId) {
        return records.ids(com.mongodb.client.model.Filters.and(
                com.mongodb.client.model.Filters.eq(AccessPolicy.DEFENDER_IDS_FIELD, defenderId),
                com.mongodb.client.model.Filters.size(AccessPolicy.DEFENDER_IDS_FIELD, 1)));
    }

    /** The ids of the incidents matching {@code visible} that pass their check against the log. */
    List<String> ids(Bson visible) {
        return records.ids(visible);
    }

    /** The stored record if {@code reachable} lets the caller reach it, else not found (see {@link SealedRecords#requireReachable}). */
    StoredRecord reachable(IncidentId id, java.util.function.Predicate<StoredRecord> reachable) {
        return records.requireReachable(id.value(), reachable);
    }

    /** Whether the record is stored and {@code reachable} lets the caller reach it (no exception: for yes/no answers). */
    boolean isReachable(IncidentId id, java.util.function.Predicate<StoredRecord> reachable) {
        return id.wellFormed() && records.findReachable(id.value(), reachable).isPresent();
    }

    /** The stored record, if there is one (checked against the log). */
    java.util.Optional<StoredRecord> findReachable(String id, java.util.function.Predicate<StoredRecord> reachable) {
        return records.findReachable(id, reachable);
    }

    boolean exists(IncidentId id) {
        return records.exists(id.value());
    }

    /**
     * A page of the incidents {@code visible} keeps (the access policy's filter): all of them (null) or those
     * concerning any of {@code defenderIds}, newest first.
     */
    List<StoredRecord> page(Bson visible, Collection<DefenderId> defenderIds, int page, int size) {
        return records.find(filter(visible, defenderIds), Sorts.descending("createdAt"), page * size, size);
    }

    long count(Bson visible, Collection<DefenderId> defenderIds) {
        return records.count(filter(visible, defenderIds));
    }

    /** The plain team of a stored incident (null for one of no team). */
    static String team(StoredRecord r) {
        return r.document().getString(AccessPolicy.TEAM_FIELD);
    }

    static java.util.Set<String> sharedWith(StoredRecord r) {
        return new java.util.TreeSet<>(r.document().getList(AccessPolicy.SHARED_WITH_FIELD, String.class, List.of()));
    }

    /** What the access policy looks at in a stored incident. */
    static AccessPolicy.IncidentFacts facts(StoredRecord r) {
        return new AccessPolicy.IncidentFacts(team(r), sharedWith(r),
                r.document().getList(AccessPolicy.DEFENDER_IDS_FIELD, String.class, List.of()));
    }

    /** The defenders named by the incidents shared with any of {@code mandates} (each incident checked against the log). */
    java.util.Set<String> defendersNamedWhereShared(java.util.Set<String> mandates) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        if (mandates.isEmpty()) {
            return ids;
        }
        for (StoredRecord r : records.find(Filters.in(AccessPolicy.SHARED_WITH_FIELD, mandates.stream().sorted().toList()),
                Sorts.ascending("_id"), 0, Integer.MAX_VALUE)) {
            ids.addAll(r.document().getList(AccessPolicy.DEFENDER_IDS_FIELD, String.class, List.of()));
        }
        return ids;
    }

    /** The defenders named by the incidents {@code visible} keeps. */
    java.util.Set<String> defendersNamedIn(Bson visible) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (StoredRecord r : records.find(visible, Sorts.ascending("_id"), 0, Integer.MAX_VALUE)) {
            ids.addAll(r.document().getList(AccessPolicy.DEFENDER_IDS_FIELD, String.class, List.of()));
        }
        return ids;
    }

    /** The change that shares {@code current} with {@code mandates} (its next version; sealed fields carried over). */
    StateChange sharing(StoredRecord current, long version, java.time.Instant updatedAt, java.util.Set<String> mandates) {
        Document plain = new Document();
        current.document().forEach((k, v) -> {
            if (!List.of("_id", "version", "dek", "createdAt", "updatedAt", "sealed").contains(k)) {
                plain.append(k, v);
            }
        });
        plain.put(AccessPolicy.SHARED_WITH_FIELD, mandates.stream().sorted().toList());
        return records.revision(current, version, dek -> records.composeKeepingSealed(current, version, updatedAt, plain));
    }

    private static Bson filter(Bson visible, Collection<DefenderId> defenderIds) {
        return defenderIds == null ? visible
                : Filters.and(visible, Filters.in("defenderIds", defenderIds.stream().map(DefenderId::value).toList()));
    }

    Incident open(StoredRecord r, AuditedRead read) {
        Document d = r.document();
        Map<String, String> s = records.open(r, read);
        IncidentDetails details = new IncidentDetails(
                s.get("title"),
                d.getList("defenderIds", String.class).stream().map(DefenderId::new).toList(),
                value(Spyware.class, d.getString("spyware")),
                OrganisationId.ofNullable(d.getString("vendorOrganisationId")),
                OrganisationId.ofNullable(d.getString("suspectedOperatorOrganisationId")),
                value(Involvement.class, d.getString("operatorInvolvement")),
                value(IncidentStatus.class, d.getString("status")),
                StoredValues.fromJsonList(s.get("infectionEvents"), StoredValues::event),
                StoredValues.fromJsonList(s.get("forensicConfirmations"), StoredValues::confirmation),
                s.get("contextNotes"));
        return new Incident(new IncidentId(r.id()), r.version(), d.getString(AccessPolicy.TEAM_FIELD), sharedWith(r), details,
                time(d.getDate("createdAt")), time(d.getDate("updatedAt")));
    }

    private Document toDocument(Incident incident, String dek) {
        IncidentDetails x = incident.details();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("title", x.title());
        secret.put("contextNotes", x.contextNotes());
        secret.put("infectionEvents", StoredValues.jsonList(x.infectionEvents(), StoredValues::event));
        secret.put("forensicConfirmations", StoredValues.jsonList(x.forensicConfirmations(), StoredValues::confirmation));
        Document plain = new Document(AccessPolicy.TEAM_FIELD, incident.team())
                .append(AccessPolicy.SHARED_WITH_FIELD, incident.sharedWith().stream().sorted().toList())
                .append("defenderIds", x.defenderIds().stream().map(DefenderId::value).toList())
                .append("spyware", name(x.spyware()))
                .append("status", name(x.status()))
                .append("vendorOrganisationId", StoredValues.value(x.vendorOrganisationId()))
                .append("suspectedOperatorOrganisationId", StoredValues.value(x.suspectedOperatorOrganisationId()))
                .append("operatorInvolvement", name(x.operatorInvolvement()));
        return records.compose(incident.id().value(), incident.version(), dek, incident.createdAt(), incident.updatedAt(),
                plain, secret);
    }
}
