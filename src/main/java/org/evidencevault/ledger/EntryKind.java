package org.evidencevault.ledger;

/**
 * The kind of an audit entry (docs/audit-format.md, "Kinds"): a change of stored state, a read of
 * decrypted data, an administrative act, a signing-key rotation, or an access event (a login, a failed
 * login, a token used). CHANGE and KEY entries carry a commitment; READ, ADMIN and ACCESS entries never do.
 */
public enum EntryKind {
    CHANGE(true),
    READ(false),
    ADMIN(false),
    KEY(true),
    ACCESS(false);

    private final boolean commits;

    EntryKind(boolean commits) {
        this.commits = commits;
    }

    /** Whether entries of this kind carry a commitment. */
    public boolean commits() {
        return commits;
    }

    /** The kind named {@code name} exactly, or null. */
    public static EntryKind named(String name) {
        for (EntryKind k : values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
