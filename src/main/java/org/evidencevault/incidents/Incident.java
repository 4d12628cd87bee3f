package org.evidencevault.incidents;

import org.evidencevault.records.RecordHeader;
import java.time.Instant;
import java.util.Objects;

/**
 * An incident aggregate: identity, version (for optimistic concurrency) and details. A revision is
 * accepted only against the current version and yields the next one.
 */
public record Incident(IncidentId id, long version, IncidentDetails details, Instant createdAt, Instant updatedAt) {

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(details, "details");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }

    public static Incident register(IncidentId id, IncidentDetails details, Instant now) {
        return new Incident(id, 1, details, now, now);
    }

    /** The next version of a stored record, accepted only against its current version. */
    static Incident revision(RecordHeader current, long expectedVersion, IncidentDetails newDetails, Instant now) {
        return new Incident(new IncidentId(current.id()), current.nextVersion(expectedVersion), newDetails,
                current.createdAt(), current.revisedAt(now));
    }
}
