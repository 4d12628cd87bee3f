package org.evidencevault.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.UpdateResult;
import java.util.List;
import org.bson.Document;
import org.evidencevault.crypto.CryptoFailureException;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.store.StoreFailures;
import org.springframework.stereotype.Component;

/**
 * Applies recorded changes to the stored state. Every step is idempotent and conditional on the version
 * it expects, so applying a change twice (the writer and a repair after a crash) is harmless, and a change
 * is never applied over a different one. "Already there with the same content" counts as applied; "already
 * there with other content" is a {@link StoreConflictException}, never a reason to overwrite.
 */
@Component
class StateApplier {

    private final MongoDatabase db;
    private final DataKeys dataKeys;

    StateApplier(MongoDatabase db, DataKeys dataKeys) {
        this.db = db;
        this.dataKeys = dataKeys;
    }

    /** Applies every step of the change recorded at {@code seq}; returns true if anything had still to be done. */
    boolean apply(long seq, List<StateChange.Op> ops) {
        boolean changed = false;
        for (StateChange.Op op : ops) {
            if (op instanceof StateChange.Put put) {
                changed |= put(put);
            } else if (op instanceof StateChange.CreateDataKey key) {
                changed |= storeKey(key);
            } else {
                dataKeys.destroy(((StateChange.Shred) op).dataKeyId());
            }
        }
        return changed;
    }

    private boolean storeKey(StateChange.CreateDataKey k) {
        try {
            return dataKeys.store(k.key());
        } catch (CryptoFailureException e) {
            throw new StoreConflictException("data_keys/" + k.key().getString("_id"), "stored with other content than recorded");
        }
    }

    private boolean put(StateChange.Put p) {
        MongoCollection<Document> c = db.getCollection(p.collection());
        if (p.version() == 1) {
            try {
                c.insertOne(p.document());
                return true;
            } catch (RuntimeException e) {
                if (StoreFailures.classify(e).isPresent()) {
                    throw e;
                }
                Document existing = c.find(Filters.eq("_id", p.id())).first();
                if (existing == null) {
                    throw e;
                }
                return alreadyApplied(p, existing);
            }
        }
        UpdateResult r = c.replaceOne(Filters.and(Filters.eq("_id", p.id()), Filters.eq("version", p.version() - 1)), p.document());
        if (r.getMatchedCount() == 1) {
            return true;
        }
        Document existing = c.find(Filters.eq("_id", p.id())).first();
        if (existing == null) {
            throw new StoreConflictException(p.collection() + "/" + p.id(), "is missing; cannot apply version " + p.version());
        }
        return alreadyApplied(p, existing);
    }

    /** False if the stored record is this version with this content, or a later version; otherwise a conflict. */
    private static boolean alreadyApplied(StateChange.Put p, Document existing) {
        long current = versionOf(existing);
        if (current > p.version() || current == p.version() && existing.equals(p.document())) {
            return false;
        }
        String subject = p.collection() + "/" + p.id();
        if (current == p.version()) {
            throw new StoreConflictException(subject, "version " + current + " is stored with other content than recorded");
        }
        throw new StoreConflictException(subject, "is at version " + current + "; cannot apply version " + p.version());
    }

    private static long versionOf(Document d) {
        Object v = d.get("version");
        return v instanceof Number n ? n.longValue() : -1;
    }
}
