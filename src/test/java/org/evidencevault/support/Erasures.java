package org.evidencevault.support;

import java.time.Instant;
import java.util.Set;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalService;
import org.evidencevault.common.Actor;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.common.Role;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderService;

/**
 * An erasure below the HTTP API done the only way there is: one officer of the demo officer's case team asks, a
 * second one grants, the first erases under the approval, both having just confirmed themselves with a passkey.
 */
public final class Erasures {

    private Erasures() {
    }

    /** Two officers of case team {@code team}, each having confirmed with a passkey just now. */
    public static Actor officerWithPasskey(String username, String team) {
        return new Actor(username, Set.of(Role.PROTECTION_OFFICER), Set.of(team), Set.of(), Instant.now());
    }

    public static Instant erase(DefenderService defenders, ApprovalService approvals, DefenderId id, long version) {
        Actor requester = officerWithPasskey("erasure-requester", DemoTeams.GENEVA);
        Actor approver = officerWithPasskey("erasure-approver", DemoTeams.GENEVA);
        Approval request = defenders.requestErasure(requester, id, version, "the defender asked to be forgotten");
        approvals.decide(approver, request.id(), request.version(), true);
        return defenders.erase(requester, id, version, request.id());
    }
}
