package org.evidencevault.security;

import java.time.Instant;
import java.util.Set;
import org.evidencevault.common.Role;

/**
 * What a valid bearer token stands for: an account, the token's id and scope, its roles, when it expires, and
 * when the session it was made from last used a passkey (null: none).
 */
public record TokenGrant(String username, String tokenId, TokenScope scope, Set<Role> roles, Set<String> teams, Set<String> mandates,
                         Instant expiresAt, Instant passkeyAt) {

    public TokenGrant {
        roles = Set.copyOf(roles);
        teams = Set.copyOf(teams);
        mandates = Set.copyOf(mandates);
    }
}
