package org.evidencevault.records;

import java.util.Date;
import org.bson.Document;

/**
 * A record as stored: its header and the stored document. Services pass it around without looking
 * inside; only the record type's own mapping (its {@code *Records} class) reads {@link #document()}.
 */
public final class StoredRecord {

    private final RecordKind kind;
    private final Document document;

    StoredRecord(RecordKind kind, Document document) {
        this.kind = kind;
        this.document = document;
    }

    public String id() {
        return document.getString("_id");
    }

    public long version() {
        return document.get("version", Number.class).longValue();
    }

    public RecordHeader header() {
        return new RecordHeader(kind, id(), version(), instant("createdAt"), instant("updatedAt"),
                document.getString(SealedRecords.DATA_KEY));
    }

    /** The stored document, for the record type's mapping. */
    public Document document() {
        return document;
    }

    private java.time.Instant instant(String field) {
        Date d = document.getDate(field);
        return d == null ? null : d.toInstant();
    }

    @Override
    public String toString() {
        return "StoredRecord[" + kind.type() + "/" + id() + " v" + version() + "]";
    }
}
