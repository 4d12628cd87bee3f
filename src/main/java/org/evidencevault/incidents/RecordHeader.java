package org.evidencevault.incidents;

import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.evidencevault.common.StaleVersionException;

/** The clear part every stored record has: id, version and creation time. Enough to accept a revision. */
record RecordHeader(String kind, String id, long version, Instant createdAt) {

    static RecordHeader of(String kind, Document d) {
        Date created = d.getDate("createdAt");
        return new RecordHeader(kind, d.getString("_id"), d.get("version", Number.class).longValue(),
                created == null ? null : created.toInstant());
    }

    /** Optimistic concurrency: a revision must name the current version. */
    long nextVersion(long expectedVersion) {
        if (expectedVersion != version) {
            throw new StaleVersionException(kind, id, expectedVersion, version);
        }
        return version + 1;
    }
}
