package org.evidencevault.incidents;

import java.util.Collection;
import java.util.Map;

/**
 * What the evidence module tells incidents about the items a forensic confirmation may rest on (a port: incidents
 * do not depend on evidence, evidence depends on incidents).
 */
public interface ConfirmationEvidence {

    /**
     * For each of {@code evidenceIds} that is a complete item of {@code incident} of a kind a confirmation rests on
     * (MVT result, STIX2 IOC set, lab report): the SHA-256 of its bytes. Ids missing from the answer are not.
     * No decryption, no audit entry: plain fields only.
     */
    Map<String, String> pinnable(IncidentId incident, Collection<String> evidenceIds);
}
