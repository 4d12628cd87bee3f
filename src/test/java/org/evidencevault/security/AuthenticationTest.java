package org.evidencevault.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.Digests;
import org.evidencevault.crypto.SecretBytes;
import org.evidencevault.crypto.Totp;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.support.VaultTestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authentication through the HTTP API, as an attacker with a phished password and as the people who use
 * the vault: two factors for everything (a password alone opens only the second-factor step), tokens only
 * after both, scoped, listable and revocable; every failure answered alike; throttling that slows guessing
 * but never locks anyone out; the account lifecycle (create, disable, roles, teams, reset, change) ending
 * sessions and tokens at once; access recorded in the audit log without addresses or typed names in clear.
 * Passkeys are tested in {@link PasskeyCeremonyTest}, timeouts in {@link SessionTimeoutTest}.
 *
 * <p>Each test makes its own accounts (an authenticator code is used once per account) and sends its
 * failing attempts from its own client address (the throttle counts failures per address).
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationTest {

    private static final Path STORE = VaultTestDirs.fresh("authentication");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Actor ADMIN = new Actor("test-admin", Set.of(Role.ADMIN));

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("vault.store.data-dir", STORE::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    MongoDatabase db;

    @Autowired
    AccountService accounts;

    /** Passwords and codes used in a test: none may appear in any response or log line. */
    private final List<String> secrets = new ArrayList<>();
    /** Shown once on purpose (a temporary password): never in a log. */
    private final List<String> shownOnce = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();

    /** A person with an account, its password and its authenticator. */
    record Person(String username, String password, Authenticator authenticator) {
    }

    @AfterEach
    void noSecretInAnyResponseOrLog(CapturedOutput output) {
        for (String secret : secrets) {
            assertThat(bodies).noneMatch(body -> body.contains(secret));
            assertThat(output.getAll()).doesNotContain(secret);
        }
        for (String secret : shownOnce) {
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(bodies.stream().filter(body -> body.contains(secret))).hasSize(1);
        }
    }

    // ---- tokens: two factors, scoped, expiring, listable, revocable ---------------------------------------

    @Test
    void aTokenNeedsThePasswordAndACurrentCode() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        String address = address();

        JsonNode noCode = body(perform(tokenRequest(p.username(), p.password(), null, Map.of(), address), 422));
        assertViolation(noCode, "code", "required");
        assertInvalidCredentials(perform(tokenRequest(p.username(), p.password(), p.authenticator().wrongCode(), Map.of(), address), 401));

        JsonNode issued = body(perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(), Map.of(), address), 200));
        String token = issued.get("token").asString();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(issued.get("scope").asString()).isEqualTo("READ_WRITE");
        assertThat(Instant.parse(issued.get("expiresAt").asString()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));

        Document stored = db.getCollection("api_tokens").find(Filters.eq("_id", issued.get("id").asString())).first();
        assertThat(stored.getString("secretHash")).isEqualTo(Digests.sha256Hex(token));
        assertThat(db.getCollection("api_tokens").find().into(new ArrayList<>()).toString()).doesNotContain(token);

        JsonNode me = body(perform(get("/api/v1/auth/whoami").with(bearer(token)), 200));
        assertThat(me.get("username").asString()).isEqualTo(p.username());
        assertThat(me.get("roles").toString()).isEqualTo("[\"PROTECTION_OFFICER\"]");
        assertThat(me.get("factors").toString()).isEqualTo("[\"bearer\"]");
    }

    @Test
    void everyFailedTokenRequestGetsTheSameAnswer() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        Person disabled = person(Role.PROTECTION_OFFICER);
        accounts.disable(ADMIN, disabled.username());
        String pendingName = "pending-" + SEQ.incrementAndGet();
        String pendingPassword = "quartz-meadow-lantern-" + SEQ.get();
        secrets.add(pendingPassword);
        accounts.create(ADMIN, pendingName, Set.of(Role.PROTECTION_OFFICER), pendingPassword);

        List<MvcResult> failures = new ArrayList<>();
        failures.add(perform(tokenRequest("nobody-" + SEQ.incrementAndGet(), p.password(), p.authenticator().wrongCode(), Map.of(), address()), 401));
        failures.add(perform(tokenRequest(p.username(), "wrong-" + p.password(), p.authenticator().nextCode(), Map.of(), address()), 401));
        failures.add(perform(tokenRequest(p.username(), p.password(), p.authenticator().wrongCode(), Map.of(), address()), 401));
        failures.add(perform(tokenRequest(disabled.username(), disabled.password(), disabled.authenticator().nextCode(), Map.of(), address()), 401));
        failures.add(perform(tokenRequest(pendingName, pendingPassword, "123456", Map.of(), address()), 401));
        Person throttled = person(Role.PROTECTION_OFFICER);
        String from = address();
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            perform(tokenRequest(throttled.username(), "wrong-" + i + throttled.password(), "000000", Map.of(), from), 401);
        }
        failures.add(perform(tokenRequest(throttled.username(), throttled.password(), throttled.authenticator().nextCode(), Map.of(), from), 401));

        MockHttpServletResponse first = failures.get(0).getResponse();
        for (MvcResult failure : failures) {
            assertInvalidCredentials(failure);
            MockHttpServletResponse r = failure.getResponse();
            assertThat(r.getContentAsString()).isEqualTo(first.getContentAsString());
            assertThat(r.getHeaderNames()).containsExactlyInAnyOrderElementsOf(first.getHeaderNames());
            assertThat(r.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        }
    }

    @Test
    void aCodeIsUsedOnceAndNeverAfterANewerOne() throws Exception {
        Person p = person(Role.RAPPORTEUR);
        String address = address();
        long now = Instant.now().getEpochSecond() / Totp.STEP_SECONDS;
        String current = p.authenticator().codeAt(now);
        perform(tokenRequest(p.username(), p.password(), current, Map.of(), address), 200);
        assertInvalidCredentials(perform(tokenRequest(p.username(), p.password(), current, Map.of(), address), 401));
        assertInvalidCredentials(perform(tokenRequest(p.username(), p.password(), p.authenticator().codeAt(now - 1), Map.of(), address), 401));
        perform(tokenRequest(p.username(), p.password(), p.authenticator().codeAt(now + 1), Map.of(), address), 200);
    }

    @Test
    void aReadOnlyTokenReadsButNeverChanges() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        String token = token(p, Map.of("scope", "READ_ONLY"));
        perform(get("/api/v1/incidents").with(bearer(token)), 200);
        perform(post("/api/v1/incidents/search").with(bearer(token)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"defenderName\":\"Nobody Known Here\"}"), 200);
        long organisations = db.getCollection("organisations").countDocuments();
        MvcResult write = perform(post("/api/v1/organisations").with(bearer(token)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"Anything\"}"), 403);
        assertProblem(write, "urn:evidence-vault:problem:token-scope");
        assertThat(db.getCollection("organisations").countDocuments()).isEqualTo(organisations);
    }

    @Test
    void tokenLifetimesAreBounded() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        String address = address();
        assertViolation(body(perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(),
                Map.of("ttlMinutes", 0), address), 422)), "ttlMinutes", "range");
        assertViolation(body(perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(),
                Map.of("ttlMinutes", 8 * 60 + 1), address), 422)), "ttlMinutes", "range");
        JsonNode shortLived = body(perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(),
                Map.of("ttlMinutes", 5), address), 200));
        assertThat(Instant.parse(shortLived.get("expiresAt").asString()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(4)), Instant.now().plus(Duration.ofMinutes(6)));
    }

    @Test
    void anOwnerListsAndRevokesTheirTokensOneByOne() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        MockHttpSession session = fullLogin(p);
        List<String> tokens = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode t = body(perform(post("/api/v1/account/tokens").session(session).with(csrf())
                    .contentType(MediaType.APPLICATION_JSON).content("{\"label\":\"script " + i + "\"}"), 200));
            tokens.add(t.get("token").asString());
            ids.add(t.get("id").asString());
        }
        JsonNode listed = body(perform(get("/api/v1/account/tokens").session(session), 200));
        List<String> listedIds = new ArrayList<>();
        listed.forEach(t -> listedIds.add(t.get("id").asString()));
        assertThat(listedIds).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(listed.toString()).doesNotContain(tokens.get(0)).doesNotContain(tokens.get(1));

        perform(delete("/api/v1/account/tokens/" + ids.get(1)).session(session).with(csrf()), 204);
        assertProblem(perform(get("/api/v1/auth/whoami").with(bearer(tokens.get(1))), 401), "urn:evidence-vault:problem:invalid-token");
        perform(get("/api/v1/auth/whoami").with(bearer(tokens.get(0))), 200);
        perform(get("/api/v1/auth/whoami").with(bearer(tokens.get(2))), 200);

        // revoking the token a request carries
        perform(delete("/api/v1/auth/token").with(bearer(tokens.get(2))), 204);
        perform(get("/api/v1/auth/whoami").with(bearer(tokens.get(2))), 401);

        // a token cannot make tokens, and nobody revokes someone else's
        MvcResult tokenFromToken = perform(post("/api/v1/account/tokens").with(bearer(tokens.get(0)))
                .contentType(MediaType.APPLICATION_JSON).content("{}"), 403);
        assertThat(tokenFromToken.getResponse().getContentAsString()).as("the reason is the token, not the role")
                .contains("logged-in browser session").doesNotContain("role");
        Person other = person(Role.PROTECTION_OFFICER);
        String otherToken = token(other, Map.of());
        String otherId = body(perform(get("/api/v1/account/tokens").with(bearer(otherToken)), 200)).get(0).get("id").asString();
        perform(delete("/api/v1/account/tokens/" + otherId).session(session).with(csrf()), 404);
        perform(get("/api/v1/auth/whoami").with(bearer(otherToken)), 200);
    }

    // ---- browser login: password, then a second factor of the same account -----------------------------------

    @Test
    void aBrowserLoginNeedsBothFactors() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        String address = address();
        MvcResult start = perform(get("/").accept(MediaType.TEXT_HTML).header(HttpHeaders.HOST, "evil.example"), 302);
        assertThat(start.getResponse().getRedirectedUrl()).isEqualTo("/login");

        MvcResult wrong = perform(post("/login").param("username", p.username()).param("password", "wrong-" + p.password())
                .with(csrf()).with(from(address)), 302);
        assertThat(wrong.getResponse().getRedirectedUrl()).isEqualTo("/login?error");

        MockHttpSession session = passwordLogin(p, address);
        String afterPassword = session.getId();
        assertProblem(perform(get("/api/v1/account").session(session), 401), "urn:evidence-vault:problem:second-factor-required");
        assertThat(perform(get("/").accept(MediaType.TEXT_HTML).session(session), 302).getResponse().getRedirectedUrl())
                .isEqualTo(SecurityConfiguration.SECOND_FACTOR_PAGE);
        perform(get(SecurityConfiguration.SECOND_FACTOR_PAGE).session(session), 200);

        MvcResult badCode = perform(post("/login/totp").param("code", p.authenticator().wrongCode()).session(session).with(csrf())
                .with(from(address)), 302);
        assertThat(badCode.getResponse().getRedirectedUrl()).isEqualTo(SecurityConfiguration.SECOND_FACTOR_PAGE + "?error");
        perform(get("/api/v1/account").session(session), 401);

        long mark = auditSize();
        MvcResult done = perform(post("/login/totp").param("code", p.authenticator().nextCode()).session(session).with(csrf())
                .with(from(address)), 302);
        assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/");
        assertThat(session.getId()).as("a fresh session id once both factors passed").isNotEqualTo(afterPassword);
        JsonNode me = body(perform(get("/api/v1/account").session(session), 200));
        assertThat(me.get("factors").toString()).isEqualTo("[\"password\",\"totp\"]");
        assertThat(actionsSince(mark)).contains("session.open", "login.succeeded");
        perform(get("/").accept(MediaType.TEXT_HTML).session(session), 200);

        long beforeLogout = auditSize();
        perform(post("/logout").session(session).with(csrf()), 302);
        assertThat(actionsSince(beforeLogout)).contains("session.close");
        perform(get("/api/v1/account").session(session), 401);
    }

    @Test
    void aPasswordFromOneAccountNeverCombinesWithAnotherAccountsCode() throws Exception {
        Person alice = person(Role.PROTECTION_OFFICER);
        Person bob = person(Role.ADMIN);
        String address = address();
        MockHttpSession session = passwordLogin(alice, address);
        MvcResult mixed = perform(post("/login/totp").param("code", bob.authenticator().nextCode()).session(session).with(csrf())
                .with(from(address)), 302);
        assertThat(mixed.getResponse().getRedirectedUrl()).isEqualTo(SecurityConfiguration.SECOND_FACTOR_PAGE + "?error");
        perform(get("/api/v1/account").session(session), 401);
        perform(get("/api/v1/admin/accounts").session(session), 401);
        // and a token needs both factors of the same account too
        assertInvalidCredentials(perform(tokenRequest(alice.username(), alice.password(), bob.authenticator().nextCode(), Map.of(), address), 401));
    }

    @Test
    void anOwnerListsTheirSessionsAndEndsOne() throws Exception {
        Person p = person(Role.AUDITOR);
        MockHttpSession laptop = fullLogin(p);
        MockHttpSession phone = fullLogin(p);
        JsonNode sessions = body(perform(get("/api/v1/account/sessions").session(laptop), 200));
        assertThat(sessions).hasSize(2);
        String phoneId = null;
        for (JsonNode s : sessions) {
            if (!s.get("current").asBoolean()) {
                phoneId = s.get("id").asString();
            }
            assertThat(s.get("factors").toString()).isEqualTo("[\"password\",\"totp\"]");
        }
        assertThat(phoneId).isNotNull();
        perform(delete("/api/v1/account/sessions/" + phoneId).session(laptop).with(csrf()), 204);
        perform(get("/api/v1/account").session(phone), 401);
        perform(get("/api/v1/account").session(laptop), 200);

        Person other = person(Role.AUDITOR);
        MockHttpSession theirs = fullLogin(other);
        String theirId = body(perform(get("/api/v1/account/sessions").session(theirs), 200)).get(0).get("id").asString();
        perform(delete("/api/v1/account/sessions/" + theirId).session(laptop).with(csrf()), 404);
        perform(get("/api/v1/account").session(theirs), 200);
    }

    // ---- throttling: slows guessing, never locks out ---------------------------------------------------

    @Test
    void guessingAnAccountsPasswordIsSlowedDownButNeverLocksItOut() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        String attacker = address();
        long mark = auditSize();
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertInvalidCredentials(perform(tokenRequest(p.username(), "guess-" + i + "-" + p.password(), "000000", Map.of(), attacker), 401));
        }
        Instant lastFailure = Instant.now();
        // the right password at once is refused, from any address: the account's counter
        assertInvalidCredentials(perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(), Map.of(), address()), 401));
        assertThat(actionsSince(mark)).contains("login.failed", "login.throttled");

        // after the delay (1 s after the fifth failure) the person gets in, and the counter starts again
        sleepUntil(lastFailure.plusMillis(1_200));
        perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(), Map.of(), address()), 200);

        // however long someone guesses, the account's wait never exceeds a minute
        assertThat(LoginThrottle.delay(10_000, LoginThrottle.FREE_FAILURES, LoginThrottle.ACCOUNT_CAP)).isEqualTo(Duration.ofMinutes(1));
        assertThat(LoginThrottle.delay(LoginThrottle.FREE_FAILURES + 3, LoginThrottle.FREE_FAILURES, LoginThrottle.ACCOUNT_CAP))
                .isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void oneClientGuessingAtManyAccountsIsSlowedDownEverywhere() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        String attacker = address();
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++) {
            perform(tokenRequest("someone-" + SEQ.incrementAndGet(), "spray-password-" + i, "000000", Map.of(), attacker), 401);
        }
        assertInvalidCredentials(perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(), Map.of(), attacker), 401));
        perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(), Map.of(), address()), 200);
    }

    // ---- a person's own account --------------------------------------------------------------------------

    @Test
    void changingThePasswordEndsEverySessionAndToken() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        MockHttpSession here = fullLogin(p);
        MockHttpSession elsewhere = fullLogin(p);
        String token = token(p, Map.of());

        assertViolation(body(perform(passwordChange(here, "not-" + p.password(), "a-new-long-passphrase-" + SEQ.get()), 422)),
                "currentPassword", "wrong-password");
        assertViolation(body(perform(passwordChange(here, p.password(), "short-one"), 422)), "newPassword", "min-length");
        assertViolation(body(perform(passwordChange(here, p.password(), "passwordpassword"), 422)), "newPassword", "common-password");
        perform(get("/api/v1/auth/whoami").with(bearer(token)), 200);

        String newPassword = "cobalt-harbour-window-" + SEQ.incrementAndGet();
        secrets.add(newPassword);
        perform(passwordChange(here, p.password(), newPassword), 204);
        perform(get("/api/v1/account").session(here), 401);
        perform(get("/api/v1/account").session(elsewhere), 401);
        perform(get("/api/v1/auth/whoami").with(bearer(token)), 401);

        assertInvalidCredentials(perform(tokenRequest(p.username(), p.password(), p.authenticator().wrongCode(), Map.of(), address()), 401));
        perform(tokenRequest(p.username(), newPassword, p.authenticator().nextCode(), Map.of(), address()), 200);
    }

    @Test
    void passwordsFollowThePolicy() throws Exception {
        MockHttpSession admin = fullLogin(person(Role.ADMIN));
        String name = "new-" + SEQ.incrementAndGet();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("password1234", "min-length");
        cases.put("1qaz2wsx3edc4rfv", "common-password");
        cases.put("passwordpassword", "common-password");
        cases.put("iloveyouiloveyouiloveyou", "common-password");
        cases.put("my name is " + name + " ok", "contains-username");
        cases.put("aaaaaaaaaaaaaaaaaaaa", "too-simple");
        cases.put("x".repeat(PasswordPolicy.MAX_LENGTH + 1), "max-length");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode problem = body(perform(newAccount(admin, name, c.getKey(), "PROTECTION_OFFICER"), 422));
            assertViolation(problem, "password", c.getValue());
            assertThat(problem.toString()).doesNotContain(c.getKey());
        }
        assertThat(accounts.find(name)).isEmpty();
        // long passphrases and any characters are fine, with no composition rules
        String passphrase = "la lluvia en Sevilla es una maravilla, ¿verdad? " + "ñ".repeat(80);
        secrets.add(passphrase);
        perform(newAccount(admin, name, passphrase, "PROTECTION_OFFICER"), 201);
    }

    // ---- an ADMIN's work ---------------------------------------------------------------------------------

    @Test
    void anAdminRunsAnAccountsWholeLife() throws Exception {
        MockHttpSession admin = fullLogin(person(Role.ADMIN));
        String name = "lifecycle-" + SEQ.incrementAndGet();
        String password = "sunlit-orchard-compass-" + SEQ.get();
        secrets.add(password);

        long mark = auditSize();
        JsonNode created = body(perform(newAccount(admin, name, password, "PROTECTION_OFFICER"), 201));
        assertThat(created.get("enrolmentPending").asBoolean()).isTrue();
        assertThat(created.get("totpEnrolled").asBoolean()).isFalse();
        assertThat(actionsSince(mark)).contains("account.create");
        perform(newAccount(admin, name, password, "PROTECTION_OFFICER"), 409);

        // the first login with the password reaches only the enrolment step
        String address = address();
        MvcResult first = perform(post("/login").param("username", name).param("password", password).with(csrf()).with(from(address)), 302);
        assertThat(first.getResponse().getRedirectedUrl()).isEqualTo(SecurityConfiguration.ENROL_PAGE);
        MockHttpSession session = (MockHttpSession) first.getRequest().getSession(false);
        assertProblem(perform(get("/api/v1/account").session(session), 401), "urn:evidence-vault:problem:second-factor-required");
        assertInvalidCredentials(perform(tokenRequest(name, password, "123456", Map.of(), address), 401));

        MvcResult enrol = perform(post(SecurityConfiguration.ENROL_PAGE + "/totp").session(session).with(csrf()), 200);
        String secret = (String) enrol.getModelAndView().getModel().get("secret");
        Authenticator app = Authenticator.of(secret);
        MvcResult confirmed = perform(post(SecurityConfiguration.ENROL_PAGE + "/totp/confirm").param("code", app.nextCode())
                .session(session).with(csrf()), 302);
        assertThat(confirmed.getResponse().getRedirectedUrl()).isEqualTo("/");
        JsonNode me = body(perform(get("/api/v1/account").session(session), 200));
        assertThat(me.get("totpEnrolled").asBoolean()).isTrue();
        Person person = new Person(name, password, app);

        // teams and roles take effect at once: the sessions end
        JsonNode teamed = body(perform(put("/api/v1/admin/accounts/" + name + "/teams").session(admin).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"teams\":[\"geneva-desk\",\"mexico-desk\"]}"), 200));
        assertThat(teamed.get("teams").toString()).isEqualTo("[\"geneva-desk\",\"mexico-desk\"]");
        assertViolation(body(perform(put("/api/v1/admin/accounts/" + name + "/teams").session(admin).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"teams\":[\"Geneva Desk!\"]}"), 422)), "teams", "format");
        perform(get("/api/v1/account").session(session), 401);
        String token = token(person, Map.of());
        perform(put("/api/v1/admin/accounts/" + name + "/roles").session(admin).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"roles\":[\"RAPPORTEUR\"]}"), 200);
        perform(get("/api/v1/auth/whoami").with(bearer(token)), 401);
        assertViolation(body(perform(put("/api/v1/admin/accounts/" + name + "/roles").session(admin).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"roles\":[\"ANONYMOUS\"]}"), 422)), "roles", "assignable");

        // disabled: every session ends, and a login fails like any other
        MockHttpSession again = fullLogin(person);
        perform(post("/api/v1/admin/accounts/" + name + "/disable").session(admin).with(csrf()), 200);
        perform(get("/api/v1/account").session(again), 401);
        assertInvalidCredentials(perform(tokenRequest(name, password, app.wrongCode(), Map.of(), address()), 401));
        MvcResult refused = perform(post("/login").param("username", name).param("password", password).with(csrf()).with(from(address())), 302);
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/login?error");

        perform(post("/api/v1/admin/accounts/" + name + "/enable").session(admin).with(csrf()), 200);
        token = body(perform(tokenRequest(name, password, app.nextCode(), Map.of(), address()), 200)).get("token").asString();

        // a reset: a new password shown once, the old one and the old authenticator are gone
        mark = auditSize();
        JsonNode reset = body(perform(post("/api/v1/admin/accounts/" + name + "/password-reset").session(admin).with(csrf()), 200));
        String temporary = reset.get("temporaryPassword").asString();
        shownOnce.add(temporary);
        assertThat(reset.get("account").get("enrolmentPending").asBoolean()).isTrue();
        assertThat(reset.get("account").get("totpEnrolled").asBoolean()).isFalse();
        assertThat(actionsSince(mark)).contains("account.password-reset");
        perform(get("/api/v1/auth/whoami").with(bearer(token)), 401);
        assertInvalidCredentials(perform(tokenRequest(name, password, app.wrongCode(), Map.of(), address()), 401));
        assertInvalidCredentials(perform(tokenRequest(name, temporary, app.wrongCode(), Map.of(), address()), 401));
        MvcResult afterReset = perform(post("/login").param("username", name).param("password", temporary).with(csrf()).with(from(address())), 302);
        assertThat(afterReset.getResponse().getRedirectedUrl()).isEqualTo(SecurityConfiguration.ENROL_PAGE);
    }

    @Test
    void onlyAnAdminManagesAccountsAndNotTheirOwnDisabling() throws Exception {
        Person officer = person(Role.PROTECTION_OFFICER);
        MockHttpSession session = fullLogin(officer);
        perform(get("/api/v1/admin/accounts").session(session), 403);
        perform(post("/api/v1/admin/accounts/" + officer.username() + "/password-reset").session(session).with(csrf()), 403);

        Person admin = person(Role.ADMIN);
        MockHttpSession adminSession = fullLogin(admin);
        JsonNode listed = body(perform(get("/api/v1/admin/accounts").session(adminSession), 200));
        assertThat(listed.toString()).contains(officer.username()).doesNotContain("passwordHash").doesNotContain("$argon2");
        assertViolation(body(perform(post("/api/v1/admin/accounts/" + admin.username() + "/disable").session(adminSession).with(csrf()), 422)),
                "username", "not-yourself");
        perform(post("/api/v1/admin/accounts/no-such-account/disable").session(adminSession).with(csrf()), 404);
    }

    // ---- the audit of access -----------------------------------------------------------------------------

    @Test
    void everyLoginAndTokenUseIsRecordedWithoutAddressesOrTypedNames() throws Exception {
        Person p = person(Role.PROTECTION_OFFICER);
        String address = address();
        String typedName = "maria.typed.by.mistake." + SEQ.incrementAndGet();
        long mark = auditSize();
        perform(tokenRequest(typedName, "some-password-guess", "000000", Map.of(), address), 401);
        perform(tokenRequest(p.username(), "wrong-" + p.password(), "000000", Map.of(), address), 401);
        perform(tokenRequest(p.username(), p.password(), p.authenticator().wrongCode(), Map.of(), address), 401);
        String token = body(perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(), Map.of(), address), 200))
                .get("token").asString();
        perform(get("/api/v1/auth/whoami").with(bearer(token)).with(from(address)), 200);
        perform(get("/api/v1/auth/whoami").with(bearer("A".repeat(43))).with(from(address)), 401);
        perform(delete("/api/v1/auth/token").with(bearer(token)).with(from(address)), 204);

        List<AuditEntry> entries = entriesSince(mark);
        assertThat(entries.stream().map(AuditEntry::action).toList()).containsSubsequence(
                "login.failed", "login.failed", "login.password-accepted", "login.second-factor-failed",
                "login.password-accepted", "token.issue", "login.succeeded", "token.used", "token.refused", "token.used", "token.revoke");
        for (AuditEntry e : entries) {
            if (e.action().startsWith("login.") || e.action().startsWith("token.used") || e.action().startsWith("token.refused")) {
                assertThat(e.kind()).isEqualTo("ACCESS");
                assertThat(e.targets()).anyMatch(t -> t.type().equals(AccessAddresses.TARGET_TYPE) && t.id().matches("[A-Za-z0-9_-]{22}"));
            }
        }
        AuditEntry unknown = entries.get(0);
        assertThat(unknown.actor()).isEqualTo("anonymous");
        assertThat(unknown.targets()).anyMatch(t -> t.type().equals(PasswordLoginProvider.LOGIN_NAME_TARGET));
        String log = db.getCollection("audit_log").find().into(new ArrayList<>()).toString();
        assertThat(log).doesNotContain(typedName).doesNotContain(address);
        assertThat(db.getCollection("login_throttle").find().into(new ArrayList<>()).toString())
                .doesNotContain(typedName).doesNotContain(address).doesNotContain(p.username());
    }

    // ---- hardening ---------------------------------------------------------------------------------------

    @Test
    void pagesCarryStrictSecurityHeaders() throws Exception {
        MockHttpServletResponse page = perform(get("/login"), 200).getResponse();
        assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'", "script-src 'self'",
                "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'").doesNotContain("unsafe");
        assertThat(page.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.getHeader("Permissions-Policy")).contains("camera=()");
        assertThat(page.getHeader("Strict-Transport-Security")).as("only over TLS").isNull();
        assertThat(perform(get("/login").secure(true), 200).getResponse().getHeader("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000 ; includeSubDomains");
        assertThat(page.getContentAsString()).contains("name=\"_csrf\"");
    }

    @Test
    void noOtherSiteMayCallTheApi() throws Exception {
        MockHttpServletResponse preflight = mvc.perform(options("/api/v1/incidents")
                        .header(HttpHeaders.ORIGIN, "https://evil.example")
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET"))
                .andReturn().getResponse();
        assertThat(preflight.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isNull();
        Person p = person(Role.PROTECTION_OFFICER);
        MockHttpSession session = fullLogin(p);
        // a browser session's change needs the CSRF token
        perform(post("/api/v1/account/tokens").session(session).contentType(MediaType.APPLICATION_JSON).content("{}"), 403);
    }

    @Test
    void theOpenApiDocumentNamesTheConfiguredServerNotTheHostHeader() throws Exception {
        JsonNode api = body(perform(get("/v3/api-docs").header(HttpHeaders.HOST, "evil.example"), 200));
        assertThat(api.get("servers").toString()).contains("http://localhost:8080").doesNotContain("evil");
        assertThat(api.get("paths").has("/api/v1/auth/token")).isTrue();
    }

    @Test
    void aSavedPageIsFollowedOnlyOnThisSite() {
        assertThat(LoginPages.localPart("http://evil.example/api/v1/incidents?page=2")).isEqualTo("/api/v1/incidents?page=2");
        assertThat(LoginPages.localPart("http://evil.example//other.example/x")).isEqualTo("/");
        assertThat(LoginPages.localPart("not a url")).isEqualTo("/");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private Person person(Role... roles) {
        String username = "person-" + SEQ.incrementAndGet() + "-" + roles[0].name().toLowerCase().replace('_', '-');
        String password = "amber-violin-station-" + SEQ.get() + "-" + Long.toHexString(System.nanoTime());
        SecretBytes secret = Totp.newSecret();
        assertThat(accounts.createIfAbsent(username, Set.of(roles), Set.of(), Set.of(), password, secret)).isTrue();
        secrets.add(password);
        return new Person(username, password, new Authenticator(secret));
    }

    private String token(Person p, Map<String, Object> extra) throws Exception {
        return body(perform(tokenRequest(p.username(), p.password(), p.authenticator().nextCode(), extra, address()), 200))
                .get("token").asString();
    }

    private MockHttpServletRequestBuilder tokenRequest(String username, String password, String code, Map<String, Object> extra,
                                                      String address) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        if (code != null) {
            body.put("code", code);
        }
        body.putAll(extra);
        return post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))
                .with(from(address));
    }

    private MockHttpSession passwordLogin(Person p, String address) throws Exception {
        MvcResult r = perform(post("/login").param("username", p.username()).param("password", p.password())
                .with(csrf()).with(from(address)), 302);
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo(SecurityConfiguration.SECOND_FACTOR_PAGE);
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    private MockHttpSession fullLogin(Person p) throws Exception {
        String address = address();
        MockHttpSession session = passwordLogin(p, address);
        MvcResult r = perform(post("/login/totp").param("code", p.authenticator().nextCode()).session(session).with(csrf())
                .with(from(address)), 302);
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/");
        return session;
    }

    private MockHttpServletRequestBuilder passwordChange(MockHttpSession session, String current, String next) {
        return post("/api/v1/account/password").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("currentPassword", current, "newPassword", next)));
    }

    private MockHttpServletRequestBuilder newAccount(MockHttpSession admin, String username, String password, String role) {
        return post("/api/v1/admin/accounts").session(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("username", username, "password", password, "roles", List.of(role))));
    }

    private static RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return request;
        };
    }

    /** A client address of its own for each caller, so one test's failures never throttle another's. */
    private static String address() {
        int n = SEQ.incrementAndGet();
        return "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private MvcResult perform(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        bodies.add(result.getResponse().getContentAsString());
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(expectedStatus);
        return result;
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private void assertInvalidCredentials(MvcResult result) throws Exception {
        assertProblem(result, "urn:evidence-vault:problem:invalid-credentials");
        assertThat(body(result).get("detail").asString()).isEqualTo("invalid username or password");
    }

    private void assertProblem(MvcResult result, String type) throws Exception {
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = body(result);
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(result.getResponse().getStatus());
    }

    private static void assertViolation(JsonNode problem, String field, String rule) {
        List<String> found = new ArrayList<>();
        problem.path("violations").forEach(v -> found.add(v.get("field").asString() + ":" + v.get("rule").asString()));
        assertThat(found).as(problem.toString()).contains(field + ":" + rule);
    }

    private long auditSize() {
        return db.getCollection("audit_log").countDocuments();
    }

    private List<AuditEntry> entriesSince(long mark) {
        List<AuditEntry> out = new ArrayList<>();
        db.getCollection("audit_log").find(Filters.gte("_id", mark)).sort(Sorts.ascending("_id"))
                .forEach(d -> out.add(AuditEntry.parse(d.getString("body").getBytes(StandardCharsets.UTF_8))));
        return out;
    }

    private List<String> actionsSince(long mark) {
        return entriesSince(mark).stream().map(AuditEntry::action).toList();
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long ms = Duration.between(Instant.now(), at).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
