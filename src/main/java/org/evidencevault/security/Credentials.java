package org.evidencevault.security;

import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a username and password for the token endpoint. An unknown user costs one Argon2id
 * verification, like a known one, so response time does not tell which usernames exist.
 */
@Component
class Credentials {

    private final AccountStore accounts;
    private final PasswordEncoder encoder;
    private final String decoyHash;

    Credentials(AccountStore accounts, PasswordEncoder encoder) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.decoyHash = encoder.encode("decoy password, never matches a request");
    }

    /** The account, if it exists, is enabled and {@code password} is its password. */
    Optional<Account> check(String username, String password) {
        Optional<Account> account = accounts.find(username);
        String hash = account.map(Account::passwordHash).orElse(decoyHash);
        boolean matches = password != null && encoder.matches(password, hash);
        if (account.isEmpty() || !matches || account.get().disabled()) {
            return Optional.empty();
        }
        return account;
    }
}
