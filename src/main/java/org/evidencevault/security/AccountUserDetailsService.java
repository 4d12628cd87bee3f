package org.evidencevault.security;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Form login over {@link AccountStore}: roles become {@code ROLE_X} authorities; disabled accounts cannot log in. */
@Component
class AccountUserDetailsService implements UserDetailsService {

    private final AccountStore accounts;

    AccountUserDetailsService(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.find(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .disabled(account.disabled())
                .authorities(account.roles().stream()
                        .map(r -> new SimpleGrantedAuthority(CurrentActor.ROLE_PREFIX + r.name()))
                        .toList())
                .build();
    }
}
