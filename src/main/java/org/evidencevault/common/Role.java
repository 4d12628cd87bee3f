package org.evidencevault.common;

/** Roles, most privileged first. SYSTEM is the vault itself (start-up loaders, maintenance). */
public enum Role {
    SYSTEM, ADMIN, AUDITOR, PROTECTION_OFFICER, RAPPORTEUR
}
