package org.evidencevault.security;

import java.time.Clock;
import org.evidencevault.audit.Audited;
import org.mockito.Mockito;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The production security of the API for web slice tests ({@link org.evidencevault.support.WebSliceTestSupport}):
 * the real {@link SecurityConfiguration} (one filter chain: session login with CSRF, bearer tokens without, problem
 * documents for 401/403 under {@code /api/**}, the firewall's problem document), its {@link ProblemResponses}, and
 * the real {@link org.evidencevault.access.CurrentActor}, so roles map to vault roles exactly as in production. What needs the store (the
 * accounts, the login steps, sessions, passkeys, the audit seam) is a mock: slice tests authenticate as a user
 * who has passed both factors and never log in, so none of them is called.
 *
 * <p>Deliberately not a {@code @Configuration} or {@code @Component}, so full-context tests never scan it.
 */
@Import({SecurityConfiguration.class, ProblemResponses.class, org.evidencevault.access.CurrentActor.class})
@EnableConfigurationProperties(SecurityProperties.class)
public class WebSliceSecurity {

    @Bean
    static AccountService sliceAccounts() {
        return Mockito.mock(AccountService.class);
    }

    @Bean
    static PasswordLoginProvider slicePasswords() {
        return Mockito.mock(PasswordLoginProvider.class);
    }

    @Bean
    static LoginCompletion sliceCompletion() {
        return Mockito.mock(LoginCompletion.class);
    }

    @Bean
    static SessionRegistry sliceSessions() {
        return Mockito.mock(SessionRegistry.class);
    }

    @Bean
    static PasskeyUsers slicePasskeyUsers() {
        return Mockito.mock(PasskeyUsers.class);
    }

    @Bean
    static PasskeyStore slicePasskeys() {
        return Mockito.mock(PasskeyStore.class);
    }

    @Bean
    static AccessAddresses sliceAddresses() {
        return Mockito.mock(AccessAddresses.class);
    }

    @Bean
    static Audited sliceAudited() {
        return Mockito.mock(Audited.class);
    }

    @Bean
    static Clock sliceClock() {
        return Clock.systemUTC();
    }
}
