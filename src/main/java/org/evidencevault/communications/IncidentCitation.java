package org.evidencevault.communications;

import org.evidencevault.common.Checks;
import org.evidencevault.incidents.IncidentId;

/** A letter cites an incident of the vault, optionally noting where (e.g. "paras 6-9"). The note is sealed. */
public record IncidentCitation(IncidentId incidentId, String note) {

    public IncidentCitation {
        new Checks()
                .requirePresent(incidentId == null ? null : incidentId.value(), "incidentId")
                .maxLength(incidentId == null ? null : incidentId.value(), 100, "incidentId")
                .maxLength(note, 2000, "note")
                .throwIfAny();
    }
}
