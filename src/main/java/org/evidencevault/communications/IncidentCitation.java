package org.evidencevault.communications;

import org.evidencevault.common.Checks;

/** A letter cites an incident of the vault, optionally noting where (e.g. "paras 6-9"). The note is sealed. */
public record IncidentCitation(String incidentId, String note) {

    public IncidentCitation {
        new Checks()
                .requirePresent(incidentId, "incidentId")
                .maxLength(incidentId, 100, "incidentId")
                .maxLength(note, 2000, "note")
                .throwIfAny();
    }
}
