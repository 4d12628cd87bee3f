package org.evidencevault.incidents;

import org.evidencevault.common.Actor;

/**
 * Published when an incident moved to another case team (after the revision was recorded), for what other capabilities
 * keep under the incident's team: the custody of its evidence items passes to the new team.
 */
public record IncidentMoved(Actor actor, IncidentId incident, String fromTeam, String toTeam) {
}
