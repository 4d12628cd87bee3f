package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules of the entry format that hold whatever a writer does. */
class AuditEntryRulesTest {

    private static final List<AuditEntry.Target> TARGET = List.of(new AuditEntry.Target("incident", "x", null));
    private static final String COMMITMENT = "sha256:" + "ab".repeat(32);

    @Test
    void changesAndKeyRotationsCommitReadsAndAdminEntriesDoNot() {
        assertThatThrownBy(() -> entry("CHANGE", null)).hasMessage("a CHANGE entry needs a commitment");
        assertThatThrownBy(() -> entry("KEY", null)).hasMessage("a KEY entry needs a commitment");
        assertThatThrownBy(() -> entry("READ", COMMITMENT)).hasMessage("a READ entry has no commitment");
        assertThatThrownBy(() -> entry("ADMIN", COMMITMENT)).hasMessage("a ADMIN entry has no commitment");
    }

    @Test
    void timesMustBeRealUtcInstantsWithMilliseconds() {
        assertThatThrownBy(() -> new AuditEntry(0, "2026-13-45T25:61:61.000Z", "a", "R", "READ", "x.read", TARGET, null,
                AuditEntry.GENESIS_PREV, "audit-v1")).hasMessageStartingWith("time must be UTC RFC 3339");
        assertThatThrownBy(() -> new AuditEntry(0, "2026-11-29T03:15:00Z", "a", "R", "READ", "x.read", TARGET, null,
                AuditEntry.GENESIS_PREV, "audit-v1")).hasMessageStartingWith("time must be UTC RFC 3339");
    }

    @Test
    void kindsAreListedInAStableOrder() {
        assertThatThrownBy(() -> entry("DELETE", null)).hasMessage("kind must be one of [CHANGE, READ, ADMIN, KEY, ACCESS]");
    }

    private static AuditEntry entry(String kind, String commitment) {
        return new AuditEntry(0, "2026-11-29T03:15:00.123Z", "a", "R", kind, "x.y", TARGET, commitment,
                AuditEntry.GENESIS_PREV, "audit-v1");
    }
}
