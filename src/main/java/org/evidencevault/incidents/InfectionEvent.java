package org.evidencevault.incidents;

import org.evidencevault.common.Checks;
import org.evidencevault.common.PartialDate;

/**
 * One infection or targeting attempt: when (with precision), whose device (a defender id of the same
 * incident, optional), the exploit (a known name such as FORCEDENTRY or free text), and its status.
 */
public record InfectionEvent(PartialDate date, DefenderId deviceOwnerId, String exploitName, IncidentStatus status) {

    public InfectionEvent {
        new Checks()
                .requirePresent(date, "date")
                .maxLength(exploitName, 100, "exploitName")
                .identifying(exploitName, "exploitName")
                .throwIfAny();
        if (exploitName != null && exploitName.isBlank()) {
            exploitName = null;
        }
    }
}
