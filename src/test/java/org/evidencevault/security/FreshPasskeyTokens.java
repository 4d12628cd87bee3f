package org.evidencevault.security;

import java.time.Duration;
import java.time.Instant;
import org.springframework.context.ApplicationContext;

/**
 * A shortcut past the login ceremony for tests and benches that exercise what comes after it: a real read-write
 * token of an account, carrying a passkey confirmation of now, as a token made right after a step-up does. The
 * ceremony itself is tested in {@code PasskeyCeremonyTest}.
 */
public final class FreshPasskeyTokens {

    private FreshPasskeyTokens() {
    }

    public static String of(ApplicationContext vault, String username) {
        Account account = vault.getBean(AccountService.class).find(username).orElseThrow();
        return vault.getBean(ApiTokens.class).issue(account, TokenScope.READ_WRITE, Duration.ofHours(1), "test", Instant.now()).token();
    }
}
