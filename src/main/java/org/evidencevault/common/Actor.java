package org.evidencevault.common;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who is acting: an authenticated account with its roles, the case teams it belongs to and the UN mandates it
 * serves, or the vault itself ("system"). Teams decide which records an officer may see and change, mandates
 * which shared incidents a rapporteur may see (the access policy). {@code passkeyAt} is when the account last
 * proved itself with a passkey in this session or token (null: not with a passkey): irreversible acts need it
 * to be recent (step-up).
 */
public record Actor(String username, Set<Role> roles, Set<String> teams, Set<String> mandates, Instant passkeyAt) {

    public static final Actor SYSTEM = new Actor("system", Set.of(Role.SYSTEM));
    /** Someone not (yet) logged in: failed logins and refused tokens are recorded as this actor. */
    public static final Actor ANONYMOUS = new Actor("anonymous", Set.of(Role.ANONYMOUS));

    public Actor {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
        teams = teams == null ? Set.of() : Set.copyOf(teams);
        mandates = mandates == null ? Set.of() : Set.copyOf(mandates);
    }

    /** An actor that has not used a passkey (in this session or token). */
    public Actor(String username, Set<Role> roles, Set<String> teams, Set<String> mandates) {
        this(username, roles, teams, mandates, null);
    }

    /** An actor in no team, serving no mandate. */
    public Actor(String username, Set<Role> roles) {
        this(username, roles, Set.of(), Set.of());
    }

    /** The vault itself acting for one team (the demo seed, tests): records it registers belong to {@code team}. */
    public static Actor systemFor(String team) {
        return new Actor(SYSTEM.username(), SYSTEM.roles(), Set.of(team), Set.of());
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean serves(String mandate) {
        return mandate != null && mandates.contains(mandate);
    }

    public boolean inTeam(String team) {
        return team != null && teams.contains(team);
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
