package org.evidencevault.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;
import jakarta.servlet.http.HttpSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.SecretBytes;
import org.evidencevault.crypto.Totp;
import org.evidencevault.support.VaultTestDirs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The passkey (WebAuthn) ceremony end to end through the HTTP endpoints: a software authenticator
 * (webauthn4j-test) plays the browser's {@code navigator.credentials}, MockMvc carries the session, the
 * CSRF token and the client address. Every test makes its own accounts, so they do not depend on order.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles({"demo", "test"})
class PasskeyCeremonyTest {

    private static final String ORIGIN = "http://localhost:8080";
    private static final Path OWN_STORE = VaultTestDirs.fresh("passkey-ceremony");
    private static final Actor ADMIN = new Actor("admin", Set.of(Role.ADMIN));
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** The user-verified bit of the authenticator data's flags (WebAuthn §6.1). */
    private static final int FLAG_UV = 0x04;

    @DynamicPropertySource
    static void ownStore(DynamicPropertyRegistry registry) {
        registry.add("vault.store.data-dir", OWN_STORE::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountService accounts;

    @Autowired
    PasskeyStore passkeys;

    @Autowired
    MongoDatabase db;

    // ---- 1. registration from a fully logged-in session ----------------------------------------------

    @Test
    void aLoggedInUserRegistersAPasskeyThatIsListedAuditedAndStoredWithItsAttestation() throws Exception {
        User user = newUserWithTotp();
        Browser browser = new Browser();
        browser.logInWithTotp(user);
        assertThat(browser.factors()).containsExactly("password", "totp");

        long mark = auditMark();
        Device device = new Device();
        MvcResult registered = browser.registerPasskey(device, "laptop");
        assertThat(registered.getResponse().getStatus()).as(registered.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(JSON.readTree(registered.getResponse().getContentAsString()).path("success").asBoolean()).isTrue();

        JsonNode listed = browser.json(get("/api/v1/account/passkeys"), 200);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asString()).isEqualTo(device.credentialId);
        assertThat(listed.get(0).get("label").asString()).isEqualTo("laptop");

        assertThat(audit(mark, "passkey.register", user.name))
                .as("a passkey.register entry naming the credential")
                .anySatisfy(e -> assertThat(targetIds(e, "passkey")).contains(device.credentialId));

        Document stored = db.getCollection("passkeys").find(Filters.eq("_id", device.credentialId)).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getString("username")).isEqualTo(user.name);
        assertThat(stored.getString("attestationObject")).as("sign-in rebuilds the credential from it")
                .isEqualTo(device.attestationObject);
        assertThat(stored.get("removedAt")).isNull();

        // a second passkey of the same account only right after using the first: a session logged in with the password
        // and the code (as one phished in real time would be) gets no registration options for another
        Device second = new Device();
        MvcResult refused = browser.perform(post("/webauthn/register/options").with(csrf()));
        assertThat(refused.getResponse().getStatus()).as(refused.getResponse().getContentAsString()).isEqualTo(403);
        assertThat(refused.getResponse().getContentAsString()).doesNotContain("challenge");
        MvcResult up = browser.loginWithPasskey(browser.assertion(device));
        assertThat(up.getResponse().getStatus()).as(up.getResponse().getContentAsString()).isEqualTo(200);
        // the account's one WebAuthn user handle is shared, and nothing about the passkeys' indexes refuses a second
        // credential of one handle
        MvcResult again = browser.registerPasskey(second, "phone");
        assertThat(again.getResponse().getStatus()).as(again.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(browser.json(get("/api/v1/account/passkeys"), 200)).hasSize(2);
        assertThat(db.getCollection("passkey_users").countDocuments(Filters.eq("_id", user.name))).isEqualTo(1);
        Document secondStored = db.getCollection("passkeys").find(Filters.eq("_id", second.credentialId)).first();
        assertThat(secondStored).isNotNull();
        assertThat(secondStored.getString("handle")).isEqualTo(stored.getString("handle"));
        for (Document index : db.getCollection("passkeys").listIndexes()) {
            if (!"_id_".equals(index.getString("name"))) {
                assertThat(index.getBoolean("unique", false)).as("index %s", index.toJson()).isFalse();
            }
        }
    }

    // ---- 2. the later login: password, then the passkey ----------------------------------------------

    @Test
    void passwordThenPasskeyLogsInWithBothFactorsANewSessionIdAndASessionRecord() throws Exception {
        User user = newUserWithTotp();
        Device device = enrolPasskey(user);
        long countAtRegistration = storedCounter(device);

        Browser browser = new Browser();
        browser.password(user);
        assertThat(browser.status(get("/api/v1/auth/whoami"))).as("the password alone").isEqualTo(401);
        String body = browser.assertion(device);
        String idBefore = browser.session.getId();
        long mark = auditMark();

        MvcResult login = browser.loginWithPasskey(body);

        assertThat(login.getResponse().getStatus()).as(login.getResponse().getContentAsString()).isEqualTo(200);
        JsonNode answer = JSON.readTree(login.getResponse().getContentAsString());
        assertThat(answer.path("authenticated").asBoolean()).isTrue();
        assertThat(browser.session.getId()).as("a fresh session id at the second factor").isNotEqualTo(idBefore);
        JsonNode whoami = browser.json(get("/api/v1/auth/whoami"), 200);
        assertThat(whoami.get("username").asString()).isEqualTo(user.name);
        assertThat(strings(whoami.get("factors"))).contains("password", "webauthn");

        JsonNode sessions = browser.json(get("/api/v1/account/sessions"), 200);
        assertThat(sessions).anySatisfy(s -> {
            assertThat(s.get("current").asBoolean()).isTrue();
            assertThat(strings(s.get("factors"))).contains("password", "webauthn");
        });
        JsonNode me = browser.json(get("/api/v1/account"), 200);
        assertThat(me.get("username").asString()).isEqualTo(user.name);
        assertThat(me.get("passkeys").asInt()).isEqualTo(1);

        assertThat(audit(mark, "passkey.use", user.name)).hasSize(1);
        assertThat(audit(mark, "session.open", user.name)).hasSize(1);
        assertThat(audit(mark, "login.succeeded", user.name)).hasSize(1);
        assertThat(storedCounter(device)).as("the counter the login presented is kept").isGreaterThan(countAtRegistration);
    }

    // ---- 3. a cloned authenticator replaying its counter ----------------------------------------------

    @Test
    void aSecondLoginPresentingTheSameCounterIsRefused() throws Exception {
        User user = newUserWithTotp();
        Device device = enrolPasskey(user);

        Browser first = new Browser();
        first.password(user);
        MvcResult ok = first.loginWithPasskey(first.assertion(device));
        assertThat(ok.getResponse().getStatus()).as(ok.getResponse().getContentAsString()).isEqualTo(200);
        long counter = storedCounter(device);
        assertThat(counter).as("a counting authenticator").isPositive();

        device.authenticator.setCountUpEnabled(false); // the clone presents the counter already seen
        Browser clone = new Browser();
        clone.password(user);
        long mark = auditMark();
        String replayed = clone.assertion(device);
        assertThat(counterIn(replayed)).isEqualTo(counter);

        MvcResult refused = clone.loginWithPasskey(replayed);

        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(clone.status(get("/api/v1/auth/whoami"))).isEqualTo(401);
        assertThat(clone.status(get("/api/v1/account"))).isEqualTo(401);
        assertThat(storedCounter(device)).isEqualTo(counter);
        assertThat(audit(mark, "passkey.use", user.name)).isEmpty();
        assertThat(audit(mark, "login.succeeded", user.name)).isEmpty();
    }

    // ---- 4. user verification --------------------------------------------------------------------------

    @Test
    void anAssertionWithoutUserVerificationIsRefused() throws Exception {
        User user = newUserWithTotp();
        Device device = enrolPasskey(user);
        Browser browser = new Browser();
        browser.password(user);

        String unverified = browser.assertion(device, "discouraged", false);
        assertThat(flagsIn(unverified) & FLAG_UV).as("the authenticator did not verify the user").isZero();
        MvcResult refused = browser.loginWithPasskey(unverified);

        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(browser.status(get("/api/v1/auth/whoami"))).isEqualTo(401);

        // the same browser and authenticator, now verifying the user, gets in: it was the missing UV
        String verified = browser.assertion(device);
        assertThat(flagsIn(verified) & FLAG_UV).isNotZero();
        MvcResult ok = browser.loginWithPasskey(verified);
        assertThat(ok.getResponse().getStatus()).as(ok.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(browser.factors()).contains("password", "webauthn");
    }

    // ---- 5. a passkey alone -----------------------------------------------------------------------------

    @Test
    void aPasskeyWithoutThePasswordFirstDoesNotLogIn() throws Exception {
        User user = newUserWithTotp();
        Device device = enrolPasskey(user);
        Browser anonymous = new Browser();
        long mark = auditMark();

        MvcResult refused = anonymous.loginWithPasskey(anonymous.assertion(device));

        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(anonymous.status(get("/api/v1/auth/whoami"))).isEqualTo(401);
        assertThat(anonymous.status(get("/api/v1/account/passkeys"))).isEqualTo(401);
        assertThat(audit(mark, "login.succeeded", user.name)).isEmpty();
        assertThat(audit(mark, "session.open", user.name)).isEmpty();
    }

    // ---- 6. factors of two accounts --------------------------------------------------------------------

    @Test
    void onePersonsPasswordAndAnotherPersonsPasskeyDoNotMakeALogin() throws Exception {
        User alice = newUserWithTotp(); // no passkey: her login offers no allow-list, any passkey may answer
        User bob = newUserWithTotp();
        Device bobsDevice = enrolPasskey(bob);
        User carol = newUserWithTotp(); // with a passkey of her own: her login allows only that one
        enrolPasskey(carol);
        long mark = auditMark();

        Browser browser = new Browser();
        browser.password(alice);
        MvcResult refused = browser.loginWithPasskey(browser.assertion(bobsDevice));

        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertNotLoggedInWithTwoFactors(browser);

        // the same when the password's account has a passkey and bob's authenticator ignores the allow-list
        Browser other = new Browser();
        other.password(carol);
        MvcResult refusedToo = other.loginWithPasskey(other.assertion(bobsDevice, null, true));

        assertThat(refusedToo.getResponse().getStatus()).isEqualTo(401);
        assertNotLoggedInWithTwoFactors(other);
        for (User u : List.of(alice, bob, carol)) {
            assertThat(audit(mark, "login.succeeded", u.name)).as(u.name).isEmpty();
            assertThat(audit(mark, "session.open", u.name)).as(u.name).isEmpty();
        }

        // bob's authenticator itself was fine: after bob's own password it logs bob in
        Browser bobs = new Browser();
        bobs.password(bob);
        MvcResult ok = bobs.loginWithPasskey(bobs.assertion(bobsDevice));
        assertThat(ok.getResponse().getStatus()).as(ok.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(bobs.json(get("/api/v1/auth/whoami"), 200).get("username").asString()).isEqualTo(bob.name);
    }

    private void assertNotLoggedInWithTwoFactors(Browser browser) throws Exception {
        MvcResult whoami = browser.perform(get("/api/v1/auth/whoami"));
        if (whoami.getResponse().getStatus() == 200) {
            assertThat(strings(JSON.readTree(whoami.getResponse().getContentAsString()).get("factors")))
                    .as("a 200 whoami may only be a single factor").doesNotContain("password");
        }
        assertThat(whoami.getResponse().getStatus()).isEqualTo(401);
    }

    // ---- 7. a challenge is used once --------------------------------------------------------------------

    @Test
    void anAssertionCannotBeReplayed() throws Exception {
        User user = newUserWithTotp();
        Device synced = new Device();
        synced.authenticator.setCountUpEnabled(false); // counter 0 throughout, as synced passkeys: only the challenge stops a replay
        enrolPasskey(user, synced);

        Browser browser = new Browser();
        browser.password(user);
        String body = browser.assertion(synced);
        assertThat(counterIn(body)).isZero();
        MvcResult ok = browser.loginWithPasskey(body);
        assertThat(ok.getResponse().getStatus()).as(ok.getResponse().getContentAsString()).isEqualTo(200);

        // the same body again, in the same session
        assertThat(browser.loginWithPasskey(body).getResponse().getStatus()).isEqualTo(401);

        // the same body in another password session, which asked for its own challenge
        Browser attacker = new Browser();
        attacker.password(user);
        attacker.requestOptions();
        long mark = auditMark();
        assertThat(attacker.loginWithPasskey(body).getResponse().getStatus()).isEqualTo(401);
        assertThat(attacker.status(get("/api/v1/auth/whoami"))).isEqualTo(401);
        assertThat(audit(mark, "login.succeeded", user.name)).isEmpty();

        // a fresh assertion with the same (zero) counter passes: the replay failed on its challenge
        MvcResult fresh = attacker.loginWithPasskey(attacker.assertion(synced));
        assertThat(fresh.getResponse().getStatus()).as(fresh.getResponse().getContentAsString()).isEqualTo(200);
    }

    // ---- 8. a disabled account -------------------------------------------------------------------------

    @Test
    void aDisabledAccountsPasskeyNoLongerLogsIn() throws Exception {
        User user = newUserWithTotp();
        Device device = enrolPasskey(user);
        Browser browser = new Browser();
        browser.password(user);
        String body = browser.assertion(device);

        accounts.disable(ADMIN, user.name);
        long mark = auditMark();
        MvcResult refused = browser.loginWithPasskey(body);

        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(browser.status(get("/api/v1/auth/whoami"))).isEqualTo(401);
        assertThat(browser.status(get("/api/v1/account"))).isEqualTo(401);
        assertThat(audit(mark, "login.succeeded", user.name)).isEmpty();
        assertThat(audit(mark, "session.open", user.name)).isEmpty();

        // nor alone, in a new browser
        Browser anonymous = new Browser();
        assertThat(anonymous.loginWithPasskey(anonymous.assertion(device)).getResponse().getStatus()).isEqualTo(401);
        assertThat(anonymous.status(get("/api/v1/auth/whoami"))).isEqualTo(401);
    }

    // ---- 9. enrolment by passkey -----------------------------------------------------------------------

    @Test
    void anAccountWithoutSecondFactorEnrolsAPasskeyWithItsPasswordAndThenLogsInWithIt() throws Exception {
        User user = newPendingUser();
        Browser enrolling = new Browser();
        MvcResult first = enrolling.password(user, "/account/second-factor");
        assertThat(first.getResponse().getRedirectedUrl()).isEqualTo("/account/second-factor");
        assertThat(enrolling.status(get("/api/v1/auth/whoami"))).isEqualTo(401);

        Device device = new Device();
        MvcResult registered = enrolling.registerPasskey(device, "first key");
        assertThat(registered.getResponse().getStatus()).as(registered.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(accounts.find(user.name).orElseThrow().enrolmentPending()).isFalse();
        assertThat(passkeys.list(user.name)).extracting(PasskeyStore.Passkey::id).containsExactly(device.credentialId);

        Browser later = new Browser();
        later.password(user, "/login/second-factor");
        MvcResult login = later.loginWithPasskey(later.assertion(device));
        assertThat(login.getResponse().getStatus()).as(login.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(later.factors()).contains("password", "webauthn");
    }

    @Test
    void aPasswordOnlySessionOfAnAccountWithASecondFactorCannotAddAPasskey() throws Exception {
        User user = newUserWithTotp();
        Browser phished = new Browser();
        phished.password(user);

        MvcResult options = phished.perform(post("/webauthn/register/options").with(csrf()));
        Device device = new Device();
        if (options.getResponse().getStatus() == 200) {
            // the options filter runs before authorization: the registration itself must be refused
            String body = device.registration(JSON.readTree(options.getResponse().getContentAsString()), "attacker");
            MvcResult register = phished.perform(post("/webauthn/register").with(csrf())
                    .contentType(MediaType.APPLICATION_JSON).content(body));
            assertThat(register.getResponse().getStatus()).as(register.getResponse().getContentAsString())
                    .isIn(302, 401, 403);
            if (register.getResponse().getStatus() == 302) {
                assertThat(register.getResponse().getRedirectedUrl()).isEqualTo("/login/second-factor");
            }
            assertThat(db.getCollection("passkeys").countDocuments(Filters.eq("_id", device.credentialId))).isZero();
        } else {
            assertThat(options.getResponse().getStatus()).isIn(302, 400, 401, 403);
        }
        assertThat(passkeys.list(user.name)).isEmpty();
        assertThat(db.getCollection("passkeys").countDocuments(Filters.eq("username", user.name))).isZero();
        Account account = accounts.find(user.name).orElseThrow();
        assertThat(account.enrolmentPending()).isFalse();
        assertThat(account.totpEnrolled()).isTrue();
    }

    /**
     * The registration options are the first step of adding a passkey, and the filter chain lists them under
     * the enrolment rule; but Spring's options filter answers before authorization, for any authenticated
     * session.
     */
    @Test
    void aPasswordOnlySessionOfAnAccountWithASecondFactorGetsNoRegistrationOptions() throws Exception {
        User user = newUserWithTotp();
        Browser phished = new Browser();
        phished.password(user);
        long mark = auditMark();

        MvcResult options = phished.perform(post("/webauthn/register/options").with(csrf()));

        assertThat(options.getResponse().getStatus()).as(options.getResponse().getContentAsString()).isEqualTo(403);
        assertThat(options.getResponse().getContentAsString()).contains("urn:evidence-vault:problem:forbidden").doesNotContain("challenge");
        assertThat(audit(mark, "passkey.register", user.name)).as("passkey.register entries from a password-only session").isEmpty();
        assertThat(audit(mark, "passkey.handle", user.name)).as("no passkey handle made for a password-only session").isEmpty();
        assertThat(db.getCollection("passkey_users").countDocuments(Filters.eq("_id", user.name))).isZero();
    }

    // ---- 10. removing passkeys -------------------------------------------------------------------------

    @Test
    void aPasskeyCanBeRemovedWhileTheAuthenticatorAppRemains() throws Exception {
        User user = newUserWithTotp();
        Browser browser = new Browser();
        browser.logInWithTotp(user);
        Device device = new Device();
        assertThat(browser.registerPasskey(device, "old key").getResponse().getStatus()).isEqualTo(200);
        long mark = auditMark();

        MvcResult removed = browser.perform(delete("/api/v1/account/passkeys/{id}", device.credentialId).with(csrf()));

        assertThat(removed.getResponse().getStatus()).as(removed.getResponse().getContentAsString()).isEqualTo(204);
        assertThat(browser.json(get("/api/v1/account/passkeys"), 200)).isEmpty();
        assertThat(audit(mark, "passkey.remove", user.name))
                .anySatisfy(e -> assertThat(targetIds(e, "passkey")).contains(device.credentialId));
        assertThat(accounts.find(user.name).orElseThrow().totpEnrolled()).isTrue();

        // and the removed passkey no longer logs in
        Browser later = new Browser();
        later.password(user);
        assertThat(later.loginWithPasskey(later.assertion(device)).getResponse().getStatus()).isEqualTo(401);
        assertThat(later.status(get("/api/v1/auth/whoami"))).isEqualTo(401);
    }

    @Test
    void theLastSecondFactorCannotBeRemoved() throws Exception {
        User user = newPendingUser();
        Browser enrolling = new Browser();
        enrolling.password(user, "/account/second-factor");
        Device device = new Device();
        assertThat(enrolling.registerPasskey(device, "only key").getResponse().getStatus()).isEqualTo(200);
        Browser browser = new Browser();
        browser.password(user);
        assertThat(browser.loginWithPasskey(browser.assertion(device)).getResponse().getStatus()).isEqualTo(200);
        long mark = auditMark();

        MvcResult refused = browser.perform(delete("/api/v1/account/passkeys/{id}", device.credentialId).with(csrf()));

        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(refused.getResponse().getContentAsString());
        assertThat(problem.get("violations")).anySatisfy(v -> assertThat(v.get("rule").asString()).isEqualTo("last-second-factor"));
        assertThat(browser.json(get("/api/v1/account/passkeys"), 200)).hasSize(1);
        assertThat(audit(mark, "passkey.remove", user.name)).isEmpty();
    }

    // ---- accounts, devices and the audit log -------------------------------------------------------------

    // ---- step-up: a passkey again in a logged-in session ---------------------------------------------

    @Test
    void aPasskeyAssertionInALoggedInSessionIsAStepUpThatKeepsTheSessionAndOpensAnErasureUnderApproval() throws Exception {
        // each logs in with an authenticator code (no passkey factor yet) and registers a passkey in that session
        User requester = newOfficerWithTotp();
        Browser r = new Browser();
        r.logInWithTotp(requester);
        Device requesterKey = new Device();
        assertThat(r.registerPasskey(requesterKey, "requester's key").getResponse().getStatus()).isEqualTo(200);
        User approver = newOfficerWithTotp();
        Browser a = new Browser();
        a.logInWithTotp(approver);
        Device approverKey = new Device();
        assertThat(a.registerPasskey(approverKey, "approver's key").getResponse().getStatus()).isEqualTo(200);

        String defender = r.json(post("/api/v1/defenders").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"fullName\":\"Step Up Defender " + requester.name + "\",\"country\":\"MEX\"}"), 201).get("id").asString();
        String approval = r.json(post("/api/v1/defenders/{id}/erasure-requests", defender).with(csrf()).header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"asked to be forgotten\"}"), 201).get("id").asString();

        MvcResult withoutStepUp = a.perform(post("/api/v1/approvals/{id}/grant", approval).with(csrf()).header("If-Match", "\"1\""));
        assertThat(withoutStepUp.getResponse().getStatus()).as("a login with an authenticator code is no step-up").isEqualTo(401);
        assertThat(withoutStepUp.getResponse().getHeader("WWW-Authenticate")).contains("insufficient_user_authentication");

        String sessionBefore = a.session.getId();
        String recordBefore = a.json(get("/api/v1/account/sessions"), 200).get(0).get("id").asString();
        long mark = auditMark();
        MvcResult up = a.loginWithPasskey(a.assertion(approverKey));
        assertThat(up.getResponse().getStatus()).as(up.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(JSON.readTree(up.getResponse().getContentAsString()).path("steppedUp").asBoolean()).isTrue();
        assertThat(a.session.getId()).as("a step-up keeps the session").isEqualTo(sessionBefore);
        JsonNode sessions = a.json(get("/api/v1/account/sessions"), 200);
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).get("id").asString()).as("and its record").isEqualTo(recordBefore);
        assertThat(audit(mark, "login.step-up", approver.name)).hasSize(1);
        assertThat(audit(mark, "session.open", approver.name)).isEmpty();
        assertThat(a.json(post("/api/v1/approvals/{id}/grant", approval).with(csrf()).header("If-Match", "\"1\""), 200)
                .get("status").asString()).isEqualTo("GRANTED");

        MvcResult noStepUp = r.perform(delete("/api/v1/defenders/{id}", defender).with(csrf()).header("If-Match", "\"1\"")
                .header("Vault-Approval", approval));
        assertThat(noStepUp.getResponse().getStatus()).isEqualTo(401);
        assertThat(r.loginWithPasskey(r.assertion(requesterKey)).getResponse().getStatus()).isEqualTo(200);
        MvcResult erased = r.perform(delete("/api/v1/defenders/{id}", defender).with(csrf()).header("If-Match", "\"1\"")
                .header("Vault-Approval", approval));
        assertThat(erased.getResponse().getStatus()).as(erased.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(r.status(get("/api/v1/defenders/{id}", defender))).isEqualTo(410);

        // a token made right after the step-up carries it (for the rest of the window); one from password and code does not
        String publicNaming = "{\"fullName\":\"Named Defender " + requester.name + "\",\"country\":\"MEX\",\"consents\":"
                + "[{\"purpose\":\"PUBLIC_NAMING\",\"grantedOn\":\"2023-04-18\"}]}";
        JsonNode token = r.json(post("/api/v1/account/tokens").with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{}"), 200);
        assertThat(db.getCollection("api_tokens").find(Filters.eq("_id", token.get("id").asString())).first())
                .as("the token's record keeps the time of the step-up").containsKey("passkeyAt");
        MvcResult withStepUpToken = mvc.perform(post("/api/v1/defenders").header("Authorization", "Bearer " + token.get("token").asString())
                .contentType(MediaType.APPLICATION_JSON).content(publicNaming)).andReturn();
        assertThat(withStepUpToken.getResponse().getStatus()).as(withStepUpToken.getResponse().getContentAsString()).isEqualTo(201);
        MvcResult issued = mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + requester.name + "\",\"password\":\"" + requester.password + "\",\"code\":\""
                        + Totp.code(requester.totp, Instant.now().plusSeconds(30)) + "\"}")
                .with(x -> {
                    x.setRemoteAddr(nextAddress());
                    return x;
                })).andReturn();
        assertThat(issued.getResponse().getStatus()).as(issued.getResponse().getContentAsString()).isEqualTo(200);
        String codeToken = JSON.readTree(issued.getResponse().getContentAsString()).get("token").asString();
        assertThat(mvc.perform(post("/api/v1/defenders").header("Authorization", "Bearer " + codeToken)
                .contentType(MediaType.APPLICATION_JSON).content(publicNaming)).andReturn().getResponse().getStatus()).isEqualTo(401);

        // taking the consent back needs no step-up; moving its withdrawal later (it widens what may be public) does
        String named = JSON.readTree(withStepUpToken.getResponse().getContentAsString()).get("id").asString();
        String withdrawn = publicNaming.replace("\"grantedOn\":\"2023-04-18\"", "\"grantedOn\":\"2023-04-18\",\"withdrawnOn\":\"2024-01-10\"");
        MvcResult withdrawal = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/defenders/" + named)
                .header("Authorization", "Bearer " + codeToken).header("If-Match", "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content(withdrawn)).andReturn();
        assertThat(withdrawal.getResponse().getStatus()).as(withdrawal.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/defenders/" + named)
                .header("Authorization", "Bearer " + codeToken).header("If-Match", "\"2\"").contentType(MediaType.APPLICATION_JSON)
                .content(withdrawn.replace("2024-01-10", "2025-01-10"))).andReturn().getResponse().getStatus()).isEqualTo(401);
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/defenders/" + named)
                .header("Authorization", "Bearer " + codeToken).header("If-Match", "\"2\"").contentType(MediaType.APPLICATION_JSON)
                .content(publicNaming)).andReturn().getResponse().getStatus()).as("granted again").isEqualTo(401);
    }

    private record User(String name, String password, SecretBytes totp) {
    }

    private User newUserWithTotp() {
        int n = NEXT.incrementAndGet();
        User user = new User("pk-user-" + n, "orchid vessel quartz " + n + " lantern", Totp.newSecret());
        assertThat(accounts.createIfAbsent(user.name, Set.of(Role.RAPPORTEUR), Set.of(), Set.of(), user.password, user.totp)).isTrue();
        return user;
    }

    /** A protection officer of the demo officer's case team, with an authenticator app. */
    private User newOfficerWithTotp() {
        int n = NEXT.incrementAndGet();
        User user = new User("pk-officer-" + n, "walnut harbour signal " + n + " meadow", Totp.newSecret());
        assertThat(accounts.createIfAbsent(user.name, Set.of(Role.PROTECTION_OFFICER), Set.of(org.evidencevault.common.DemoTeams.GENEVA),
                Set.of(), user.password, user.totp)).isTrue();
        return user;
    }

    /** An account as an ADMIN creates it: a password, and a second factor still to enrol. */
    private User newPendingUser() {
        int n = NEXT.incrementAndGet();
        User user = new User("pk-new-" + n, "copper meadow signal " + n + " harbour", null);
        accounts.create(ADMIN, user.name, Set.of(Role.RAPPORTEUR), user.password);
        assertThat(accounts.find(user.name).orElseThrow().enrolmentPending()).isTrue();
        return user;
    }

    /** Logs {@code user} in with password and TOTP in a browser of its own and registers a new passkey. */
    private Device enrolPasskey(User user) throws Exception {
        return enrolPasskey(user, new Device());
    }

    private Device enrolPasskey(User user, Device device) throws Exception {
        Browser browser = new Browser();
        browser.logInWithTotp(user);
        MvcResult registered = browser.registerPasskey(device, "key of " + user.name);
        assertThat(registered.getResponse().getStatus()).as(registered.getResponse().getContentAsString()).isEqualTo(200);
        return device;
    }

    private long storedCounter(Device device) {
        Document d = db.getCollection("passkeys").find(Filters.eq("_id", device.credentialId)).first();
        assertThat(d).as("stored passkey").isNotNull();
        return d.get("signatureCount", Number.class).longValue();
    }

    private long auditMark() {
        return db.getCollection("audit_log").countDocuments();
    }

    /** The audit entries from {@code mark} on with this action and actor (parsed bodies). */
    private List<JsonNode> audit(long mark, String action, String actor) {
        List<JsonNode> out = new ArrayList<>();
        db.getCollection("audit_log").find(Filters.gte("_id", mark)).forEach(d -> {
            JsonNode body = JSON.readTree(d.getString("body"));
            if (action.equals(body.path("action").asString()) && actor.equals(body.path("actor").asString())) {
                out.add(body);
            }
        });
        return out;
    }

    private static String nextAddress() {
        int n = NEXT.incrementAndGet();
        return "10.9." + n / 250 + "." + (n % 250 + 1);
    }

    private static List<String> targetIds(JsonNode entry, String type) {
        List<String> ids = new ArrayList<>();
        for (JsonNode t : entry.path("targets")) {
            if (type.equals(t.path("type").asString())) {
                ids.add(t.path("id").asString());
            }
        }
        return ids;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static byte[] authenticatorData(String assertionBody) {
        return B64D.decode(JSON.readTree(assertionBody).path("response").path("authenticatorData").asString());
    }

    private static int flagsIn(String assertionBody) {
        return authenticatorData(assertionBody)[32] & 0xff;
    }

    private static long counterIn(String assertionBody) {
        byte[] a = authenticatorData(assertionBody);
        return (a[33] & 0xffL) << 24 | (a[34] & 0xffL) << 16 | (a[35] & 0xffL) << 8 | (a[36] & 0xffL);
    }

    /**
     * A browser: its session (replaced when the server ends it), its client address (one per browser, so
     * failures of one test never throttle another) and the CSRF token on every request.
     */
    private final class Browser {

        private final String address = nextAddress();
        private MockHttpSession session = new MockHttpSession();

        MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
            MvcResult result = mvc.perform(request.session(session).with(r -> {
                r.setRemoteAddr(address);
                return r;
            })).andReturn();
            HttpSession after = result.getRequest().getSession(false);
            session = after instanceof MockHttpSession s ? s : new MockHttpSession();
            return result;
        }

        int status(MockHttpServletRequestBuilder request) throws Exception {
            return perform(request).getResponse().getStatus();
        }

        JsonNode json(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
            MvcResult r = perform(request);
            assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(expectedStatus);
            return JSON.readTree(r.getResponse().getContentAsString());
        }

        List<String> factors() throws Exception {
            return strings(json(get("/api/v1/auth/whoami"), 200).get("factors"));
        }

        /** The login form; an account with a second factor is sent on to it. */
        MvcResult password(User user) throws Exception {
            return password(user, "/login/second-factor");
        }

        MvcResult password(User user, String expectedNext) throws Exception {
            MvcResult r = perform(post("/login").with(csrf()).param("username", user.name).param("password", user.password));
            assertThat(r.getResponse().getStatus()).isEqualTo(302);
            assertThat(r.getResponse().getRedirectedUrl()).isEqualTo(expectedNext);
            return r;
        }

        void logInWithTotp(User user) throws Exception {
            password(user);
            MvcResult r = perform(post("/login/totp").with(csrf()).param("code", Totp.code(user.totp, Instant.now())));
            assertThat(r.getResponse().getStatus()).isEqualTo(302);
            assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/");
        }

        /** register/options, the authenticator's navigator.credentials.create, then register. */
        MvcResult registerPasskey(Device device, String label) throws Exception {
            JsonNode options = json(post("/webauthn/register/options").with(csrf()), 200);
            return perform(post("/webauthn/register").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                    .content(device.registration(options, label)));
        }

        JsonNode requestOptions() throws Exception {
            return json(post("/webauthn/authenticate/options").with(csrf()), 200);
        }

        /** authenticate/options, then the authenticator's navigator.credentials.get: the body for /login/webauthn. */
        String assertion(Device device) throws Exception {
            return assertion(device, null, false);
        }

        String assertion(Device device, String userVerification, boolean ignoreAllowList) throws Exception {
            return device.assertion(requestOptions(), userVerification, ignoreAllowList);
        }

        MvcResult loginWithPasskey(String body) throws Exception {
            return perform(post("/login/webauthn").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body));
        }
    }

