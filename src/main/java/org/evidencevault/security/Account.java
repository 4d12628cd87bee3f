package org.evidencevault.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.evidencevault.common.Role;

/** A login: username, Argon2id hash, roles. {@link #toString()} leaves the hash out. */
public record Account(String username, String passwordHash, Set<Role> roles, boolean disabled, Instant createdAt) {

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
        return "Account[" + username + ", roles=" + roles + (disabled ? ", disabled" : "") + "]";
    }
}
