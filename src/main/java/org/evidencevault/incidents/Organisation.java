package org.evidencevault.incidents;

import org.evidencevault.records.RecordHeader;
import java.time.Instant;
import java.util.Objects;
import org.evidencevault.common.Checks;
import org.evidencevault.common.CountryCode;

/**
 * An organisation: a defenders' NGO, a spyware vendor, a state agency, a forensic lab. Its name and
 * acronym are sealed (a defender's NGO points at the defender); type and country are plain.
 */
public record Organisation(OrganisationId id, long version, Details details, Instant createdAt, Instant updatedAt) {

    public enum Type { NGO, COMPANY, STATE_AGENCY, RESEARCH_LAB, INTERGOVERNMENTAL, MEDIA, OTHER }

    public record Details(String name, String acronym, String country, Type type) {
        public Details {
            Checks checks = new Checks()
                    .requirePresent(name, "name")
                    .maxLength(name, 300, "name")
                    .maxLength(acronym, 50, "acronym")
                    .identifying(name, "name")
                    .identifying(acronym, "acronym")
                    .requirePresent(type, "type");
            CountryCode.check(checks, country, "country");
            checks.throwIfAny();
        }
    }

    public Organisation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(details, "details");
    }

    public static Organisation register(OrganisationId id, Details details, Instant now) {
        return new Organisation(id, 1, details, now, now);
    }

    /** The next version of a stored record, accepted only against its current version. */
    static Organisation revision(RecordHeader current, long expectedVersion, Details newDetails, Instant now) {
        return new Organisation(new OrganisationId(current.id()), current.nextVersion(expectedVersion), newDetails,
                current.createdAt(), current.revisedAt(now));
    }
}
