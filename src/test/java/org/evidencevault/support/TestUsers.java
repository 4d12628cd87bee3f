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

    /** The metrics scraper's token in the test profile (application-test.yml holds its SHA-256); a test value only. */
    public static final String METRICS_SCRAPE_TOKEN = "test-scrape-token-7d1e0c94b2a64f5f9e3b";

    private TestUsers() {
    }

    /** An officer who belongs to exactly these case teams. */
    public static RequestPostProcessor officerOf(String username, String... teams) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_PROTECTION_OFFICER"));
        for (String team : teams) {
            authorities.add(new SimpleGrantedAuthority("TEAM_" + team));
        }
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
        authorities.add(new SimpleGrantedAuthority("SCOPE_READ_WRITE"));
        return user(username).authorities(authorities);
    }

    /** As {@link #officerOf}, having just confirmed with a passkey (a step-up): may do what needs one. */
    public static RequestPostProcessor officerWithPasskey(String username, String... teams) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_PROTECTION_OFFICER"));
        for (String team : teams) {
            authorities.add(new SimpleGrantedAuthority("TEAM_" + team));
        }
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
        authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY).issuedAt(java.time.Instant.now()).build());
        authorities.add(new SimpleGrantedAuthority("SCOPE_READ_WRITE"));
        return user(username).authorities(authorities);
    }

    /** A rapporteur who serves exactly these UN mandates. */
    public static RequestPostProcessor rapporteurOf(String username, String... mandates) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_RAPPORTEUR"));
        for (String mandate : mandates) {
            authorities.add(new SimpleGrantedAuthority("MANDATE_" + mandate));
        }
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
        authorities.add(new SimpleGrantedAuthority("SCOPE_READ_WRITE"));
        return user(username).authorities(authorities);
    }

    public static RequestPostProcessor loggedIn(String username, String... roles) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String role : roles) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
            if (role.equals("PROTECTION_OFFICER")) {
                // an officer of the demo officer's case team (where the seed case and TestActors.SEED's records are)
                authorities.add(new SimpleGrantedAuthority("TEAM_" + org.evidencevault.common.DemoTeams.GENEVA));
            }
            if (role.equals("RAPPORTEUR")) {
                // a rapporteur of the demo rapporteur's mandate (SeedCaseRequests shares with it)
                authorities.add(new SimpleGrantedAuthority("MANDATE_SR_HRD"));
            }
        }
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
        authorities.add(new SimpleGrantedAuthority("SCOPE_READ_WRITE"));
        return user(username).authorities(authorities);
    }
}
