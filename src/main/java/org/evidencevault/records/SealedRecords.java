package org.evidencevault.records;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.RecordSeals;
import org.evidencevault.audit.StateChange;
import org.evidencevault.audit.Target;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.RecordIntegrityException;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.FieldSealer;
import org.evidencevault.crypto.Sealer;

/**
 * One collection of sealed, versioned records of one {@link RecordKind}. Every record type is stored
 * with it, so the plumbing exists once:
 * <ul>
 * <li>the stored form: {@code _id, version, dek, createdAt, updatedAt}, the type's plain fields, and
 *     {@code sealed: {field: envelope}} with each field sealed under the record's own data key and bound
 *     to (collection, id, field);</li>
 * <li>changes, never writes: {@link #creation} makes the change that stores a new record together with
 *     its new data key, {@link #revision} the one that replaces a version; both are applied by the audit
 *     seam after their entry;</li>
 * <li>reads of stored records, and {@link #open}, which decrypts only against an {@link AuditedRead};
 *     every record read is first held to its log ({@link RecordSeals}): one that fails is withheld
 *     (a single read throws {@link RecordIntegrityException}, a list leaves it out), reported once, and
 *     never served as good, while the others keep being served.</li>
 * </ul>
 */
public final class SealedRecords {

    static final String DATA_KEY = "dek";
    static final String SEALED = "sealed";

    private final RecordKind kind;
    private final MongoDatabase db;
    private final MongoCollection<Document> collection;
    private final FieldSealer fields;
    private final DataKeys dataKeys;
    private final RecordSeals seals;

    SealedRecords(MongoDatabase db, RecordKind kind, Sealer sealer, DataKeys dataKeys, RecordSeals seals) {
        this.kind = kind;
        this.db = db;
        this.collection = db.getCollection(kind.collection());
        this.fields = new FieldSealer(sealer, kind.collection());
        this.dataKeys = dataKeys;
        this.seals = seals;
    }

    public RecordKind kind() {
        return kind;
    }

    /** An ascending index on {@code fields}. */
    public SealedRecords index(String... fields) {
        collection.createIndex(Indexes.ascending(fields));
        return this;
    }

    /** A unique ascending index on {@code fields}. */
    public SealedRecords uniqueIndex(String name, String... fields) {
        collection.createIndex(Indexes.ascending(fields), new IndexOptions().unique(true).name(name));
        return this;
    }

    // ---- reads ----------------------------------------------------------------------------------------

