package org.evidencevault.incidents;

import java.util.Objects;
import org.evidencevault.records.RecordIds;

/** The id of an incident: a random UUID, or (from a request) any text, which then matches nothing. */
public record IncidentId(String value) {

    public IncidentId {
        Objects.requireNonNull(value, "value");
    }

    public static IncidentId next() {
        return new IncidentId(RecordIds.next());
    }

    /** The id in {@code value}, or null when it is null (for optional references in requests). */
    public static IncidentId ofNullable(String value) {
        return value == null ? null : new IncidentId(value);
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
