package org.evidencevault.incidents;

import java.time.LocalDate;
import org.evidencevault.common.Checks;

/**
 * A defender's consent for one purpose, granted on a date and possibly withdrawn later.
 * Active on a day when granted on or before it and not withdrawn on or before it.
 */
public record Consent(Purpose purpose, LocalDate grantedOn, LocalDate withdrawnOn, String note) {

    public enum Purpose { STORAGE, SHARE_WITH_UN, PUBLIC_NAMING, SHARE_WITH_PARTNER_LAB }

    public Consent {
        new Checks()
                .requirePresent(purpose, "purpose")
                .requirePresent(grantedOn, "grantedOn")
                .require(grantedOn == null || withdrawnOn == null || !withdrawnOn.isBefore(grantedOn),
                        "withdrawnOn", "withdrawal-after-grant", "must not be before grantedOn")
                .maxLength(note, 2000, "note")
                .throwIfAny();
    }

    public boolean activeOn(LocalDate day) {
        return !grantedOn.isAfter(day) && (withdrawnOn == null || withdrawnOn.isAfter(day));
    }
}
