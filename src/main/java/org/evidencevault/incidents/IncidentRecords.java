package org.evidencevault.incidents;

import static org.evidencevault.incidents.StoredValues.name;
import static org.evidencevault.incidents.StoredValues.time;
import static org.evidencevault.incidents.StoredValues.value;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.StateChange;
import org.evidencevault.audit.Target;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.Sealer;
import org.springframework.stereotype.Component;

/**
 * Stored incidents. Plain: ids, defender ids, spyware, status, organisation ids, times, version.
 * Sealed under the incident's own data key: title, context notes, infection events, confirmations.
 */
@Component
class IncidentRecords {

    static final String COLLECTION = "incidents";

    private final RecordCollection records;
    private final SealedFields sealed;
    private final DataKeys dataKeys;

    IncidentRecords(MongoDatabase db, Sealer sealer, DataKeys dataKeys) {
        this.records = new RecordCollection(db.getCollection(COLLECTION), "incident");
        this.sealed = new SealedFields(sealer, COLLECTION);
        this.dataKeys = dataKeys;
        db.getCollection(COLLECTION).createIndex(Indexes.ascending("defenderIds"));
    }

    /** The change that stores a new incident, sealed under a fresh data key. */
    StateChange insert(Incident incident) {
        String dek = dataKeys.create(COLLECTION + "/" + incident.id());
        return StateChange.put(new Target(IncidentService.TYPE, incident.id()), COLLECTION, 1, toDocument(incident, dek));
    }

    /** The change that replaces {@code current} (the stored document the revision is based on) with {@code revised}. */
    StateChange replace(Document current, Incident revised) {
        return StateChange.put(new Target(IncidentService.TYPE, revised.id()), COLLECTION, revised.version(),
                toDocument(revised, current.getString("dek")));
    }

    Document raw(String id) {
        return records.get(id);
    }

    List<Document> page(Bson filter, int page, int size) {
        return records.find(filter, Sorts.descending("createdAt"), page * size, size);
    }

    long count(Bson filter) {
        return records.count(filter);
    }

    static Bson concerningAny(Collection<String> defenderIds) {
        return Filters.in("defenderIds", defenderIds);
    }

    Incident open(Document d, AuditedRead read) {
        String id = d.getString("_id");
        Map<String, String> s = sealed.open(d.get("sealed", Document.class), id, read);
        IncidentDetails details = new IncidentDetails(
                s.get("title"),
                d.getList("defenderIds", String.class),
                value(Spyware.class, d.getString("spyware")),
                d.getString("vendorOrganisationId"),
                d.getString("suspectedOperatorOrganisationId"),
                value(Involvement.class, d.getString("operatorInvolvement")),
                value(IncidentStatus.class, d.getString("status")),
                StoredValues.fromJsonList(s.get("infectionEvents"), StoredValues::event),
                StoredValues.fromJsonList(s.get("forensicConfirmations"), StoredValues::confirmation),
                s.get("contextNotes"));
        return new Incident(id, d.get("version", Number.class).longValue(), details,
                time(d.getDate("createdAt")), time(d.getDate("updatedAt")));
    }

    private Document toDocument(Incident incident, String dek) {
        IncidentDetails x = incident.details();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("title", x.title());
        secret.put("contextNotes", x.contextNotes());
        secret.put("infectionEvents", StoredValues.jsonList(x.infectionEvents(), StoredValues::event));
        secret.put("forensicConfirmations", StoredValues.jsonList(x.forensicConfirmations(), StoredValues::confirmation));
        return new Document("_id", incident.id())
                .append("version", incident.version())
                .append("dek", dek)
                .append("defenderIds", x.defenderIds())
                .append("spyware", name(x.spyware()))
                .append("status", name(x.status()))
                .append("vendorOrganisationId", x.vendorOrganisationId())
                .append("suspectedOperatorOrganisationId", x.suspectedOperatorOrganisationId())
                .append("operatorInvolvement", name(x.operatorInvolvement()))
                .append("createdAt", time(incident.createdAt()))
                .append("updatedAt", time(incident.updatedAt()))
                .append("sealed", sealed.seal(dek, incident.id(), secret));
    }
}
