package org.evidencevault.incidents;

import java.util.Objects;
import org.evidencevault.records.RecordIds;

/** The id of an organisation: a random UUID, or (from a request) any text, which then matches nothing. */
public record OrganisationId(String value) {

    public OrganisationId {
        Objects.requireNonNull(value, "value");
    }

    public static OrganisationId next() {
        return new OrganisationId(RecordIds.next());
    }

    /** The id in {@code value}, or null when it is null (for optional references in requests). */
    public static OrganisationId ofNullable(String value) {
        return value == null ? null : new OrganisationId(value);
    }

    /** Whether this is an id the vault could have made (a canonical UUID); others are never looked up. */
    public boolean wellFormed() {
        return RecordIds.wellFormed(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
