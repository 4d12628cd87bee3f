package org.evidencevault.incidents;

import static org.evidencevault.incidents.StoredValues.time;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.evidencevault.audit.AuditedChange;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.common.GoneException;
import org.evidencevault.crypto.BlindIndex;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.Sealer;
import org.springframework.stereotype.Component;

/**
 * Stored defenders. Everything about who they are is sealed under a per-defender data key; the clear
 * part is the id, version, times, and keyed blind indexes of the name and of the organisation id.
 * Erasure destroys the data key and removes the sealed fields and indexes; a tombstone remains.
 */
@Component
class DefenderRecords {

    static final String COLLECTION = "defenders";
    static final String NAME_INDEX = "defender.fullName";
    static final String ORGANISATION_INDEX = "defender.organisationId";

    private final RecordCollection records;
    private final MongoCollection<Document> raw;
    private final SealedFields sealed;
    private final DataKeys dataKeys;
    private final BlindIndex blindIndex;

    DefenderRecords(MongoDatabase db, Sealer sealer, DataKeys dataKeys, BlindIndex blindIndex) {
        this.raw = db.getCollection(COLLECTION);
        this.records = new RecordCollection(raw, "defender");
        this.sealed = new SealedFields(sealer, COLLECTION);
        this.dataKeys = dataKeys;
        this.blindIndex = blindIndex;
        raw.createIndex(Indexes.ascending("nameIndex"));
        raw.createIndex(Indexes.ascending("organisationIndex"));
    }

    void insert(Defender defender, AuditedChange change) {
        change.check();
        String dek = dataKeys.create(COLLECTION + "/" + defender.id());
        records.insert(toDocument(defender, dek), change);
    }

    /** Replaces {@code current} (the stored document the revision was based on) with {@code revised}. */
    void replace(Document current, Defender revised, AuditedChange change) {
        records.replace(revised.id(), revised.version() - 1, toDocument(revised, current.getString("dek")), change);
    }

    /**
     * Crypto-shredding: first turns the record into a tombstone (no ciphertext, no indexes), conditional
     * on the expected version so a concurrent revision is not silently erased, then destroys the data key.
     */
    Instant erase(String id, long expectedVersion, AuditedChange change) {
        change.check();
        Document current = live(id);
        Instant now = java.time.Instant.now();
        var result = raw.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("version", expectedVersion)), Updates.combine(
                Updates.unset("sealed"), Updates.unset("nameIndex"), Updates.unset("organisationIndex"),
                Updates.set("erasedAt", time(now)), Updates.set("version", expectedVersion + 1)));
        if (result.getMatchedCount() == 0) {
            throw new org.evidencevault.common.StaleVersionException("defender", id, expectedVersion,
                    records.get(id).get("version", Number.class).longValue());
        }
        dataKeys.destroy(current.getString("dek"));
        return now;
    }

    /** The stored record, unless it was erased (then 410 Gone). */
    Document live(String id) {
        Document d = records.get(id);
        if (d.getDate("erasedAt") != null) {
            throw new GoneException("defender", id, d.getDate("erasedAt").toInstant());
        }
        return d;
    }

    List<String> idsByName(String fullName) {
        return records.ids(Filters.eq("nameIndex", blindIndex.of(NAME_INDEX, fullName)));
    }

    List<Document> byOrganisation(Collection<String> organisationIds, int page, int size) {
        return records.find(Filters.in("organisationIndex", organisationIds.stream()
                .map(o -> blindIndex.of(ORGANISATION_INDEX, o)).toList()), Sorts.ascending("_id"), page * size, size);
    }

    List<Document> byName(String fullName, int page, int size) {
        return records.find(Filters.eq("nameIndex", blindIndex.of(NAME_INDEX, fullName)), Sorts.ascending("_id"), page * size, size);
    }

    java.util.Set<String> liveIds(Collection<String> ids) {
        return records.existing(ids, Filters.exists("erasedAt", false));
    }

    Defender open(Document d, AuditedRead read) {
        String id = d.getString("_id");
        Map<String, String> s = sealed.open(d.get("sealed", Document.class), id, read);
        DefenderProfile profile = new DefenderProfile(s.get("fullName"), s.get("organisationId"), s.get("role"),
                s.get("country"), s.get("contact"), StoredValues.fromJsonList(s.get("consents"), StoredValues::consent));
        return new Defender(id, d.get("version", Number.class).longValue(), profile,
                time(d.getDate("createdAt")), time(d.getDate("updatedAt")));
    }

    private Document toDocument(Defender defender, String dek) {
        DefenderProfile p = defender.profile();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("fullName", p.fullName());
        secret.put("organisationId", p.organisationId());
        secret.put("role", p.role());
        secret.put("country", p.country());
        secret.put("contact", p.contact());
        secret.put("consents", StoredValues.jsonList(p.consents(), StoredValues::consent));
        Document doc = new Document("_id", defender.id())
                .append("version", defender.version())
                .append("dek", dek)
                .append("nameIndex", blindIndex.of(NAME_INDEX, p.fullName()))
                .append("createdAt", time(defender.createdAt()))
                .append("updatedAt", time(defender.updatedAt()))
                .append("sealed", sealed.seal(dek, defender.id(), secret));
        if (p.organisationId() != null) {
            doc.append("organisationIndex", blindIndex.of(ORGANISATION_INDEX, p.organisationId()));
        }
        return doc;
    }
}
