package org.evidencevault.incidents;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.common.NotFoundException;

/**
 * Reads of a versioned collection of records. Writes are not here: they are recorded changes, applied by
 * the audit seam ({@link org.evidencevault.audit.Audited#change}).
 */
final class RecordCollection {

    private final MongoCollection<Document> collection;
    private final String kind;

    RecordCollection(MongoCollection<Document> collection, String kind) {
        this.collection = collection;
        this.kind = kind;
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
