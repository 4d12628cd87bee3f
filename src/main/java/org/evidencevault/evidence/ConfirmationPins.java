package org.evidencevault.evidence;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.evidencevault.incidents.ConfirmationEvidence;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.records.RecordIds;
import org.springframework.stereotype.Component;

/** The evidence items a forensic confirmation may rest on: an incident's received MVT results, IOC sets and lab reports. */
@Component
class ConfirmationPins implements ConfirmationEvidence {

    /** The kinds of item a lab's finding rests on. */
    static final Set<EvidenceKind> KINDS = EnumSet.of(EvidenceKind.MVT_RESULT, EvidenceKind.STIX2_IOC_SET, EvidenceKind.LAB_REPORT);

    private final EvidenceRecords records;

    ConfirmationPins(EvidenceRecords records) {
        this.records = records;
    }

    @Override
    public Map<String, String> pinnable(IncidentId incident, Collection<String> evidenceIds) {
        java.util.List<String> wellFormed = evidenceIds.stream().filter(RecordIds::wellFormed).distinct().toList();
        return wellFormed.isEmpty() ? Map.of() : records.receivedSha256(incident, wellFormed, KINDS);
    }
}
