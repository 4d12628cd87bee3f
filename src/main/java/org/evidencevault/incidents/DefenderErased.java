package org.evidencevault.incidents;

import org.evidencevault.common.Actor;

/**
 * Published when a defender was erased (after the erasure was recorded and applied), for what other capabilities
 * keep about them: evidence of incidents that name no one else is disposed of with them.
 */
public record DefenderErased(Actor actor, DefenderId defender) {
}
