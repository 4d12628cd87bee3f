package org.evidencevault.incidents;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.AuditedChange;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.StaleVersionException;

/**
 * A versioned collection of records. Writes need an {@link AuditedChange} ticket; replacements are
 * conditional on the expected version (optimistic concurrency, single-document atomic: no
 * multi-document transactions anywhere).
 */
final class RecordCollection {

    private final MongoCollection<Document> collection;
    private final String kind;

    RecordCollection(MongoCollection<Document> collection, String kind) {
        this.collection = collection;
        this.kind = kind;
    }

    String name() {
        return collection.getNamespace().getCollectionName();
    }

    void insert(Document doc, AuditedChange change) {
        change.check();
        try {
            collection.insertOne(doc);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new InvalidInputException("id", "duplicate", kind + " already exists");
            }
            throw e;
        }
    }

    /** Replaces the record only if it is still at {@code expectedVersion}; otherwise changes nothing. */
    void replace(String id, long expectedVersion, Document doc, AuditedChange change) {
        change.check();
        UpdateResult r = collection.replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq("version", expectedVersion)), doc);
        if (r.getMatchedCount() == 0) {
            Document current = collection.find(Filters.eq("_id", id)).first();
            if (current == null) {
                throw new NotFoundException(kind, id);
            }
            throw new StaleVersionException(kind, id, expectedVersion, current.get("version", Number.class).longValue());
        }
    }

    Document get(String id) {
        Document d = collection.find(Filters.eq("_id", id)).first();
        if (d == null) {
            throw new NotFoundException(kind, id);
        }
        return d;
    }

    List<Document> find(Bson filter, Bson sort, int skip, int limit) {
        return collection.find(filter).sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
    }

    long count(Bson filter) {
        return collection.countDocuments(filter);
    }

    List<String> ids(Bson filter) {
        List<String> ids = new ArrayList<>();
        collection.find(filter).projection(new Document("_id", 1)).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    java.util.Set<String> existing(java.util.Collection<String> ids, Bson extra) {
        java.util.Set<String> found = new java.util.HashSet<>();
        collection.find(Filters.and(Filters.in("_id", ids), extra)).projection(new Document("_id", 1))
                .forEach(d -> found.add(d.getString("_id")));
        return found;
    }

}
