package org.evidencevault.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One shared application context for API tests: the demo profile (example keys, demo accounts, seed
 * case) on an embedded store in a temporary directory. Subclasses share the context, so they must not
 * assume an empty store: they create what they need and look it up by id.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles({"demo", "test"})
public abstract class ApiTestSupport {

    private static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        // a test class that tampers with its store names its own in vault.test.own-store (VaultTestDirs)
        registry.add("vault.store.data-dir", () -> "${vault.test.own-store:" + DATA_DIR + "}");
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JsonMapper json;

    protected static RequestPostProcessor officer() {
        return as("officer", "PROTECTION_OFFICER");
    }

    /** The demo officer (as {@link #officer()}) having just confirmed with a passkey. */
    protected static RequestPostProcessor officerWithPasskey() {
        return request -> csrf().postProcessRequest(
                TestUsers.officerWithPasskey("officer", org.evidencevault.common.DemoTeams.GENEVA).postProcessRequest(request));
    }

    /**
     * Erases a defender of the demo officer's team over HTTP the only way there is: the demo officer asks for the
     * approval, a second officer of the team grants it, the demo officer erases under it (both with a fresh
     * passkey confirmation). Returns the answer to the erasure.
     */
    protected org.springframework.test.web.servlet.ResultActions eraseUnderApproval(String defenderId, long version) throws Exception {
        String request = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/api/v1/defenders/" + defenderId + "/erasure-requests").with(officer())
                        .header("If-Match", "\"" + version + "\"").contentType("application/json")
                        .content("{\"reason\":\"the defender asked to be forgotten\"}"))
                .andReturn().getResponse().getContentAsString();
        String approval = parse(request).path("id").asString();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/approvals/" + approval + "/grant")
                .with(TestUsers.officerWithPasskey("officer-approver", org.evidencevault.common.DemoTeams.GENEVA)).with(csrf())
                .header("If-Match", "\"1\""));
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/defenders/" + defenderId)
                .with(officerWithPasskey()).with(csrf()).header("If-Match", "\"" + version + "\"").header("Vault-Approval", approval));
    }

    protected static RequestPostProcessor rapporteur() {
        return as("rapporteur", "RAPPORTEUR");
    }

    protected static RequestPostProcessor auditor() {
        return as("auditor", "AUDITOR");
    }

    protected static RequestPostProcessor admin() {
        return as("admin", "ADMIN");
    }

    /**
     * A session-authenticated user with a valid CSRF token, as a logged-in browser would send.
     * (API clients with bearer tokens are tested in the security package.)
     */
    protected static RequestPostProcessor as(String username, String role) {
        return request -> csrf().postProcessRequest(TestUsers.loggedIn(username, role).postProcessRequest(request));
    }

    protected JsonNode parse(String body) {
        return json.readTree(body);
    }

    protected static Path dataDir() {
        return DATA_DIR;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("vault-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
