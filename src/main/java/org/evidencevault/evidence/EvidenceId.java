package org.evidencevault.evidence;

import java.util.Objects;
import org.evidencevault.records.RecordIds;

/** The id of an evidence item: a random UUID, or (from a request) any text, which then matches nothing. */
public record EvidenceId(String value) {

    public EvidenceId {
        Objects.requireNonNull(value, "value");
    }

    public static EvidenceId next() {
        return new EvidenceId(RecordIds.next());
    }

    public boolean wellFormed() {
        return RecordIds.wellFormed(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