    /**
     * A software authenticator (a packed-attestation security key with user verification) behind a
     * browser at {@link #ORIGIN}: turns Spring's options JSON into webauthn4j options and its answers
     * into the JSON Spring's endpoints read.
     */
    private static final class Device {

        final PackedAuthenticator authenticator = new PackedAuthenticator();
        final ClientPlatform client = new ClientPlatform(new Origin(ORIGIN), new WebAuthnAuthenticatorAdaptor(authenticator));
        String credentialId;
        String attestationObject;

        /** The body of POST /webauthn/register for these creation options. */
        String registration(JsonNode options, String label) {
            PublicKeyCredential<AuthenticatorAttestationResponse, ?> created = client.create(creationOptions(options));
            credentialId = B64U.encodeToString(created.getRawId());
            attestationObject = B64U.encodeToString(created.getResponse().getAttestationObject());
            ObjectNode body = JSON.createObjectNode();
            ObjectNode publicKey = body.putObject("publicKey");
            ObjectNode credential = publicKey.putObject("credential");
            credential.put("id", credentialId);
            credential.put("rawId", credentialId);
            credential.put("type", "public-key");
            ObjectNode response = credential.putObject("response");
            response.put("attestationObject", attestationObject);
            response.put("clientDataJSON", B64U.encodeToString(created.getResponse().getClientDataJSON()));
            response.putArray("transports").add("internal");
            credential.putObject("clientExtensionResults").putObject("credProps").put("rk", true);
            credential.put("authenticatorAttachment", "platform");
            publicKey.put("label", label);
            return body.toString();
        }

