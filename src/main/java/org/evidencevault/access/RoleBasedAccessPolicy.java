package org.evidencevault.access;

import static org.evidencevault.access.Permission.ACCOUNTS_ADMIN;
import static org.evidencevault.access.Permission.AUDIT_READ;
import static org.evidencevault.access.Permission.COMMUNICATION_READ;
import static org.evidencevault.access.Permission.COMMUNICATION_WRITE;
import static org.evidencevault.access.Permission.DEFENDER_ERASE;
import static org.evidencevault.access.Permission.DEFENDER_READ;
import static org.evidencevault.access.Permission.DEFENDER_WRITE;
import static org.evidencevault.access.Permission.INCIDENT_READ;
import static org.evidencevault.access.Permission.INCIDENT_WRITE;
import static org.evidencevault.access.Permission.INTEGRITY_ADMIN;
import static org.evidencevault.access.Permission.KEYS_ADMIN;
import static org.evidencevault.access.Permission.ORGANISATION_READ;
import static org.evidencevault.access.Permission.ORGANISATION_WRITE;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** The default policy: a fixed table from role to permissions; an actor holds the union over its roles. */
@Component
public class RoleBasedAccessPolicy implements AccessPolicy {

    private static final Map<Role, Set<Permission>> GRANTS = grants();

    @Override
    public void require(Actor actor, Permission permission) {
        Objects.requireNonNull(permission, "permission");
        if (actor == null || !allows(actor, permission)) {
            throw new AccessDeniedException("permission " + permission + " required");
        }
    }

    /** Whether {@code actor} holds {@code permission}; for callers that only want to show or hide things. */
    public boolean allows(Actor actor, Permission permission) {
        for (Role role : actor.roles()) {
            if (GRANTS.getOrDefault(role, Set.of()).contains(permission)) {
                return true;
            }
        }
        return false;
    }

    private static Map<Role, Set<Permission>> grants() {
        Map<Role, Set<Permission>> g = new EnumMap<>(Role.class);
        g.put(Role.SYSTEM, EnumSet.allOf(Permission.class));
        g.put(Role.ADMIN, EnumSet.of(KEYS_ADMIN, ACCOUNTS_ADMIN, INTEGRITY_ADMIN, DEFENDER_ERASE, ORGANISATION_READ));
        g.put(Role.AUDITOR, EnumSet.of(AUDIT_READ));
        g.put(Role.PROTECTION_OFFICER, EnumSet.of(INCIDENT_READ, INCIDENT_WRITE,
                DEFENDER_READ, DEFENDER_WRITE, DEFENDER_ERASE,
                ORGANISATION_READ, ORGANISATION_WRITE, COMMUNICATION_READ));
        g.put(Role.RAPPORTEUR, EnumSet.of(INCIDENT_READ, DEFENDER_READ, ORGANISATION_READ,
                COMMUNICATION_READ, COMMUNICATION_WRITE));
        g.replaceAll((role, permissions) -> Set.copyOf(permissions));
        return Map.copyOf(g);
    }
}
