package org.evidencevault.audit;

import org.evidencevault.ledger.EntryKind;

/**
 * Every action the vault records, in one place: its name as written in audit entries (stable: auditors
 * filter on it) and the kind of entry it makes. The seam refuses an action of the wrong kind.
 */
public enum Action {
    INCIDENT_REGISTER("incident.register", EntryKind.CHANGE),
    INCIDENT_REVISE("incident.revise", EntryKind.CHANGE),
    INCIDENT_SHARE("incident.share", EntryKind.CHANGE),
    INCIDENT_READ("incident.read", EntryKind.READ),
    INCIDENT_LIST("incident.list", EntryKind.READ),
    INCIDENT_SEARCH("incident.search", EntryKind.READ),

    DEFENDER_REGISTER("defender.register", EntryKind.CHANGE),
    DEFENDER_REVISE("defender.revise", EntryKind.CHANGE),
    DEFENDER_ERASE("defender.erase", EntryKind.CHANGE),
    DEFENDER_READ("defender.read", EntryKind.READ),
    DEFENDER_SEARCH("defender.search", EntryKind.READ),
    DEFENDER_CONSENT_CHECK("defender.consent-check", EntryKind.READ),

    ORGANISATION_REGISTER("organisation.register", EntryKind.CHANGE),
    ORGANISATION_REVISE("organisation.revise", EntryKind.CHANGE),
    ORGANISATION_READ("organisation.read", EntryKind.READ),
    ORGANISATION_LIST("organisation.list", EntryKind.READ),

    COMMUNICATION_REGISTER("communication.register", EntryKind.CHANGE),
    COMMUNICATION_REVISE("communication.revise", EntryKind.CHANGE),
    COMMUNICATION_REPLY("communication.reply", EntryKind.CHANGE),
    COMMUNICATION_IMPORT("communication.import", EntryKind.CHANGE),
    COMMUNICATION_READ("communication.read", EntryKind.READ),
    COMMUNICATION_LIST("communication.list", EntryKind.READ),
    COMMUNICATION_TIMELINE("communication.timeline", EntryKind.READ),
    COMMUNICATION_AWAITING_REPLY("communication.awaiting-reply", EntryKind.READ),
    COMMUNICATION_CITING_INCIDENT("communication.citing-incident", EntryKind.READ),
    COMMUNICATION_CITED_BY("communication.cited-by", EntryKind.READ),

    ACCOUNT_CREATE("account.create", EntryKind.CHANGE),
    ACCOUNT_DISABLE("account.disable", EntryKind.CHANGE),
    ACCOUNT_ENABLE("account.enable", EntryKind.CHANGE),
    ACCOUNT_ROLES("account.roles", EntryKind.CHANGE),
    ACCOUNT_TEAMS("account.teams", EntryKind.CHANGE),
    ACCOUNT_MANDATES("account.mandates", EntryKind.CHANGE),
    ACCOUNT_PASSWORD_CHANGE("account.password-change", EntryKind.CHANGE),
    ACCOUNT_PASSWORD_RESET("account.password-reset", EntryKind.CHANGE),
    ACCOUNT_TOTP_ENROL("account.totp-enrol", EntryKind.CHANGE),
    ACCOUNT_TOTP_REMOVE("account.totp-remove", EntryKind.CHANGE),
    ACCOUNT_ENROLLED("account.enrolled", EntryKind.CHANGE),
    ACCOUNT_READ("account.read", EntryKind.READ),
    PASSKEY_REGISTER("passkey.register", EntryKind.CHANGE),
    PASSKEY_HANDLE("passkey.handle", EntryKind.CHANGE),
    PASSKEY_USE("passkey.use", EntryKind.CHANGE),
    PASSKEY_REMOVE("passkey.remove", EntryKind.CHANGE),
    TOKEN_ISSUE("token.issue", EntryKind.CHANGE),
    TOKEN_REVOKE("token.revoke", EntryKind.CHANGE),
    SESSION_OPEN("session.open", EntryKind.CHANGE),
    SESSION_CLOSE("session.close", EntryKind.CHANGE),

