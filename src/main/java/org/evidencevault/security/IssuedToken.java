package org.evidencevault.security;

import java.time.Instant;
import java.util.Set;
import org.evidencevault.common.Role;

/** A freshly issued bearer token: the only moment the token itself exists outside the client. */
public record IssuedToken(String token, String id, String username, TokenScope scope, Set<Role> roles, Instant expiresAt) {

    public IssuedToken {
        roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
        return "IssuedToken[" + id + ", " + username + ", " + scope + ", roles=" + roles + ", expiresAt=" + expiresAt + "]";
    }
}
