package org.evidencevault.incidents;

import org.evidencevault.records.RecordHeader;
import java.time.Instant;
import java.util.Objects;

/** A defender aggregate: identity, version and profile. */
public record Defender(DefenderId id, long version, DefenderProfile profile, Instant createdAt, Instant updatedAt) {

    public Defender {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
    }

    public static Defender register(DefenderId id, DefenderProfile profile, Instant now) {
        return new Defender(id, 1, profile, now, now);
    }

    /** The next version of a stored record, accepted only against its current version. */
    static Defender revision(RecordHeader current, long expectedVersion, DefenderProfile newProfile, Instant now) {
        return new Defender(new DefenderId(current.id()), current.nextVersion(expectedVersion), newProfile,
                current.createdAt(), current.revisedAt(now));
    }
}
