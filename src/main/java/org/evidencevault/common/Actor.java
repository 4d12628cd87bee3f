package org.evidencevault.common;

import java.util.Objects;
import java.util.Set;

/** Who is acting: an authenticated account and its roles, or the vault itself ("system"). */
public record Actor(String username, Set<Role> roles) {

    public static final Actor SYSTEM = new Actor("system", Set.of(Role.SYSTEM));
    /** Someone not (yet) logged in: failed logins and refused tokens are recorded as this actor. */
    public static final Actor ANONYMOUS = new Actor("anonymous", Set.of(Role.ANONYMOUS));

    public Actor {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The role recorded in audit entries: the most privileged one held. */
    public Role primaryRole() {
        for (Role r : Role.values()) {
            if (roles.contains(r)) {
                return r;
            }
        }
        throw new IllegalStateException("actor " + username + " has no role");
    }
}
