package org.evidencevault.anchoring;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

/**
 * Where cosignatures and time-stamp tokens are kept: {@code audit_cosignatures} ({@code _id} = {@code <witness
 * name>@<size>}: the line as the witness sent it) and {@code audit_timestamps} ({@code _id} = {@code <tsa name>@<size>}:
 * the DER token). Both are found by id only, one point lookup per witness or TSA and checkpoint. Nothing here is
 * trusted: every read is checked against the pinned key or certificate ({@link Anchoring}).
 */
@Component
class AnchorStore {

    private final MongoCollection<Document> cosignatures;
    private final MongoCollection<Document> timestamps;

    AnchorStore(MongoDatabase db) {
        this.cosignatures = db.getCollection("audit_cosignatures");
        this.timestamps = db.getCollection("audit_timestamps");
    }

    void putCosignature(String witness, long size, String line, Instant time) {
        cosignatures.replaceOne(Filters.eq("_id", witness + "@" + size), new Document("_id", witness + "@" + size)
                .append("witness", witness).append("size", size).append("line", line).append("time", Date.from(time)),
                new ReplaceOptions().upsert(true));
    }

    Optional<String> cosignature(String witness, long size) {
        return Optional.ofNullable(cosignatures.find(Filters.eq("_id", witness + "@" + size)).first()).map(d -> d.getString("line"));
    }

    /** Keeps the first token of a TSA for a size; a second one (another instance asked too) is dropped. */
    void putTimestamp(String tsa, long size, byte[] token, Instant genTime) {
        try {
            timestamps.insertOne(new Document("_id", tsa + "@" + size).append("tsa", tsa).append("size", size)
                    .append("token", new Binary(token)).append("genTime", Date.from(genTime)));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    Optional<byte[]> timestamp(String tsa, long size) {
        return Optional.ofNullable(timestamps.find(Filters.eq("_id", tsa + "@" + size)).first())
                .map(d -> d.get("token", Binary.class).getData());
    }
}