        /**
         * The body of POST /login/webauthn for these request options; {@code userVerification} overrides what
         * the server asked for, {@code ignoreAllowList} answers with this authenticator's passkey whatever
         * the server allowed.
         */
        String assertion(JsonNode options, String userVerification, boolean ignoreAllowList) {
            List<PublicKeyCredentialDescriptor> allow = new ArrayList<>();
            if (!ignoreAllowList) {
                for (JsonNode d : options.path("allowCredentials")) {
                    allow.add(new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY, B64D.decode(d.get("id").asString()), null));
                }
            }
            String uv = userVerification != null ? userVerification : options.get("userVerification").asString();
            PublicKeyCredentialRequestOptions request = new PublicKeyCredentialRequestOptions(
                    new DefaultChallenge(options.get("challenge").asString()), options.get("timeout").asLong(),
                    options.get("rpId").asString(), allow, UserVerificationRequirement.create(uv), null);
            PublicKeyCredential<AuthenticatorAssertionResponse, ?> got = client.get(request);
            ObjectNode c = JSON.createObjectNode();
            c.put("id", B64U.encodeToString(got.getRawId()));
            c.put("rawId", B64U.encodeToString(got.getRawId()));
            c.put("type", "public-key");
            ObjectNode r = c.putObject("response");
            r.put("authenticatorData", B64U.encodeToString(got.getResponse().getAuthenticatorData()));
            r.put("clientDataJSON", B64U.encodeToString(got.getResponse().getClientDataJSON()));
            r.put("signature", B64U.encodeToString(got.getResponse().getSignature()));
            if (got.getResponse().getUserHandle() != null) {
                r.put("userHandle", B64U.encodeToString(got.getResponse().getUserHandle()));
            }
            c.putObject("clientExtensionResults");
            c.put("authenticatorAttachment", "platform");
            return c.toString();
        }

