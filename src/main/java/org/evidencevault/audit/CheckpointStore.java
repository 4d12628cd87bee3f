package org.evidencevault.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.Checkpoint;
import org.evidencevault.ledger.MalformedNoteException;
import org.evidencevault.ledger.NoteVerificationException;
import org.springframework.stereotype.Component;

/**
 * The {@code audit_checkpoints} collection ({@code _id} = tree size). A stored checkpoint counts only once
 * its signed note verifies under one key version of the ring (both Ed25519 and ML-DSA-65), for this log's
 * origin, and names the size and root stored beside it: the stored {@code root} field is a copy, never trusted.
 */
@Component
class CheckpointStore {

    /** A stored checkpoint: its size, root and signed note. */
    record Stored(long size, byte[] root, String note) {
    }

    private final MongoCollection<Document> checkpoints;
    private final KeyRing keyRing;
    private final AuditProperties props;

    CheckpointStore(MongoDatabase db, KeyRing keyRing, AuditProperties props) {
        this.checkpoints = db.getCollection("audit_checkpoints");
        this.keyRing = keyRing;
        this.props = props;
    }

    /** Stores a checkpoint this instance signed; false if one of that size exists already. */
    boolean insert(Stored c, Date time) {
        try {
            checkpoints.insertOne(new Document("_id", c.size()).append("root", HexFormat.of().formatHex(c.root()))
                    .append("note", c.note()).append("time", time));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    Optional<Stored> latest() {
        return Optional.ofNullable(checkpoints.find().sort(Sorts.descending("_id")).limit(1).first()).map(CheckpointStore::stored);
    }

    /** The newest checkpoint whose size is at most {@code size}. */
    Optional<Stored> latestUpTo(long size) {
        return Optional.ofNullable(checkpoints.find(Filters.lte("_id", size)).sort(Sorts.descending("_id")).limit(1).first())
                .map(CheckpointStore::stored);
    }

    Optional<Stored> at(long size) {
        return Optional.ofNullable(checkpoints.find(Filters.eq("_id", size)).first()).map(CheckpointStore::stored);
    }

    /** The oldest checkpoint with size in {@code [from, to]} that verifies; read one at a time, never all at once. */
    Optional<Stored> firstVerifiedBetween(long fromSize, long toSize) {
        try (var cursor = checkpoints.find(Filters.and(Filters.gte("_id", fromSize), Filters.lte("_id", toSize)))
                .sort(Sorts.ascending("_id")).batchSize(4).iterator()) {
            while (cursor.hasNext()) {
                Stored c = stored(cursor.next());
                if (verifies(c)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code c}'s note is a checkpoint of this log signed by a key of the ring, for exactly the size
     * and root stored with it.
     */
    boolean verifies(Stored c) {
        byte[] note = c.note() == null ? null : c.note().getBytes(StandardCharsets.UTF_8);
        if (note == null) {
            return false;
        }
        for (AuditSigningKey key : keyRing.signingKeys()) {
            try {
                Checkpoint opened = Checkpoint.open(note, props.origin(), key.noteKeys());
                return opened.size() == c.size() && Arrays.equals(opened.rootHash(), c.root());
            } catch (NoteVerificationException e) {
                // not this key version; try the next
            } catch (MalformedNoteException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** As stored; a root that is not hex reads as empty (and then never verifies). */
    private static Stored stored(Document d) {
        byte[] root;
        try {
            root = HexFormat.of().parseHex(String.valueOf(d.getString("root")));
        } catch (IllegalArgumentException e) {
            root = new byte[0];
        }
        return new Stored(d.get("_id", Number.class).longValue(), root, d.getString("note"));
    }
}
