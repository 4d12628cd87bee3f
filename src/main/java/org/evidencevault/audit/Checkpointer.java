package org.evidencevault.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.Checkpoint;
import org.evidencevault.ledger.MerkleTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signed checkpoints: every few seconds, if the log grew, the Merkle root of all entries is signed with
 * the active key's Ed25519 and ML-DSA-65 keys as a C2SP tlog-checkpoint note and stored in
 * {@code audit_checkpoints} ({@code _id} = tree size; a second instance making the same one is harmless).
 */
@Component
class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    /** A stored checkpoint: its size, root and signed note. */
    record Stored(long size, byte[] root, String note) {
    }

    private final AuditStore store;
    private final LeafHashCache leaves;
    private final KeyRing keyRing;
    private final AuditProperties props;
    private final Clock clock;
    private final MongoCollection<Document> checkpoints;

    Checkpointer(AuditStore store, LeafHashCache leaves, KeyRing keyRing, AuditProperties props, Clock clock, MongoDatabase db) {
        this.store = store;
        this.leaves = leaves;
        this.keyRing = keyRing;
        this.props = props;
        this.clock = clock;
        this.checkpoints = db.getCollection("audit_checkpoints");
    }

    /** A checkpoint covering every entry now in the log (made now unless one exists). */
    synchronized Optional<Stored> checkpointNow() {
        long size = store.size();
        if (size == 0) {
            return Optional.empty();
        }
        Optional<Stored> latest = latest();
        if (latest.isPresent() && latest.get().size() >= size) {
            return latest;
        }
        byte[] root = MerkleTree.root(leaves.upTo(size), size);
        AuditSigningKey key = keyRing.activeSigningKey();
        Checkpoint checkpoint = new Checkpoint(props.origin(), size, root, List.of("time " + EntrySigner.format(clock.instant())));
        String note = new String(checkpoint.sign(List.of(key.ed25519NoteSigner(), key.mlDsa65NoteSigner())).toBytes(),
                StandardCharsets.UTF_8);
        try {
            checkpoints.insertOne(new Document("_id", size).append("root", HexFormat.of().formatHex(root))
                    .append("note", note).append("time", Date.from(clock.instant())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return at(size);
        }
        return Optional.of(new Stored(size, root, note));
    }

    Optional<Stored> latest() {
        return Optional.ofNullable(checkpoints.find().sort(Sorts.descending("_id")).limit(1).first()).map(Checkpointer::stored);
    }

    Optional<Stored> at(long size) {
        return Optional.ofNullable(checkpoints.find(Filters.eq("_id", size)).first()).map(Checkpointer::stored);
    }

    /** Every checkpoint with size in {@code [from, to]}, oldest first. */
    List<Stored> between(long fromSize, long toSize) {
        return checkpoints.find(Filters.and(Filters.gte("_id", fromSize), Filters.lte("_id", toSize)))
                .sort(Sorts.ascending("_id")).map(Checkpointer::stored).into(new java.util.ArrayList<>());
    }

    @Scheduled(fixedDelayString = "${vault.audit.checkpoint-interval:5s}", initialDelayString = "${vault.audit.checkpoint-interval:5s}")
    void scheduled() {
        try {
            checkpointNow();
        } catch (RuntimeException e) {
            log.error("audit checkpoint failed: {}", e.getClass().getSimpleName());
        }
    }

    private static Stored stored(Document d) {
        return new Stored(d.get("_id", Number.class).longValue(), HexFormat.of().parseHex(d.getString("root")), d.getString("note"));
    }
}
