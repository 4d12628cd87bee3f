package org.evidencevault.records;

import java.time.Instant;
import org.evidencevault.common.StaleVersionException;

/**
 * The clear part every stored record has: kind, id, version, creation and last-update times, and the id
 * of the data key that seals it. Enough to accept a revision, and the one place the version is checked.
 */
public record RecordHeader(RecordKind kind, String id, long version, Instant createdAt, Instant updatedAt, String dataKeyId) {

    /**
     * Optimistic concurrency: a revision must name the current version; returns the version it creates.
     *
     * @throws StaleVersionException otherwise
     */
    public long nextVersion(long expectedVersion) {
        if (expectedVersion != version) {
            throw new StaleVersionException(kind.type(), id, expectedVersion, version);
        }
        return version + 1;
    }

    /**
     * When a revision made {@code now} is dated: never before the record was created or last updated,
     * whatever another instance's clock said then.
     */
    public Instant revisedAt(Instant now) {
        Instant t = now;
        if (createdAt != null && t.isBefore(createdAt)) {
            t = createdAt;
        }
        if (updatedAt != null && t.isBefore(updatedAt)) {
            t = updatedAt;
        }
        return t;
    }
}
