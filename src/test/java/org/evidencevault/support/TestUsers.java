package org.evidencevault.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A caller who has passed both factors, for MockMvc tests of what comes after login. It stands for an API
 * client with a valid token (the {@code BEARER} factor), which is what every protected endpoint accepts;
 * how tokens and browser logins get their factors is tested on its own (the security package's tests).
 */
public final class TestUsers {

    private TestUsers() {
    }

    public static RequestPostProcessor loggedIn(String username, String... roles) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String role : roles) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
        }
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
        authorities.add(new SimpleGrantedAuthority("SCOPE_READ_WRITE"));
        return user(username).authorities(authorities);
    }
}
