package org.evidencevault.incidents;

import java.util.Objects;
import org.evidencevault.records.RecordIds;

/** The id of a defender record: a random UUID, or (from a request) any text, which then matches nothing. */
public record DefenderId(String value) {

    public DefenderId {
        Objects.requireNonNull(value, "value");
    }

    public static DefenderId next() {
        return new DefenderId(RecordIds.next());
    }

    /** The id in {@code value}, or null when it is null (for optional references in requests). */
    public static DefenderId ofNullable(String value) {
        return value == null ? null : new DefenderId(value);
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
