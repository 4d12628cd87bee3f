package org.evidencevault.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.evidencevault.common.Role;

/**
 * A login: username, roles, the case teams it works in, the UN mandates it serves (a rapporteur's), whether it is disabled, whether it still has to enrol a second factor, which
 * second factors it has, and its security stamp: a number that changes whenever the account's sessions and
 * tokens must all end (password changed or reset, account disabled). The password hash and the TOTP secret
 * are not here: they stay in the stored record, the secret sealed.
 */
public record Account(String username, long version, Set<Role> roles, Set<String> teams, Set<String> mandates, boolean disabled,
                      boolean enrolmentPending, boolean totpEnrolled, long stamp, Instant createdAt) {

    public Account {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
        teams = Set.copyOf(teams);
        mandates = Set.copyOf(mandates);
    }

    /** Whether the account may log in at all (a second factor still to enrol is checked after the password). */
    public boolean active() {
        return !disabled && !roles.isEmpty();
    }

    @Override
    public String toString() {
        return "Account[" + username + ", roles=" + roles + (disabled ? ", disabled" : "") + "]";
    }
}
