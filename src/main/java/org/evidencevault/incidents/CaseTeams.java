package org.evidencevault.incidents;

import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.Role;

/** Which case team a new (or moved) record goes to: one the actor belongs to. */
final class CaseTeams {

    private CaseTeams() {
    }

    /**
     * {@code requested} if given (it must be one of the actor's teams; the vault itself may use any), else the
     * actor's only team.
     */
    static String choose(Actor actor, String requested) {
        if (requested != null) {
            if (!org.evidencevault.access.AccessNames.TEAM.matcher(requested).matches()) {
                throw new InvalidInputException("team", "format", "must be a team name: lower-case letters, digits and '-', at most 40");
            }
            if (!actor.has(Role.SYSTEM) && !actor.inTeam(requested)) {
                throw new InvalidInputException("team", "not-your-team", "must be one of your case teams");
            }
            return requested;
        }
        if (actor.teams().size() == 1) {
            return actor.teams().iterator().next();
        }
        throw new InvalidInputException("team", "required", actor.teams().isEmpty()
                ? "is required: you belong to no case team (an administrator adds you to one)"
                : "is required when you belong to several case teams");
    }
}
