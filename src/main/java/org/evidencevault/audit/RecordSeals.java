package org.evidencevault.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.evidencevault.crypto.Digests;
import org.evidencevault.ledger.AuditEntry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import com.mongodb.MongoClientSettings;

/**
 * Holds every stored record to its log. A record's stored form must be, byte for byte (its BSON), the
 * document that the change entry for its id and version recorded: that entry must exist, carry a valid
 * signature by a key of the ring, and its commitment must be the hash of the recorded change. And no later
 * version may be recorded for it (one older than {@code grace} is not a change still being applied: the
 * record was rolled back). Reading a record checks it before it is served: one hash of the bytes read and,
 * once per record version, the entry; the expected hashes of verified entries are cached.
 *
 * <p>A record that fails is reported once (an integrity alarm, which stops changes, and an audit entry
 * naming it) and is never served; other records are not affected.
 */
@Component
public class RecordSeals {

    private static final int CACHE = 200_000;
    private static final HexFormat HEX = HexFormat.of();

    /** A check's outcome: the record is bound to its log, or why not (ids and numbers only). */
    public record Verdict(boolean ok, Long seq, String reason) {
        static final Verdict OK = new Verdict(true, null, null);

        static Verdict failed(Long seq, String reason) {
            return new Verdict(false, seq, reason);
        }
    }

    private final AuditStore store;
    private final EntrySignatures signatures;
    private final IntegrityAlarms alarms;
    private final Clock clock;
    private final Duration grace;
    private final Map<String, Recorded> expected = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
            return size() > CACHE;
        }
    };

    RecordSeals(AuditStore store, EntrySignatures signatures, IntegrityAlarms alarms, Clock clock,
                @Value("${vault.audit.repair-interval:60s}") Duration repairInterval,
                @Value("${vault.integrity.rollback-grace:#{null}}") Duration rollbackGrace) {
        this.store = store;
        this.signatures = signatures;
        this.alarms = alarms;
        this.clock = clock;
        // a newer version recorded this recently may still be on its way to the store (or to repair)
        this.grace = rollbackGrace != null ? rollbackGrace : repairInterval.multipliedBy(2).plusSeconds(30);
    }

    /**
     * Checks one stored document of record type {@code type} in {@code collection}. On failure the record is
     * reported (once) and the verdict says why.
     */
    public Verdict check(String type, String collection, Document stored) {
        Verdict v = verdict(type, collection, stored);
        if (!v.ok()) {
            alarms.raiseRecord(type, collection + "/" + stored.get("_id"), v.seq(), v.reason());
        }
        return v;
    }

    /**
     * Reports a record whose stored form matched its entry but whose sealed fields do not open (its data key was
     * replaced, deleted or corrupted behind the vault's back): an alarm naming it, as for a record that fails its check.
     */
    public void reportUnreadable(String type, String collection, String id) {
        alarms.raiseRecord(type, collection + "/" + id, null, "its sealed fields do not open under its data key: the key was changed"
                + " or removed behind the vault's back");
    }

    private Verdict verdict(String type, String collection, Document stored) {
        Object id = stored.get("_id");
        Object version = stored.get("version");
        if (!(id instanceof String) || !(version instanceof Number n)) {
            return Verdict.failed(null, "has no id or version the vault wrote");
        }
        long v = n.longValue();
        String claim = type + "/" + id + "@" + v;
        String want;
        Long seq;
        Recorded cached;
        synchronized (expected) {
            cached = expected.get(claim);
        }
        if (cached != null) {
            want = cached.hash();
            seq = cached.seq();
        } else {
            Document entry = store.byClaim(claim);
            if (entry == null) {
                // name the newest entry that did record this record, so the operator knows where to look
                List<Long> recorded = store.seqsTargeting((String) id);
                return Verdict.failed(recorded.isEmpty() ? null : recorded.get(recorded.size() - 1),
                        "version " + v + " was never recorded in the audit log");
            }
            seq = entry.get("_id", Number.class).longValue();
            Optional<String> recorded = recordedHash(entry, type, collection, (String) id, v);
            if (recorded.isEmpty()) {
                return Verdict.failed(seq, "the entry that records version " + v + " does not verify (signature, commitment or change)");
            }
            want = recorded.get();
            synchronized (expected) {
                expected.put(claim, new Recorded(want, seq));
            }
        }
        if (!want.equals(hash(stored))) {
            return Verdict.failed(seq, "version " + v + " is stored with other content than the audit log recorded");
        }
        Document next = store.byClaim(type + "/" + id + "@" + (v + 1));
        if (next != null) {
            AuditEntry e = signatures.verified(next);
            if (e != null && Instant.parse(e.time()).plus(grace).isBefore(clock.instant())) {
                return Verdict.failed(e.seq(), "is stored at version " + v + ", but version " + (v + 1) + " was recorded at seq "
                        + e.seq() + ": the record was rolled back");
            }
        }
        return Verdict.OK;
    }

    /** Whether an entry of this time is within the grace in which its change may still be on its way. */
    boolean recent(String entryTime) {
        return !Instant.parse(entryTime).plus(grace).isBefore(clock.instant());
    }

    /** What a verified entry recorded for one record version: the hash of the document and the entry's seq. */
    private record Recorded(String hash, long seq) {
    }

    /** The expected hash of the record as the verified entry records it, or empty if the entry does not verify. */
    Optional<String> recordedHash(Document entry, String type, String collection, String id, long version) {
        AuditEntry e = signatures.verified(entry);
        Document payload = entry.get("payload", Document.class);
        if (e == null || payload == null || !"CHANGE".equals(e.kind()) || e.commitment() == null
                || !e.commitment().equals(Commitments.of(payload))
                || e.targets().stream().noneMatch(t -> t.type().equals(type) && t.id().equals(id) && Long.valueOf(version).equals(t.version()))) {
            return Optional.empty();
        }
        List<StateChange.Op> ops;
        try {
            ops = StateChange.opsOf(payload);
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
        for (StateChange.Op op : ops) {
            if (op instanceof StateChange.Put p && p.collection().equals(collection) && p.id().equals(id) && p.version() == version) {
                return Optional.of(hash(p.document()));
            }
        }
        return Optional.empty();
    }

    /** SHA-256 of a document's BSON encoding, hex. */
    static String hash(Document d) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            MongoClientSettings.getDefaultCodecRegistry().get(Document.class).encode(writer, sorted(d), EncoderContext.builder().build());
        }
        return HEX.formatHex(Digests.sha256(buffer.toByteArray()));
    }

    /**
     * {@code d} with the keys of every embedded document in sorted order: a store may keep a replaced document's
     * fields in another order than they were written (the embedded server keeps the old document's order for the
     * keys it had), and the order of keys carries no meaning; every value is kept exactly.
     */
    private static Document sorted(Document d) {
        Document out = new Document();
        new java.util.TreeMap<>(d).forEach((k, v) -> out.put(k, sortedValue(v)));
        return out;
    }

    private static Object sortedValue(Object v) {
        if (v instanceof Document doc) {
            return sorted(doc);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(RecordSeals::sortedValue).toList();
        }
        return v;
    }

    /** Forgets the cached hashes (tests that rebuild a store under a running vault). */
    void clear() {
        synchronized (expected) {
            expected.clear();
        }
    }
}
