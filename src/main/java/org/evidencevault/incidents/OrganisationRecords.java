package org.evidencevault.incidents;

import static org.evidencevault.incidents.StoredValues.name;
import static org.evidencevault.incidents.StoredValues.time;
import static org.evidencevault.incidents.StoredValues.value;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.StateChange;
import org.evidencevault.crypto.BlindIndex;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/** Stored organisations: name and acronym sealed (with blind indexes), type and country plain. */
@Component
class OrganisationRecords {

    static final RecordKind KIND = new RecordKind("organisation", "organisations");
    static final String NAME_INDEX = "organisation.name";

    private final SealedRecords records;
    private final BlindIndex blindIndex;

    OrganisationRecords(RecordStores stores, BlindIndex blindIndex) {
        this.records = stores.of(KIND).index("nameIndex");
        this.blindIndex = blindIndex;
    }

    /** The change that stores a new organisation, sealed under a fresh data key. */
    StateChange creation(Organisation o) {
        return records.creation(o.id().value(), dek -> toDocument(o, dek));
    }

    /** The change that replaces {@code current} (the stored version the revision is based on) with {@code revised}. */
    StateChange revision(StoredRecord current, Organisation revised) {
        return records.revision(current, revised.version(), dek -> toDocument(revised, dek));
    }

    StoredRecord get(OrganisationId id) {
        return records.get(id.value());
    }

    /** Ids of organisations whose name or acronym matches exactly (normalised). */
    List<OrganisationId> idsByName(String nameOrAcronym) {
        return records.ids(Filters.eq("nameIndex", blindIndex.of(NAME_INDEX, nameOrAcronym))).stream()
                .map(OrganisationId::new).toList();
    }

    Set<OrganisationId> existing(Collection<OrganisationId> ids) {
        return records.existing(ids.stream().map(OrganisationId::value).toList(), new Document()).stream()
                .map(OrganisationId::new).collect(Collectors.toSet());
    }

    /** A page of all organisations (null) or of those among {@code ids}, oldest first. */
    List<StoredRecord> page(Collection<OrganisationId> ids, int page, int size) {
        return records.find(filter(ids), Sorts.ascending("createdAt"), page * size, size);
    }

    long count(Collection<OrganisationId> ids) {
        return records.count(filter(ids));
    }

    private static Bson filter(Collection<OrganisationId> ids) {
        return ids == null ? new Document() : Filters.in("_id", ids.stream().map(OrganisationId::value).toList());
    }

    Organisation open(StoredRecord r, AuditedRead read) {
        Document d = r.document();
        Map<String, String> s = records.open(r, read);
        return new Organisation(new OrganisationId(r.id()), r.version(),
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
        Document plain = new Document("type", name(x.type()))
                .append("country", x.country())
                .append("nameIndex", index);
        return records.compose(o.id().value(), o.version(), dek, o.createdAt(), o.updatedAt(), plain, secret);
    }
}
