package org.evidencevault.incidents;

import org.evidencevault.records.RecordHeader;
import java.time.Instant;
import java.util.Objects;

/**
 * An incident aggregate: identity, version (for optimistic concurrency), the case team it belongs to, the UN
 * mandates the team shared it with, and details. A revision is accepted only against the current version and yields the next one.
 */
public record Incident(IncidentId id, long version, String team, java.util.Set<String> sharedWith, IncidentDetails details,
                       Instant createdAt, Instant updatedAt) {

    public Incident {
        Objects.requireNonNull(id, "id");
        sharedWith = sharedWith == null ? java.util.Set.of() : java.util.Set.copyOf(sharedWith);
        Objects.requireNonNull(details, "details");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }

    public static Incident register(IncidentId id, String team, IncidentDetails details, Instant now) {
        return new Incident(id, 1, team, java.util.Set.of(), details, now, now);
    }

    /** The next version of a stored record, accepted only against its current version. */
    static Incident revision(RecordHeader current, long expectedVersion, String team, java.util.Set<String> sharedWith,
                             IncidentDetails newDetails, Instant now) {
        return new Incident(new IncidentId(current.id()), current.nextVersion(expectedVersion), team, sharedWith, newDetails,
                current.createdAt(), current.revisedAt(now));
    }
}
