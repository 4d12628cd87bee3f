package org.evidencevault.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * Which factors an authentication carries. Two factors are a password and then a passkey or an
 * authenticator code ({@link #TOTP}), from one login of one account (Spring Security merges the second
 * into the first only when both name the same account); or an API token, which is only ever issued after
 * both.
 */
final class Factors {

    static final String TOTP = "FACTOR_TOTP";

    private Factors() {
    }

    static boolean has(Authentication auth, String factor) {
        return auth != null && auth.isAuthenticated() && auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(factor::equals);
    }

    static boolean password(Authentication auth) {
        return has(auth, FactorGrantedAuthority.PASSWORD_AUTHORITY);
    }

    static boolean second(Authentication auth) {
        return has(auth, FactorGrantedAuthority.WEBAUTHN_AUTHORITY) || has(auth, TOTP);
    }

    static boolean bearer(Authentication auth) {
        return has(auth, FactorGrantedAuthority.BEARER_AUTHORITY);
    }

    /** Both factors of a browser login, or an API token. */
    static boolean both(Authentication auth) {
        return bearer(auth) || password(auth) && second(auth);
    }

    static List<String> names(Authentication auth) {
        Collection<? extends GrantedAuthority> all = auth.getAuthorities();
        return all.stream().map(GrantedAuthority::getAuthority).filter(a -> a.startsWith("FACTOR_"))
                .map(a -> a.substring("FACTOR_".length()).toLowerCase(java.util.Locale.ROOT)).distinct().sorted().toList();
    }
}
