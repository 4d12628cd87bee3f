package org.evidencevault.common;

/**
 * Roles, most privileged first. SYSTEM is the vault itself (start-up loaders, maintenance); ANONYMOUS is
 * whoever has not logged in yet (a failed login is recorded under it). Neither can be an account's role.
 */
public enum Role {
    SYSTEM, ADMIN, AUDITOR, PROTECTION_OFFICER, RAPPORTEUR, ANONYMOUS;

    /** Whether an account may hold this role. */
    public boolean assignable() {
        return this != SYSTEM && this != ANONYMOUS;
    }
}
