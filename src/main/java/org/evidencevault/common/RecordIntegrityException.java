package org.evidencevault.common;

/**
 * A stored record failed its check against the audit log (changed, inserted or rolled back behind the
 * vault's back): it is not served. The message names the record kind and id, which the vault itself
 * stored, never a value of the record or of the request; the record is reported in health and the log.
 */
public class RecordIntegrityException extends RuntimeException {

    private final String recordType;
    private final String recordId;

    public RecordIntegrityException(String recordType, String recordId) {
        super("the " + recordType + " " + recordId + " failed its integrity check against the audit log and is withheld");
        this.recordType = recordType;
        this.recordId = recordId;
    }

    public String recordType() {
        return recordType;
    }

    public String recordId() {
        return recordId;
    }
}