        private static PublicKeyCredentialCreationOptions creationOptions(JsonNode o) {
            PublicKeyCredentialRpEntity rp = new PublicKeyCredentialRpEntity(o.get("rp").get("id").asString(), o.get("rp").get("name").asString());
            JsonNode u = o.get("user");
            PublicKeyCredentialUserEntity user = new PublicKeyCredentialUserEntity(B64D.decode(u.get("id").asString()),
                    u.get("name").asString(), u.get("displayName").asString());
            List<PublicKeyCredentialParameters> params = new ArrayList<>();
            for (JsonNode p : o.get("pubKeyCredParams")) {
                params.add(new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.create(p.get("alg").asLong())));
            }
            List<PublicKeyCredentialDescriptor> exclude = new ArrayList<>();
            for (JsonNode d : o.path("excludeCredentials")) {
                exclude.add(new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY, B64D.decode(d.get("id").asString()), null));
            }
            JsonNode sel = o.get("authenticatorSelection");
            AuthenticatorSelectionCriteria selection = new AuthenticatorSelectionCriteria(null,
                    ResidentKeyRequirement.create(sel.get("residentKey").asString()),
                    UserVerificationRequirement.create(sel.get("userVerification").asString()));
            return new PublicKeyCredentialCreationOptions(rp, user, new DefaultChallenge(o.get("challenge").asString()), params,
                    o.get("timeout").asLong(), exclude, selection, AttestationConveyancePreference.create(o.get("attestation").asString()), null);
        }
    }
}
