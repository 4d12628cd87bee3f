package org.evidencevault.access;

/** What an actor may be allowed to do. {@link AccessPolicy} decides who holds which. */
public enum Permission {
    INCIDENT_READ,
    INCIDENT_WRITE,
    DEFENDER_READ,
    DEFENDER_WRITE,
    DEFENDER_ERASE,
    ORGANISATION_READ,
    ORGANISATION_WRITE,
    /** Register evidence items of an incident and send their bytes. */
    EVIDENCE_WRITE,
    /** See evidence items of incidents one may reach, and (with a step-up) download their bytes. */
    EVIDENCE_READ,
    COMMUNICATION_READ,
    COMMUNICATION_WRITE,
    AUDIT_READ,
    KEYS_ADMIN,
    ACCOUNTS_ADMIN,
    /** See the integrity alarms and acknowledge them, so changes resume. */
    INTEGRITY_ADMIN,
    /** Write an encrypted backup of the embedded store into the vault's backup directory. */
    STORE_BACKUP
}