    /**
     * The stored record with this id.
     *
     * @throws NotFoundException if there is none (the message names the kind, never the id asked for)
     */
    public StoredRecord get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException(kind.type()));
    }

    /**
     * The stored record with this id, if there is one.
     *
     * @throws RecordIntegrityException if it is stored but fails its check against the log
     */
    public Optional<StoredRecord> find(String id) {
        Document d = collection.find(Filters.eq("_id", id)).first();
        if (d == null) {
            return Optional.empty();
        }
        if (!trusted(d)) {
            throw new RecordIntegrityException(kind.type(), String.valueOf(d.get("_id")));
        }
        return Optional.of(stored(d));
    }

    /**
     * The stored record with this id, if there is one and {@code reachable} (asked of the record as stored, before
     * its check against the log) lets the caller reach it. A record the caller may not reach is answered like one
     * that does not exist, and at the same cost: it is not checked, so the time of a refusal tells nothing about
     * whether a record exists. Only a refusal rests on the unchecked fields; a reachable record is checked.
     *
     * @throws RecordIntegrityException if it is reachable but fails its check against the log
     */
    public Optional<StoredRecord> findReachable(String id, java.util.function.Predicate<StoredRecord> reachable) {
        Document d = collection.find(Filters.eq("_id", id)).first();
        if (d == null || !reachable.test(stored(d))) {
            return Optional.empty();
        }
        if (!trusted(d)) {
            throw new RecordIntegrityException(kind.type(), String.valueOf(d.get("_id")));
        }
        return Optional.of(stored(d));
    }

    /**
     * As {@link #findReachable}, for a request: an id the vault could not have made, an unknown id and a record the
     * caller may not reach all answer the same {@link NotFoundException} (naming the kind; a well-formed id is kept in
     * it for the refusal's audit entry, never in its message).
     */
    public StoredRecord requireReachable(String id, java.util.function.Predicate<StoredRecord> reachable) {
        if (!RecordIds.wellFormed(id)) {
            throw new NotFoundException(kind.type());
        }
        return findReachable(id, reachable).orElseThrow(() -> new NotFoundException(kind.type(), id));
    }

    /** As {@link #find(String)}, but a record that fails its check counts as absent (accounts, tokens: refused). */
    public Optional<StoredRecord> findTrusted(String id) {
        Document d = collection.find(Filters.eq("_id", id)).first();
        return d != null && trusted(d) ? Optional.of(stored(d)) : Optional.empty();
    }

    public boolean exists(String id) {
        // a find by _id, not countDocuments: that is an aggregation, which the embedded store answers by reading everything
        return collection.find(Filters.eq("_id", id)).projection(new Document("_id", 1)).first() != null;
    }

    /** The records matching {@code filter}; one that fails its check against the log is left out (and reported). */
    public List<StoredRecord> find(Bson filter, Bson sort, int skip, int limit) {
        List<StoredRecord> out = new ArrayList<>();
        collection.find(filter).sort(sort).skip(skip).limit(limit).forEach(d -> {
            if (trusted(d)) {
                out.add(stored(d));
            }
        });
        return out;
    }

    /**
     * How many stored records match {@code filter} (checked or not: a count opens nothing). The {@code count} command,
     * not {@code countDocuments}: that is an aggregation, which the embedded store answers by reading every document,
     * while {@code count} is planned with the indexes on both stores (and answered from an index alone when the filter
     * is one indexed condition). On a replica set without sharding both count exactly.
     */
    public long count(Bson filter) {
        Document reply = db.runCommand(new Document("count", collection.getNamespace().getCollectionName())
                .append("query", filter.toBsonDocument(Document.class, collection.getCodecRegistry())));
        return reply.get("n", Number.class).longValue();
    }

    /** The ids of the records matching {@code filter} that pass their check against the log. */
    public List<String> ids(Bson filter) {
        List<String> ids = new ArrayList<>();
        collection.find(filter).forEach(d -> {
            if (trusted(d)) {
                ids.add(d.getString("_id"));
            }
        });
        return ids;
    }

    /** The ids among {@code ids} that are stored, match {@code extra} and pass their check against the log. */
    public Set<String> existing(Collection<String> ids, Bson extra) {
        Set<String> found = new HashSet<>();
        collection.find(Filters.and(Filters.in("_id", ids), extra)).forEach(d -> {
            if (trusted(d)) {
                found.add(d.getString("_id"));
            }
        });
        return found;
    }

    /** For each stored id among {@code ids} that passes its check against the log, the value of one plain field. */
    public Map<String, Object> plainField(Collection<String> ids, String field) {
        Map<String, Object> found = new HashMap<>();
        collection.find(Filters.in("_id", ids)).forEach(d -> {
            if (trusted(d)) {
                found.put(d.getString("_id"), d.get(field));
            }
        });
        return found;
    }

    /** Checks every stored record of this kind against the log (the integrity sweep), from {@code afterId}, at most {@code limit}. */
    public SweepStep sweep(String afterId, int limit) {
        int checked = 0;
        int failed = 0;
        String last = afterId;
        for (Document d : collection.find(afterId == null ? new Document() : Filters.gt("_id", afterId))
                .sort(new Document("_id", 1)).limit(limit)) {
            checked++;
            if (!trusted(d)) {
                failed++;
            }
            last = String.valueOf(d.get("_id"));
        }
        return new SweepStep(checked, failed, checked < limit ? null : last);
    }

    /** The stored version of a record (without checking it), if it is stored. */
    public java.util.OptionalLong storedVersion(String id) {
        Document d = collection.find(Filters.eq("_id", id)).projection(new Document("version", 1)).first();
        return d != null && d.get("version") instanceof Number n ? java.util.OptionalLong.of(n.longValue()) : java.util.OptionalLong.empty();
    }

    /** One step of a sweep: how many records were checked, how many failed, and where to go on (null: done). */
    public record SweepStep(int checked, int failed, String next) {
    }

    /**
     * Whether a stored document may be served: it matches the entry that last changed it, and its data key opens (a key
     * swapped or corrupted behind the vault's back is reported here, so lists leave the record out like any other that
     * fails, instead of failing as a whole when they open it).
     */
    private boolean trusted(Document d) {
        if (!seals.check(kind.type(), kind.collection(), d).ok()) {
            return false;
        }
        String dek = d.getString(DATA_KEY);
        if (dek != null && !dataKeys.opens(dek)) {
            seals.reportUnreadable(kind.type(), kind.collection(), String.valueOf(d.get("_id")));
            return false;
        }
        return true;
    }

    /**
     * Opens every sealed field of {@code record}, only inside the audited read {@code read}; fails (and
     * the read stops) if any envelope does not authenticate.
     */
    public Map<String, String> open(StoredRecord record, AuditedRead read) {
        try {
            return fields.open(record.document().get(SEALED, Document.class), record.id(), read);
        } catch (org.evidencevault.crypto.DataKeyDestroyedException e) {
            throw e; // erased (crypto-shredded) by the vault itself: not tampering, its callers answer it as gone
        } catch (org.evidencevault.crypto.CryptoFailureException e) {
            // the record itself matched the log (it was checked when found): its data key did not
            seals.reportUnreadable(kind.type(), kind.collection(), record.id());
            throw new RecordIntegrityException(kind.type(), record.id());
        }
    }

    // ---- changes --------------------------------------------------------------------------------------

    /** A record about to be created: its id and a fresh data key, not stored until the change is applied. */
    private record NewRecord(String id, DataKeys.NewDataKey key) {
        public String dataKeyId() {
            return key.id();
        }
    }

    /** Prepares a new record: a fresh data key in memory, written only by the change that creates the record. */
    private NewRecord newRecord(String id) {
        return new NewRecord(id, dataKeys.prepare(kind.collection() + "/" + id));
    }

    /**
     * The stored form of a version: the header fields, then {@code plain} (ids, enums, dates, blind
     * indexes), then every non-null value of {@code secret} sealed under {@code dataKeyId} (null for a record
     * kind that seals nothing).
     */
    public Document compose(String id, long version, String dataKeyId, Instant createdAt, Instant updatedAt,
                            Document plain, Map<String, String> secret) {
        Document d = new Document("_id", id).append("version", version);
        if (dataKeyId != null) {
            d.append(DATA_KEY, dataKeyId);
        }
        d.append("createdAt", Date.from(createdAt)).append("updatedAt", Date.from(updatedAt));
        plain.forEach(d::append);
        if (dataKeyId != null) {
            d.append(SEALED, fields.seal(dataKeyId, id, secret));
        } else if (!secret.isEmpty()) {
            throw new IllegalArgumentException("a record without a data key has no sealed fields");
        }
        return d;
    }

    /**
     * The change that stores version 1 of a new record and its new data key: {@code document} makes the
     * stored form given the new data key's id.
     */
    public StateChange creation(String id, java.util.function.Function<String, Document> document) {
        NewRecord record = newRecord(id);
        return new StateChange(target(id), 1, List.of(new StateChange.CreateDataKey(record.key().stored()),
                new StateChange.Put(kind.collection(), id, 1, document.apply(record.dataKeyId()))));
    }

    /**
     * The stored form of the next version of {@code current} that changes only plain fields: its sealed
     * fields are carried over as they are, without being opened (their associated data names the record and
     * field, not the version, so they stay valid).
     */
    public Document composeKeepingSealed(StoredRecord current, long version, Instant updatedAt, Document plain) {
        Document d = new Document("_id", current.id()).append("version", version);
        String dek = current.header().dataKeyId();
        if (dek != null) {
            d.append(DATA_KEY, dek);
        }
        d.append("createdAt", Date.from(current.header().createdAt())).append("updatedAt", Date.from(updatedAt));
        plain.forEach(d::append);
        Object sealed = current.document().get(SEALED);
        if (sealed != null) {
            d.append(SEALED, sealed);
        }
        return d;
    }

    /** The change that stores version 1 of a record with no sealed fields (and so no data key of its own). */
    public StateChange plainCreation(String id, Document document) {
        return new StateChange(target(id), 1, List.of(new StateChange.Put(kind.collection(), id, 1, document)));
    }

    /**
     * The change that replaces {@code current} with its next version {@code version}: {@code document}
     * makes the stored form given the record's data key id (which never changes).
     */
    public StateChange revision(StoredRecord current, long version, java.util.function.Function<String, Document> document) {
        return new StateChange(target(current.id()), version, List.of(new StateChange.Put(kind.collection(), current.id(), version,
                document.apply(current.header().dataKeyId()))));
    }

    /** A change of record {@code id} to {@code version} made of the given steps (e.g. erasure). */
    public StateChange change(String id, long version, List<StateChange.Op> ops) {
        return new StateChange(target(id), version, ops);
    }

    public Target target(String id) {
        return new Target(kind.type(), id);
    }

    private StoredRecord stored(Document d) {
        return new StoredRecord(kind, d);
    }
}
