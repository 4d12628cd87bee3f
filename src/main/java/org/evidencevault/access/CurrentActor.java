package org.evidencevault.access;

import java.util.EnumSet;
import java.util.Set;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The {@link Actor} behind the current request, from the Spring Security context: authorities
 * {@code ROLE_X} become {@link Role#X}, {@code TEAM_x} the actor's teams, {@code MANDATE_x} its mandates, and the
 * time of the passkey factor ({@code FACTOR_WEBAUTHN}, a login or a step-up) the actor's {@code passkeyAt}. Other
 * authorities (other factors, scopes) are ignored,
 * and so is {@code ROLE_SYSTEM}: the vault itself is never a logged-in user.
 */
@Component
public class CurrentActor {

    public static final String ROLE_PREFIX = "ROLE_";
    /** Authorities {@code TEAM_x}: the case teams the account belongs to (when it logged in or its token was checked). */
    public static final String TEAM_PREFIX = "TEAM_";
    /** Authorities {@code MANDATE_x}: the UN mandates the account serves. */
    public static final String MANDATE_PREFIX = "MANDATE_";

    /**
     * @throws AuthenticationCredentialsNotFoundException if nobody is authenticated
     * @throws AccessDeniedException if the authenticated account holds no vault role
     */
    public Actor get() {
        Authentication auth = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            throw new AuthenticationCredentialsNotFoundException("not authenticated");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> teams = new java.util.HashSet<>();
        Set<String> mandates = new java.util.HashSet<>();
        java.time.Instant passkeyAt = null;
        for (GrantedAuthority authority : auth.getAuthorities()) {
            String a = authority.getAuthority();
            if (authority instanceof FactorGrantedAuthority f && FactorGrantedAuthority.WEBAUTHN_AUTHORITY.equals(a)) {
                // a re-done passkey assertion (step-up) replaces the factor with a fresh time
                passkeyAt = passkeyAt == null || f.getIssuedAt().isAfter(passkeyAt) ? f.getIssuedAt() : passkeyAt;
                continue;
            }
            if (a != null && a.startsWith(TEAM_PREFIX)) {
                teams.add(a.substring(TEAM_PREFIX.length()));
                continue;
            }
            if (a != null && a.startsWith(MANDATE_PREFIX)) {
                mandates.add(a.substring(MANDATE_PREFIX.length()));
                continue;
            }
            Role role = roleOf(authority.getAuthority());
            if (role != null && role != Role.SYSTEM) {
                roles.add(role);
            }
        }
        if (roles.isEmpty()) {
            throw new AccessDeniedException("no vault role");
        }
        return new Actor(auth.getName(), roles, teams, mandates, passkeyAt);
    }

    /** The authorities that carry an account's roles, case teams and mandates (what {@link #get} reads back). */
    public static java.util.List<GrantedAuthority> authorities(java.util.Collection<Role> roles, java.util.Collection<String> teams,
                                                              java.util.Collection<String> mandates) {
        java.util.List<GrantedAuthority> out = new java.util.ArrayList<>();
        roles.forEach(r -> out.add(new org.springframework.security.core.authority.SimpleGrantedAuthority(ROLE_PREFIX + r.name())));
        teams.forEach(t -> out.add(new org.springframework.security.core.authority.SimpleGrantedAuthority(TEAM_PREFIX + t)));
        mandates.forEach(m -> out.add(new org.springframework.security.core.authority.SimpleGrantedAuthority(MANDATE_PREFIX + m)));
        return out;
    }

    private static Role roleOf(String authority) {
        if (authority == null || !authority.startsWith(ROLE_PREFIX)) {
            return null;
        }
        String name = authority.substring(ROLE_PREFIX.length());
        for (Role r : Role.values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
