package org.evidencevault.approvals;

import java.util.Objects;
import org.evidencevault.records.RecordIds;

/** The id of an approval request: a random UUID, or (from a request) any text, which then matches nothing. */
public record ApprovalId(String value) {

    /** The request header that names the approval an act is made under. */
    public static final String HEADER = "Vault-Approval";

    public ApprovalId {
        Objects.requireNonNull(value, "value");
    }

    public static ApprovalId next() {
        return new ApprovalId(RecordIds.next());
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
