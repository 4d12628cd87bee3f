package org.evidencevault.communications;

import java.time.Instant;
import java.util.Objects;
import org.evidencevault.records.RecordHeader;

/**
 * A letter aggregate: identity (its key's id, {@code OTH-62-2023}), version (optimistic concurrency) and
 * details. A revision is accepted only against the current version and yields the next one.
 */
public record Communication(String id, long version, CommunicationDetails details, Instant createdAt, Instant updatedAt) {

    public Communication {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(details, "details");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }

    public static Communication register(CommunicationDetails details, Instant now) {
        return new Communication(details.key().id(), 1, details, now, now);
    }

    /** The next version of a stored letter, accepted only against its current version. */
    static Communication revision(RecordHeader current, long expectedVersion, CommunicationDetails newDetails, Instant now) {
        return new Communication(current.id(), current.nextVersion(expectedVersion), newDetails, current.createdAt(),
                current.revisedAt(now));
    }
}
