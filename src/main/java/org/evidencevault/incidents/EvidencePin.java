package org.evidencevault.incidents;

import org.evidencevault.common.Checks;
import org.evidencevault.records.RecordIds;

/**
 * An evidence item a forensic confirmation rests on (the MVT results, the STIX2 IOC set the check used, the lab's
 * report), pinned by id and by the SHA-256 of its bytes. A request names the id only; the vault fills in the hash
 * from the item when it accepts the pin ({@link ConfirmationEvidence}), so a pin always names the exact bytes.
 */
public record EvidencePin(String evidenceId, String sha256) {

    public EvidencePin {
        new Checks().requirePresent(evidenceId, "evidenceId")
                .require(evidenceId == null || RecordIds.wellFormed(evidenceId), "evidenceId", "unknown-evidence",
                        "is not an evidence item of this incident")
                .require(sha256 == null || sha256.matches("[0-9a-f]{64}"), "sha256", "sha256", "must be 64 hexadecimal characters")
                .throwIfAny();
    }

    /** The pin of the item with these bytes. */
    public EvidencePin pinned(String itemSha256) {
        return new EvidencePin(evidenceId, itemSha256);
    }
}
