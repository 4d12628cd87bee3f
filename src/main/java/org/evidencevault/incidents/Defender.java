package org.evidencevault.incidents;

import org.evidencevault.records.RecordHeader;
import java.time.Instant;
import java.util.Objects;

/** A defender aggregate: identity, version, the case team the record belongs to, and profile. */
public record Defender(DefenderId id, long version, String team, DefenderProfile profile, Instant createdAt, Instant updatedAt) {

    public Defender {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
    }

    public static Defender register(DefenderId id, String team, DefenderProfile profile, Instant now) {
        return new Defender(id, 1, team, profile, now, now);
    }

    /** The next version of a stored record, accepted only against its current version. */
    static Defender revision(RecordHeader current, long expectedVersion, String team, DefenderProfile newProfile, Instant now) {
        return new Defender(new DefenderId(current.id()), current.nextVersion(expectedVersion), team, newProfile,
                current.createdAt(), current.revisedAt(now));
    }
}
