package org.evidencevault.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.evidencevault.crypto.DataKeys;
import org.springframework.stereotype.Component;

/**
 * Applies recorded changes to the stored state. Every step is idempotent and conditional on the version
 * it expects, so applying a change twice (the writer and a repair after a crash) is harmless, and a change
 * is never applied over a different one.
 */
@Component
class StateApplier {

    private final MongoDatabase db;
    private final DataKeys dataKeys;

    StateApplier(MongoDatabase db, DataKeys dataKeys) {
        this.db = db;
        this.dataKeys = dataKeys;
    }

    /** Applies every step; returns true if anything had still to be done. */
    boolean apply(java.util.List<StateChange.Op> ops) {
        boolean changed = false;
        for (StateChange.Op op : ops) {
            if (op instanceof StateChange.Put put) {
                changed |= put(put);
            } else {
                dataKeys.destroy(((StateChange.Shred) op).dataKeyId());
            }
        }
        return changed;
    }

    private boolean put(StateChange.Put p) {
        MongoCollection<Document> c = db.getCollection(p.collection());
        if (p.version() == 1) {
            try {
                c.insertOne(p.document());
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY && versionOf(c, p.id()) >= 1) {
                    return false;
                }
                throw e;
            }
        }
        UpdateResult r = c.replaceOne(Filters.and(Filters.eq("_id", p.id()), Filters.eq("version", p.version() - 1)), p.document());
        if (r.getMatchedCount() == 1) {
            return true;
        }
        long current = versionOf(c, p.id());
        if (current >= p.version()) {
            return false;
        }
        throw new IllegalStateException(p.collection() + "/" + p.id() + " is at version " + current
                + "; cannot apply version " + p.version());
    }

    private static long versionOf(MongoCollection<Document> c, String id) {
        Document d = c.find(Filters.eq("_id", id)).projection(new Document("version", 1)).first();
        return d == null ? 0 : d.get("version", Number.class).longValue();
    }
}
