package org.evidencevault.ledger;

/**
 * The kind of an audit entry (docs/audit-format.md, "Kinds"): a change of stored state, a read of
 * decrypted data, an administrative act, or a signing-key rotation. CHANGE and KEY entries carry a
 * commitment; READ and ADMIN entries never do.
 */
public enum EntryKind {
    CHANGE(true),
    READ(false),
    ADMIN(false),
    KEY(true);

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
