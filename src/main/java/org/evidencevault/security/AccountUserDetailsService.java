package org.evidencevault.security;

import org.evidencevault.access.CurrentActor;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * What the passkey login looks accounts up with (Spring Security's WebAuthn provider): roles become
 * {@code ROLE_X} authorities. A disabled account, or one that has not enrolled a second factor, is not
 * found, so a passkey can never log it in (Spring's provider would not check). Passwords are checked by
 * {@link PasswordLoginProvider}, never through this.
 */
@Component
class AccountUserDetailsService implements UserDetailsService {

    private final AccountService accounts;

    AccountUserDetailsService(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.find(username).filter(Account::active).filter(a -> !a.enrolmentPending())
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
        return User.withUsername(account.username())
                .password("{none}passwords are checked by the password login provider")
                .authorities(CurrentActor.authorities(account.roles(), account.teams(), account.mandates()))
                .build();
    }
}
