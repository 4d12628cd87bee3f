package org.evidencevault.access;

import org.evidencevault.common.Actor;
import org.springframework.security.access.AccessDeniedException;

/**
 * The one question services ask before they act: may this actor do this? Services call
 * {@link #require} first thing, before any audit entry or decryption.
 *
 * <p>This interface is the seam where need-to-know (per-record access, e.g. only the officers
 * assigned to an incident) and MFA (step-up for erasure and key administration) will plug in
 * later: an implementation may then take the record into account, so callers should keep asking
 * here rather than checking roles themselves.
 */
public interface AccessPolicy {

    /**
     * Returns normally if {@code actor} holds {@code permission}.
     *
     * @throws AccessDeniedException otherwise; the message names the permission, nothing else
     */
    void require(Actor actor, Permission permission);
}
