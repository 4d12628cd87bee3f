package org.evidencevault.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.evidencevault.common.ApprovalException;
import org.evidencevault.common.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The rules of one approval request, without a store: who decides, once, before expiry; used once, exactly. */
class ApprovalTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration TTL = Duration.ofHours(24);
    private static final Approval.Subject SUBJECT = new Approval.Subject("defender", "5b1f0c1e-8d1a-4a86-9c53-4f7e0a1b2c3d", 3);

    private static Approval pending() {
        return Approval.request(ApprovalId.next(), ApprovableAct.DEFENDER_ERASE, SUBJECT, "geneva-desk", "ana", "asked to be forgotten",
                T0, TTL);
    }

    @Test
    void aRequestIsPendingUntilItsExpiryAndThenExpired() {
        Approval a = pending();
        assertThat(a.statusAt(T0.plus(TTL).minusMillis(1))).isEqualTo(Approval.Status.PENDING);
        assertThat(a.statusAt(T0.plus(TTL))).isEqualTo(Approval.Status.EXPIRED);
        assertThatThrownBy(() -> a.decide("bea", true, T0.plus(TTL)))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.rule()).isEqualTo("approval-not-pending"));
    }

    @Test
    void theRequesterNeverDecidesTheirOwnRequest() {
        assertThatThrownBy(() -> pending().decide("ana", true, T0.plusSeconds(60)))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.rule()).isEqualTo("four-eyes"));
        assertThatThrownBy(() -> pending().decide("ana", false, T0.plusSeconds(60)))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.rule()).isEqualTo("four-eyes"));
    }

    @Test
    void aGrantedApprovalIsUsedOnceByItsRequesterForExactlyItsAct() {
        Approval granted = pending().decide("bea", true, T0.plusSeconds(60));
        assertThat(granted.version()).isEqualTo(2);
        assertThat(granted.decidedBy()).isEqualTo("bea");
        assertRule(() -> granted.use("bea", ApprovableAct.DEFENDER_ERASE, SUBJECT, T0.plusSeconds(120)), "approval-mismatch");
        assertRule(() -> granted.use("ana", ApprovableAct.DEFENDER_ERASE, new Approval.Subject("defender", SUBJECT.id(), 4),
                T0.plusSeconds(120)), "approval-mismatch");
        assertRule(() -> granted.use("ana", ApprovableAct.DEFENDER_ERASE, new Approval.Subject("defender",
                "00000000-0000-4000-8000-000000000000", 3), T0.plusSeconds(120)), "approval-mismatch");
        assertRule(() -> granted.use("ana", ApprovableAct.DEFENDER_ERASE, SUBJECT, T0.plus(TTL)), "approval-expired");

        Approval used = granted.use("ana", ApprovableAct.DEFENDER_ERASE, SUBJECT, T0.plusSeconds(120));
        assertThat(used.statusAt(T0.plusSeconds(121))).isEqualTo(Approval.Status.USED);
        assertRule(() -> used.use("ana", ApprovableAct.DEFENDER_ERASE, SUBJECT, T0.plusSeconds(121)), "approval-used");
    }

    @Test
    void pendingAndRefusedApprovalsAllowNothing() {
        assertRule(() -> pending().use("ana", ApprovableAct.DEFENDER_ERASE, SUBJECT, T0.plusSeconds(1)), "approval-pending");
        Approval refused = pending().decide("bea", false, T0.plusSeconds(60));
        assertRule(() -> refused.use("ana", ApprovableAct.DEFENDER_ERASE, SUBJECT, T0.plusSeconds(61)), "approval-refused");
        assertThat(refused.statusAt(T0.plus(TTL).plusSeconds(1))).as("a refusal does not expire into something else")
                .isEqualTo(Approval.Status.REFUSED);
    }

    @Test
    void theRequestHashIsSha256OfTheCanonicalRequest() {
        // {"act":"defender.erase","requestedBy":"ana","target":{"id":"5b1f0c1e-8d1a-4a86-9c53-4f7e0a1b2c3d","type":"defender","version":3}}
        assertThat(pending().requestHash()).isEqualTo(org.evidencevault.crypto.Digests.sha256Hex(
                "{\"act\":\"defender.erase\",\"requestedBy\":\"ana\",\"target\":{\"id\":\"5b1f0c1e-8d1a-4a86-9c53-4f7e0a1b2c3d\","
                        + "\"type\":\"defender\",\"version\":3}}"));
    }

    @Test
    void aRequestNeedsAPlainReasonOfAtMost1000Characters() {
        assertThatThrownBy(() -> Approval.request(ApprovalId.next(), ApprovableAct.DEFENDER_ERASE, SUBJECT, "geneva-desk", "ana", null,
                T0, TTL)).isInstanceOf(InvalidInputException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> Approval.request(ApprovalId.next(), ApprovableAct.DEFENDER_ERASE, SUBJECT, "geneva-desk", "ana",
                "x".repeat(1001), T0, TTL)).isInstanceOf(InvalidInputException.class).hasMessageContaining("reason");
    }

    private static void assertRule(Runnable r, String rule) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.rule()).isEqualTo(rule));
    }
}