    EVIDENCE_REGISTER("evidence.register", EntryKind.CHANGE),
    EVIDENCE_INTAKE("evidence.intake", EntryKind.CHANGE),
    EVIDENCE_REFUSE("evidence.refuse", EntryKind.CHANGE),
    EVIDENCE_DERIVE("evidence.derive", EntryKind.CHANGE),
    EVIDENCE_DISPOSE("evidence.dispose", EntryKind.CHANGE),
    EVIDENCE_TRANSFER("evidence.transfer", EntryKind.CHANGE),
    EVIDENCE_READ("evidence.read", EntryKind.READ),
    EVIDENCE_LIST("evidence.list", EntryKind.READ),
    EVIDENCE_RESUME("evidence.resume", EntryKind.READ),
    EVIDENCE_ANALYSE("evidence.analyse", EntryKind.READ),
    EVIDENCE_DOWNLOAD("evidence.download", EntryKind.READ),

    APPROVAL_REQUEST("approval.request", EntryKind.CHANGE),
    APPROVAL_GRANT("approval.grant", EntryKind.CHANGE),
    APPROVAL_REFUSE("approval.refuse", EntryKind.CHANGE),
    APPROVAL_USE("approval.use", EntryKind.CHANGE),
    APPROVAL_READ("approval.read", EntryKind.READ),
    APPROVAL_LIST("approval.list", EntryKind.READ),

    LOGIN_SUCCEEDED("login.succeeded", EntryKind.ACCESS),
    LOGIN_FAILED("login.failed", EntryKind.ACCESS),
    LOGIN_THROTTLED("login.throttled", EntryKind.ACCESS),
    PASSWORD_ACCEPTED("login.password-accepted", EntryKind.ACCESS),
    SECOND_FACTOR_FAILED("login.second-factor-failed", EntryKind.ACCESS),
    TOKEN_USED("token.used", EntryKind.ACCESS),
    TOKEN_REFUSED("token.refused", EntryKind.ACCESS),
    STEP_UP("login.step-up", EntryKind.ACCESS),
    ACCESS_DENIED("access.denied", EntryKind.ACCESS),

    AUDIT_EXPORT("audit.export", EntryKind.ADMIN),
    PACKAGE_EXPORT("package.export", EntryKind.ADMIN),
    INTEGRITY_ALARM("integrity.alarm", EntryKind.ADMIN),
    INTEGRITY_ACKNOWLEDGED("integrity.acknowledged", EntryKind.ADMIN),
    KEYS_REWRAP("keys.rewrap", EntryKind.ADMIN),
    STORE_BACKUP("store.backup", EntryKind.ADMIN),
    KEY_ROTATION(org.evidencevault.ledger.KeyRotation.ACTION, EntryKind.KEY);

    private final String recordedAs;
    private final EntryKind kind;

    Action(String recordedAs, EntryKind kind) {
        this.recordedAs = recordedAs;
        this.kind = kind;
    }

    /** The action's name in audit entries, e.g. {@code incident.revise}. */
    public String recordedAs() {
        return recordedAs;
    }

    public EntryKind kind() {
        return kind;
    }

    /**
     * Whether this is recorded (and, for a change, applied) also while a record alarm stops changes: what a sign-in
     * and a sign-out need (access events, a passkey's use, an API token or browser session opened or closed), so
     * that an ADMIN can come in to see and acknowledge the alarm, every sign-in on record. Not while a log alarm is
     * raised: then the store itself is not trusted (it may be an older copy in which a since-disabled account or a
     * revoked token is valid again), and nothing is recorded but the alarm and its acknowledgement.
     */
    boolean recordedWhileChangesHalted() {
        return kind == EntryKind.ACCESS || switch (this) {
            case PASSKEY_USE, TOKEN_ISSUE, TOKEN_REVOKE, SESSION_OPEN, SESSION_CLOSE -> true;
            default -> false;
        };
    }

    void requireKind(EntryKind expected) {
        if (kind != expected) {
            throw new IllegalArgumentException(recordedAs + " is a " + kind + " action, not " + expected);
        }
    }

    @Override
    public String toString() {
        return recordedAs;
    }
}
