package org.evidencevault.incidents;

import static org.evidencevault.incidents.StoredValues.time;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.evidencevault.audit.StateChange;
import org.evidencevault.audit.Target;
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

    /** The change that stores a new defender, sealed under a fresh data key of their own. */
    StateChange insert(Defender defender) {
        String dek = dataKeys.create(COLLECTION + "/" + defender.id());
        return StateChange.put(new Target(DefenderService.TYPE, defender.id()), COLLECTION, 1, toDocument(defender, dek));
    }

    /** The change that replaces {@code current} (the stored document the revision is based on) with {@code revised}. */
    StateChange replace(Document current, Defender revised) {
        return StateChange.put(new Target(DefenderService.TYPE, revised.id()), COLLECTION, revised.version(),
                toDocument(revised, current.getString("dek")));
    }

    /**
     * Crypto-shredding as one recorded change: the record becomes a tombstone (no ciphertext, no indexes)
     * at the next version, conditional on the current one, and the defender's data key is destroyed.
     */
    StateChange erase(Document current, long nextVersion, Instant erasedAt) {
        String id = current.getString("_id");
        Document tombstone = new Document("_id", id)
                .append("version", nextVersion)
                .append("dek", current.getString("dek"))
                .append("createdAt", current.getDate("createdAt"))
                .append("updatedAt", time(erasedAt))
                .append("erasedAt", time(erasedAt));
        return new StateChange(new Target(DefenderService.TYPE, id), nextVersion, List.of(
                new StateChange.Put(COLLECTION, id, nextVersion, tombstone),
                new StateChange.Shred(current.getString("dek"))));
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
