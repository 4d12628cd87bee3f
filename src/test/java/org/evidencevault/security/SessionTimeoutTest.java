package org.evidencevault.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.SecretBytes;
import org.evidencevault.crypto.Totp;
import org.evidencevault.support.VaultTestDirs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Browser sessions end on their own: after the idle timeout without a request, after the absolute timeout
 * however busy, and a password-only login that does not reach its second factor in time. The timeouts are
 * shortened to seconds here; the same code runs with the defaults (15 minutes, 8 hours, 10 minutes).
 */
@SpringBootTest(properties = {
        "vault.security.session-idle-timeout=2s",
        "vault.security.session-absolute-timeout=6s",
        "vault.security.second-factor-window=2s"})
@AutoConfigureMockMvc
@ActiveProfiles({"demo", "test"})
class SessionTimeoutTest {

    private static final Path STORE = VaultTestDirs.fresh("session-timeouts");
    private static final AtomicInteger SEQ = new AtomicInteger();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("vault.store.data-dir", STORE::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountService accounts;

    @Test
    void anIdleSessionEnds() throws Exception {
        MockHttpSession session = fullLogin();
        assertStatus(session, 200);
        Thread.sleep(2_500);
        assertStatus(session, 401);
    }

    @Test
    void aBusySessionStaysUntilItsAbsoluteTimeout() throws Exception {
        Instant start = Instant.now();
        MockHttpSession session = fullLogin();
        // a request every half second: never idle for 2 s
        while (Duration.between(start, Instant.now()).toMillis() < 5_000) {
            assertStatus(session, 200);
            Thread.sleep(500);
        }
        Thread.sleep(Math.max(0, 6_500 - Duration.between(start, Instant.now()).toMillis()));
        assertStatus(session, 401);
    }

    @Test
    void aPasswordMustBeFollowedByTheSecondFactorInTime() throws Exception {
        String username = "late-" + SEQ.incrementAndGet();
        String password = "granite-lantern-willow-" + SEQ.get();
        SecretBytes secret = Totp.newSecret();
        accounts.createIfAbsent(username, Set.of(Role.PROTECTION_OFFICER), Set.of(), Set.of(), password, secret);
        MockHttpSession session = passwordStep(username, password);
        Thread.sleep(2_500);
        MvcResult late = mvc.perform(post("/login/totp").param("code", Totp.code(secret, Instant.now())).session(session).with(csrf()))
                .andReturn();
        assertThat(late.getResponse().getStatus()).isEqualTo(302);
        assertThat(late.getResponse().getRedirectedUrl()).isEqualTo("/login");
        assertStatus(session, 401);
    }

    private MockHttpSession fullLogin() throws Exception {
        String username = "timed-" + SEQ.incrementAndGet();
        String password = "granite-lantern-willow-" + SEQ.get();
        SecretBytes secret = Totp.newSecret();
        accounts.createIfAbsent(username, Set.of(Role.PROTECTION_OFFICER), Set.of(), Set.of(), password, secret);
        MockHttpSession session = passwordStep(username, password);
        MvcResult r = mvc.perform(post("/login/totp").param("code", Totp.code(secret, Instant.now())).session(session).with(csrf()))
                .andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/");
        return session;
    }

    private MockHttpSession passwordStep(String username, String password) throws Exception {
        MvcResult r = mvc.perform(post("/login").param("username", username).param("password", password).with(csrf())).andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo(SecurityConfiguration.SECOND_FACTOR_PAGE);
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    private void assertStatus(MockHttpSession session, int expected) throws Exception {
        assertThat(mvc.perform(get("/api/v1/account").session(session)).andReturn().getResponse().getStatus()).isEqualTo(expected);
    }
}
