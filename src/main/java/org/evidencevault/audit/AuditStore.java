package org.evidencevault.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.evidencevault.ledger.AuditEntry;
import org.springframework.stereotype.Component;

/**
 * The {@code audit_log} collection: one document per entry, {@code _id} = seq. Unique indexes on
 * {@code prev} and {@code claim} (besides {@code _id}) make forks and double claims impossible even
 * with many writers on many instances: a losing insert fails with a duplicate key and is re-chained.
 */
@Component
class AuditStore {

    /** The last entry as the chain continues from it. */
    record Tail(long seq, String hash, String time, String keyId) {
        static final Tail EMPTY = new Tail(-1, AuditEntry.GENESIS_PREV, null, null);
    }

    private final MongoCollection<Document> entries;

    AuditStore(MongoDatabase db) {
        this.entries = db.getCollection("audit_log");
        entries.createIndex(Indexes.ascending("prev"), new IndexOptions().unique(true).name("prev_unique"));
        entries.createIndex(Indexes.ascending("claim"), new IndexOptions().unique(true).name("claim_unique"));
        entries.createIndex(Indexes.ascending("targetIds"));
        entries.createIndex(Indexes.ascending("action"));
    }

    Tail tail() {
        Document last = entries.find().sort(Sorts.descending("_id")).limit(1)
                .projection(Projections.include("hash", "time", "keyId", "body")).first();
        if (last == null) {
            return Tail.EMPTY;
        }
        byte[] body = last.getString("body").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AuditEntry e = AuditEntry.parse(body);
        // the chain continues from the hash of the signed bytes, never from the stored (unsigned) hash field
        return new Tail(e.seq(), HexFormat.of().formatHex(org.evidencevault.ledger.MerkleTree.leafHash(body)), e.time(), e.keyId());
    }

    void insertOrdered(List<Document> docs) {
        entries.insertMany(docs, new InsertManyOptions().ordered(true));
    }

    Document byClaim(String claim) {
        return entries.find(Filters.eq("claim", claim)).first();
    }

    long size() {
        Tail t = tail();
        return t.seq() + 1;
    }

    /**
     * Entries {@code from..to} inclusive, in seq order, without payloads. Read {@value #PAGE} seqs per query: the embedded
     * store gathers a query's whole answer before it replies, so one query over a long range would hold every entry in
     * memory at once (and outlast the socket timeout on a loaded store).
     */
    void forEachInRange(long from, long toInclusive, Consumer<Document> each) {
        for (long start = Math.max(0, from); start <= toInclusive; start += PAGE) {
            long end = Math.min(toInclusive, start + PAGE - 1);
            entries.find(Filters.and(Filters.gte("_id", start), Filters.lte("_id", end)))
                    .projection(Projections.exclude("payload")).sort(Sorts.ascending("_id")).batchSize(PAGE).forEach(each::accept);
        }
    }

    /** Entries with a stored change from {@code from} on (up to the tail when called), in seq order, a page at a time. */
    void forEachChangeFrom(long from, Consumer<Document> each) {
        long tail = tail().seq();
        for (long start = Math.max(0, from); start <= tail; start += PAGE) {
            entries.find(Filters.and(Filters.gte("_id", start), Filters.lte("_id", start + PAGE - 1), Filters.exists("payload", true)))
                    .sort(Sorts.ascending("_id")).batchSize(PAGE).forEach(each::accept);
        }
    }

    /** Seqs read per query when reading a range. */
    static final int PAGE = 1000;

    /** Seqs of the entries that name {@code id} among their targets. */
    List<Long> seqsTargeting(String id) {
        List<Long> seqs = new ArrayList<>();
        entries.find(Filters.eq("targetIds", id)).projection(Projections.include("_id")).sort(Sorts.ascending("_id"))
                .forEach(d -> seqs.add(d.get("_id", Number.class).longValue()));
        return seqs;
    }

    /** Entries {@code from..to} inclusive as stored (without payloads), in seq order. */
    List<Document> range(long from, long toInclusive) {
        List<Document> docs = new ArrayList<>();
        forEachInRange(from, toInclusive, docs::add);
        return docs;
    }

    /** Seqs of the entries with this action (e.g. key rotations). */
    List<Long> seqsOfAction(String action) {
        List<Long> seqs = new ArrayList<>();
        entries.find(Filters.eq("action", action)).projection(Projections.include("_id")).sort(Sorts.ascending("_id"))
                .forEach(d -> seqs.add(d.get("_id", Number.class).longValue()));
        return seqs;
    }

    /** The stored change of entry {@code seq} (a CHANGE entry's {@code payload}), or null. */
    Document payloadOf(long seq) {
        Document d = entries.find(Filters.eq("_id", seq)).projection(Projections.include("payload")).first();
        return d == null ? null : d.get("payload", Document.class);
    }

    Document bySeq(long seq) {
        return entries.find(Filters.eq("_id", seq)).projection(Projections.exclude("payload")).first();
    }
}
