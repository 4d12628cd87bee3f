package org.evidencevault.incidents;

import static org.evidencevault.incidents.StoredValues.name;
import static org.evidencevault.incidents.StoredValues.time;
import static org.evidencevault.incidents.StoredValues.value;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.StateChange;
import org.evidencevault.audit.Target;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.crypto.BlindIndex;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.Sealer;
import org.springframework.stereotype.Component;

/** Stored organisations: name and acronym sealed (with blind indexes), type and country plain. */
@Component
class OrganisationRecords {

    static final String COLLECTION = "organisations";
    static final String NAME_INDEX = "organisation.name";

    private final RecordCollection records;
    private final SealedFields sealed;
    private final DataKeys dataKeys;
    private final BlindIndex blindIndex;

    OrganisationRecords(MongoDatabase db, Sealer sealer, DataKeys dataKeys, BlindIndex blindIndex) {
        this.records = new RecordCollection(db.getCollection(COLLECTION), "organisation");
        this.sealed = new SealedFields(sealer, COLLECTION);
        this.dataKeys = dataKeys;
        this.blindIndex = blindIndex;
        db.getCollection(COLLECTION).createIndex(Indexes.ascending("nameIndex"));
    }

    /** The change that stores a new organisation, sealed under a fresh data key. */
    StateChange insert(Organisation o) {
        String dek = dataKeys.create(COLLECTION + "/" + o.id());
        return StateChange.put(new Target(OrganisationService.TYPE, o.id()), COLLECTION, 1, toDocument(o, dek));
    }

    /** The change that replaces {@code current} (the stored document the revision is based on) with {@code revised}. */
    StateChange replace(Document current, Organisation revised) {
        return StateChange.put(new Target(OrganisationService.TYPE, revised.id()), COLLECTION, revised.version(),
                toDocument(revised, current.getString("dek")));
    }

    Document raw(String id) {
        return records.get(id);
    }

    /** Ids of organisations whose name or acronym matches exactly (normalised). */
    List<String> idsByName(String nameOrAcronym) {
        return records.ids(Filters.eq("nameIndex", blindIndex.of(NAME_INDEX, nameOrAcronym)));
    }

    java.util.Set<String> existing(Collection<String> ids) {
        return records.existing(ids, new Document());
    }

    List<Document> page(Bson filter, int page, int size) {
        return records.find(filter, Sorts.ascending("createdAt"), page * size, size);
    }

    long count(Bson filter) {
        return records.count(filter);
    }

    Organisation open(Document d, AuditedRead read) {
        String id = d.getString("_id");
        Map<String, String> s = sealed.open(d.get("sealed", Document.class), id, read);
        return new Organisation(id, d.get("version", Number.class).longValue(),
                new Organisation.Details(s.get("name"), s.get("acronym"), d.getString("country"),
                        value(Organisation.Type.class, d.getString("type"))),
                time(d.getDate("createdAt")), time(d.getDate("updatedAt")));
    }

    private Document toDocument(Organisation o, String dek) {
        Organisation.Details x = o.details();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("name", x.name());
        secret.put("acronym", x.acronym());
        List<String> index = new ArrayList<>();
        index.add(blindIndex.of(NAME_INDEX, x.name()));
        if (x.acronym() != null) {
            index.add(blindIndex.of(NAME_INDEX, x.acronym()));
        }
        return new Document("_id", o.id())
                .append("version", o.version())
                .append("dek", dek)
                .append("type", name(x.type()))
                .append("country", x.country())
                .append("nameIndex", index)
                .append("createdAt", time(o.createdAt()))
                .append("updatedAt", time(o.updatedAt()))
                .append("sealed", sealed.seal(dek, o.id(), secret));
    }
}
