package org.evidencevault.approvals;

import org.evidencevault.access.Permission;

/**
 * The acts that need a second person's approval, each with the permission both the requester and the approver
 * must hold (the approver must also be able to change the record's case team).
 */
public enum ApprovableAct {
    DEFENDER_ERASE("defender.erase", Permission.DEFENDER_ERASE),
    EVIDENCE_DISPOSE("evidence.dispose", Permission.EVIDENCE_WRITE),
    PACKAGE_EXPORT("package.export", Permission.EVIDENCE_WRITE);

    private final String recordedAs;
    private final Permission permission;

    ApprovableAct(String recordedAs, Permission permission) {
        this.recordedAs = recordedAs;
        this.permission = permission;
    }

    /** The act's name in requests and records, e.g. {@code defender.erase}. */
    public String recordedAs() {
        return recordedAs;
    }

    public Permission permission() {
        return permission;
    }

    static ApprovableAct of(String recordedAs) {
        for (ApprovableAct a : values()) {
            if (a.recordedAs.equals(recordedAs)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown act");
    }
}
