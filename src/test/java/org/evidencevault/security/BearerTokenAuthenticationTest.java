package org.evidencevault.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.evidencevault.crypto.Digests;
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
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(properties = {
        "vault.keys.path=keys-example/vault-keys.json",
        "logging.level.org.evidencevault=DEBUG",
        "logging.level.org.springframework.security=DEBUG"})
@AutoConfigureMockMvc
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class BearerTokenAuthenticationTest {

    private static final String WRONG_PASSWORD = "not-the-officer-pass-7Qx";
    private static final List<String> SECRETS = List.of(DemoAccounts.OFFICER_PASSWORD,
            DemoAccounts.AUDITOR_PASSWORD, WRONG_PASSWORD);

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("vault-security-test").toString();
        registry.add("vault.store.data-dir", () -> dir);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    MongoDatabase db;

    private final List<String> bodies = new ArrayList<>();

    @AfterEach
    void noPasswordInAnyResponseOrLog(CapturedOutput output) {
        for (String secret : SECRETS) {
            assertThat(bodies).noneMatch(body -> body.contains(secret));
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }

    @Test
    void officerGetsATokenAndUsesIt() throws Exception {
        JsonNode issued = body(perform(tokenRequest(DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD), 200));
        String token = issued.get("token").asString();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(issued.get("tokenType").asString()).isEqualTo("Bearer");
        Instant expiresAt = Instant.parse(issued.get("expiresAt").asString());
        assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(issued.get("roles").toString()).isEqualTo("[\"PROTECTION_OFFICER\"]");

        Document stored = tokens().find(Filters.eq("_id", Digests.sha256Hex(token))).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getString("username")).isEqualTo("officer");
        assertThat(stored.toJson()).doesNotContain(token);

        MvcResult whoami = perform(get("/api/v1/auth/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + token), 200);
        assertThat(whoami.getRequest().getSession(false)).as("bearer requests are stateless").isNull();
        JsonNode me = body(whoami);
        assertThat(me.get("username").asString()).isEqualTo("officer");
        assertThat(me.get("roles").toString()).isEqualTo("[\"PROTECTION_OFFICER\"]");
    }

    @Test
    void otherRolesComeThroughToo() throws Exception {
        String token = token(DemoAccounts.AUDITOR, DemoAccounts.AUDITOR_PASSWORD);
        JsonNode me = body(perform(get("/api/v1/auth/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + token), 200));
        assertThat(me.get("roles").toString()).isEqualTo("[\"AUDITOR\"]");
    }

    @Test
    void noTokenIs401ProblemNotARedirect() throws Exception {
        for (MediaType accept : List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, MediaType.ALL)) {
            MvcResult result = perform(get("/api/v1/auth/whoami").accept(accept), 401);
            assertProblem(result, "urn:evidence-vault:problem:unauthenticated", "Authentication required");
            assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
            assertThat(result.getRequest().getSession(false)).as("no session for API calls").isNull();
        }
    }

    @Test
    void browsersOutsideTheApiAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/").accept(MediaType.TEXT_HTML))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
    }

    @Test
    void formLoginWorksWithTheDemoAccount() throws Exception {
        mvc.perform(formLogin().user(DemoAccounts.OFFICER).password(DemoAccounts.OFFICER_PASSWORD))
                .andExpect(authenticated().withUsername("officer"));
    }

    @Test
    void badTokenIs401() throws Exception {
        for (String bad : List.of("A".repeat(43), "short", "")) {
            MvcResult result = perform(get("/api/v1/auth/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + bad), 401);
            assertProblem(result, "urn:evidence-vault:problem:invalid-token", "Authentication required");
            assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
        }
    }

    @Test
    void expiredTokenIs401AndIsRemovedOnlyLongAfterItsExpiry() throws Exception {
        String token = "expired-token-expired-token-expired-token-x";
        assertThat(token).hasSize(43);
        String id = Digests.sha256Hex(token);
        Instant past = Instant.now().minus(Duration.ofMinutes(5));
        tokens().insertOne(new Document("_id", id)
                .append("username", "officer")
                .append("roles", List.of("PROTECTION_OFFICER"))
                .append("issuedAt", Date.from(past.minus(Duration.ofHours(1))))
                .append("expiresAt", Date.from(past)));

        MvcResult result = perform(get("/api/v1/auth/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + token), 401);
        assertProblem(result, "urn:evidence-vault:problem:invalid-token", "Authentication required");
        // a lookup never deletes: another instance must not lose tokens to one instance's view of the time
        assertThat(tokens().find(Filters.eq("_id", id)).first()).isNotNull();

        String longExpired = Digests.sha256Hex("long-expired-long-expired-long-expired-xyz");
        tokens().insertOne(new Document("_id", longExpired).append("username", "officer")
                .append("roles", List.of("PROTECTION_OFFICER")).append("issuedAt", Date.from(past.minus(Duration.ofHours(2))))
                .append("expiresAt", Date.from(Instant.now().minus(ApiTokens.CLEANUP_GRACE).minus(Duration.ofMinutes(1)))));
        perform(tokenRequest(DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD), 200);
        assertThat(tokens().find(Filters.eq("_id", longExpired)).first()).as("removed by the cleanup at the next issue").isNull();
        assertThat(tokens().find(Filters.eq("_id", id)).first()).as("expired 5 minutes ago: kept for now").isNotNull();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() throws Exception {
        MvcResult wrongPassword = perform(tokenRequest(DemoAccounts.OFFICER, WRONG_PASSWORD), 401);
        MvcResult unknownUser = perform(tokenRequest("nobody-here", WRONG_PASSWORD), 401);
        assertProblem(wrongPassword, "urn:evidence-vault:problem:invalid-credentials", "Authentication failed");
        assertThat(body(wrongPassword).get("detail").asString()).isEqualTo("invalid username or password");
        assertThat(unknownUser.getResponse().getContentAsString())
                .isEqualTo(wrongPassword.getResponse().getContentAsString());
    }

    @Test
    void revokedTokenStopsWorking() throws Exception {
        String token = token(DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD);
        perform(get("/api/v1/auth/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + token), 200);

        perform(delete("/api/v1/auth/token").header(HttpHeaders.AUTHORIZATION, "Bearer " + token), 204);

        assertThat(tokens().find(Filters.eq("_id", Digests.sha256Hex(token))).first()).isNull();
        MvcResult after = perform(get("/api/v1/auth/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + token), 401);
        assertProblem(after, "urn:evidence-vault:problem:invalid-token", "Authentication required");
    }

    @Test
    void sessionRequestsNeedCsrfButBearerRequestsDoNot() throws Exception {
        MvcResult noCsrf = perform(delete("/api/v1/auth/token").with(user("officer").roles("PROTECTION_OFFICER")), 403);
        assertProblem(noCsrf, "urn:evidence-vault:problem:forbidden", "Forbidden");
        perform(delete("/api/v1/auth/token").with(user("officer").roles("PROTECTION_OFFICER")).with(csrf()), 400);
    }

    private String token(String username, String password) throws Exception {
        return body(perform(tokenRequest(username, password), 200)).get("token").asString();
    }

    private RequestBuilder tokenRequest(String username, String password) {
        return post("/api/v1/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("username", username, "password", password)));
    }

    private MvcResult perform(RequestBuilder request, int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(request).andExpect(status().is(expectedStatus)).andReturn();
        bodies.add(result.getResponse().getContentAsString());
        return result;
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private void assertProblem(MvcResult result, String type, String title) throws Exception {
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = body(result);
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("title").asString()).isEqualTo(title);
        assertThat(problem.get("status").asInt()).isEqualTo(result.getResponse().getStatus());
        assertThat(problem.has("properties")).isFalse();
    }

    private MongoCollection<Document> tokens() {
        return db.getCollection("api_tokens");
    }
}
