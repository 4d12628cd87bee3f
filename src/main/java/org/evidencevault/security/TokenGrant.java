package org.evidencevault.security;

import java.time.Instant;
import java.util.Set;
import org.evidencevault.common.Role;

/** What a valid bearer token stands for: an account, its roles and when the token expires. */
public record TokenGrant(String username, Set<Role> roles, Instant expiresAt) {

    public TokenGrant {
        roles = Set.copyOf(roles);
    }
}
