package org.evidencevault.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.SecretBytes;
import org.evidencevault.crypto.Totp;
import org.evidencevault.integrity.IntegritySweep;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * {@code /actuator/prometheus}: refused to anonymous callers (401) and to every role but ADMIN (403), open to an ADMIN
 * with both factors and to the scraper's own token (which opens nothing else); the vault's meters move with what they
 * count (audit appends, checkpoints, logins and failed logins, evidence bytes in and out, store commands, the sweep);
 * and no tag carries a record's id, a name or anything a request sent.
 */
class MetricsEndpointTest extends ApiTestSupport {

    /** The test profile's scrape token (application-test.yml holds its SHA-256). */
    static final String SCRAPE_TOKEN = org.evidencevault.support.TestUsers.METRICS_SCRAPE_TOKEN;
    private static final String PROMETHEUS = "/actuator/prometheus";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+)", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Autowired
    AccountService accounts;

    @Autowired
    IntegritySweep sweep;

    @Test
    void anonymousCallersAreRefusedWith401AndNoMetrics() throws Exception {
        MvcResult r = mvc.perform(get(PROMETHEUS)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat(r.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(r.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        assertThat(r.getResponse().getContentAsString()).doesNotContain("vault_").doesNotContain("jvm_");
    }

    @Test
    void everyRoleButAdminIsRefusedWith403() throws Exception {
        for (Role role : List.of(Role.PROTECTION_OFFICER, Role.RAPPORTEUR, Role.AUDITOR)) {
            MvcResult r = mvc.perform(get(PROMETHEUS).with(as("metrics-" + role.name().toLowerCase(), role.name()))).andReturn();
            assertThat(r.getResponse().getStatus()).as(role.name()).isEqualTo(403);
            assertThat(parse(r.getResponse().getContentAsString()).path("type").asString()).as(role.name())
                    .isEqualTo("urn:evidence-vault:problem:forbidden");
            assertThat(r.getResponse().getContentAsString()).doesNotContain("vault_");
        }
    }

    @Test
    void anAdminWithOnlyAPasswordIsAskedForTheSecondFactor() throws Exception {
        RequestPostProcessor passwordOnly = user("admin").authorities(
                new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_ADMIN"),
                FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY));
        MvcResult r = mvc.perform(get(PROMETHEUS).with(passwordOnly)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat(r.getResponse().getContentAsString()).doesNotContain("vault_");
    }

    @Test
    void theScrapeTokenOpensTheMetricsAndNothingElse() throws Exception {
        MvcResult scraped = mvc.perform(get(PROMETHEUS).header(HttpHeaders.AUTHORIZATION, "Bearer " + SCRAPE_TOKEN)).andReturn();
        assertThat(scraped.getResponse().getStatus()).isEqualTo(200);
        assertThat(scraped.getResponse().getContentType()).startsWith("text/plain");
        assertThat(scraped.getResponse().getContentAsString()).contains("vault_audit_appends_total");

        MvcResult elsewhere = mvc.perform(get("/api/v1/incidents").header(HttpHeaders.AUTHORIZATION, "Bearer " + SCRAPE_TOKEN)).andReturn();
        assertThat(elsewhere.getResponse().getStatus()).as("the scrape token on the API").isEqualTo(401);
        MvcResult health = mvc.perform(get("/actuator/health").header(HttpHeaders.AUTHORIZATION, "Bearer " + SCRAPE_TOKEN)).andReturn();
        assertThat(health.getResponse().getStatus()).as("the scrape token is no token on health either").isEqualTo(401);
        MvcResult wrong = mvc.perform(get(PROMETHEUS).header(HttpHeaders.AUTHORIZATION, "Bearer " + SCRAPE_TOKEN + "x")).andReturn();
        assertThat(wrong.getResponse().getStatus()).isEqualTo(401);
        assertThat(wrong.getResponse().getContentAsString()).doesNotContain("vault_");
    }

    @Test
    void appendsCheckpointsStoreCommandsAndTheSweepAreCounted() throws Exception {
        String before = scrape();
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        seed.createParties();
        // an auditor asking for the latest checkpoint has one made now for the log as it is (if the scheduler has not)
        assertThat(mvc.perform(get("/api/v1/audit/checkpoints/latest").with(auditor())).andReturn().getResponse().getStatus())
                .isEqualTo(200);
        // two ends of a pass of the integrity sweep, a tick's share at a time: the first may be the end of a pass begun
        // before (the context is shared), so the second is a whole pass over the records created above
        for (int i = 0, ends = 0; i < 20_000 && ends < 2; i++) {
            if (sweep.step()) {
                ends++;
            }
        }
        String after = scrape();

        assertThat(value(after, "vault_audit_appends_total")).isGreaterThanOrEqualTo(value(before, "vault_audit_appends_total") + 6);
        assertThat(value(after, "vault_audit_append_seconds_count", "outcome", "ok"))
                .isGreaterThanOrEqualTo(value(before, "vault_audit_append_seconds_count", "outcome", "ok") + 6);
        assertThat(after).contains("vault_audit_append_seconds_bucket{outcome=\"ok\"");
        assertThat(value(after, "vault_audit_checkpoints_total", "outcome", "signed"))
                .isGreaterThan(value(before, "vault_audit_checkpoints_total", "outcome", "signed"));
        assertThat(value(after, "mongodb_driver_commands_seconds_count", "command", "insert"))
                .isGreaterThan(value(before, "mongodb_driver_commands_seconds_count", "command", "insert"));
        assertThat(value(after, "vault_integrity_sweep_position")).isGreaterThan(0);
        assertThat(value(after, "vault_integrity_sweep_records_total")).isGreaterThan(value(before, "vault_integrity_sweep_records_total"));
        double lastPass = value(after, "vault_integrity_sweep_last_pass_timestamp_seconds");
        assertThat(lastPass).as("a full pass ended, in seconds since the epoch")
                .isBetween(System.currentTimeMillis() / 1000.0 - 600, System.currentTimeMillis() / 1000.0 + 60);
        assertThat(value(after, "vault_integrity_failures_total", "scope", "record")).as("nothing failed").isZero();
        assertThat(value(after, "vault_integrity_alarms")).isZero();
    }

    @Test
    void failedAndSuccessfulLoginsAreCounted() throws Exception {
        String username = "metrics-login-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pewter-harbour-lantern-" + UUID.randomUUID();
        SecretBytes secret = Totp.newSecret();
        assertThat(accounts.createIfAbsent(username, Set.of(Role.AUDITOR), Set.of(), Set.of(), password, secret)).isTrue();
        double failures = value(scrape(), "vault_logins_total", "outcome", "failure");
        double successes = value(scrape(), "vault_logins_total", "outcome", "success");

        assertThat(tokenRequest(username, "not-the-password", "000000", "10.77.0.1").getResponse().getStatus()).isEqualTo(401);
        assertThat(value(scrape(), "vault_logins_total", "outcome", "failure")).isEqualTo(failures + 1);
        assertThat(tokenRequest(username, password, "not-a-code", "10.77.0.2").getResponse().getStatus()).isEqualTo(401);
        assertThat(value(scrape(), "vault_logins_total", "outcome", "failure")).as("a wrong second factor").isEqualTo(failures + 2);
        assertThat(value(scrape(), "vault_logins_total", "outcome", "success")).isEqualTo(successes);

        String code = new Authenticator(secret).nextCode();
        assertThat(tokenRequest(username, password, code, "10.77.0.3").getResponse().getStatus()).isEqualTo(200);
        assertThat(value(scrape(), "vault_logins_total", "outcome", "success")).isEqualTo(successes + 1);
        assertThat(value(scrape(), "vault_logins_total", "outcome", "failure")).isEqualTo(failures + 2);
    }

    @Test
    void evidenceBytesInAndOutAreCounted() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.minimalIncident(
                seed.create("/api/v1/defenders", seed.defender("Metrics Defender " + seed.suffix, null, "Lawyer")), "Metrics case"));
        byte[] file = pdf(5000);
        double in = value(scrape(), "vault_evidence_bytes_total", "direction", "in");
        double out = value(scrape(), "vault_evidence_bytes_total", "direction", "out");

        MvcResult registered = mvc.perform(post("/api/v1/incidents/" + incident + "/evidence").with(officer())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(json.createObjectNode()
                        .put("kind", "LAB_REPORT").put("mediaType", "application/pdf").put("size", file.length)))).andReturn();
        assertThat(registered.getResponse().getStatus()).as(registered.getResponse().getContentAsString()).isEqualTo(201);
        String id = parse(registered.getResponse().getContentAsString()).path("id").asString();
        MvcResult sent = mvc.perform(patch("/api/v1/evidence/" + id + "/content").with(officer())
                .contentType("application/offset+octet-stream").header("Upload-Offset", "0").content(file)).andReturn();
        assertThat(sent.getResponse().getStatus()).isEqualTo(204);
        assertThat(value(scrape(), "vault_evidence_bytes_total", "direction", "in")).isEqualTo(in + file.length);

        MvcResult started = mvc.perform(get("/api/v1/evidence/" + id + "/content").with(officerWithPasskey())).andReturn();
        MvcResult downloaded = started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)).andReturn() : started;
        assertThat(downloaded.getResponse().getContentAsByteArray()).isEqualTo(file);
        assertThat(value(scrape(), "vault_evidence_bytes_total", "direction", "out")).isEqualTo(out + file.length);
    }

    @Test
    void noTagCarriesARecordIdANameOrAnythingARequestSent() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        SeedCaseRequests.Ids parties = seed.createParties();
        String incident = seed.create("/api/v1/incidents", seed.incident(parties));
        mvc.perform(get("/api/v1/incidents/" + incident).with(officer())).andReturn();
        mvc.perform(get("/api/v1/defenders/" + UUID.randomUUID()).with(officer())).andReturn();
        mvc.perform(post("/api/v1/defenders/search").with(officer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(json.createObjectNode().put("name", seed.aguilarName())))).andReturn();
        mvc.perform(get("/no/such/page/" + seed.suffix).with(officer())).andReturn();
        tokenRequest("nobody-" + seed.suffix, "wrong-" + seed.suffix, "000000", "10.77.1.1");
        String body = scrape();

        assertThat(body).doesNotContain(seed.suffix).doesNotContain(incident).doesNotContain(parties.aguilar())
                .doesNotContain("Aguilar").doesNotContain("Aguirre").doesNotContain("Prodh").doesNotContain("10.77.1.1");
        assertThat(UUID_SHAPE.matcher(body).find()).as("no id of any kind").isFalse();
        // the vault's own meters carry fixed words only
        Set<String> values = new TreeSet<>();
        Matcher m = SAMPLE.matcher(body);
        while (m.find()) {
            if ((m.group(1).startsWith("vault_") || m.group(1).startsWith("mongodb_")) && m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    if (!l.group(1).equals("le") && !l.group(1).equals("quantile")) {
                        values.add(l.group(1) + "=" + l.group(2));
                    }
                }
            }
        }
        assertThat(values).isNotEmpty().allMatch(v -> v.matches("(outcome|scope|direction|status)=[a-zA-Z]+|command=[a-zA-Z]+"), "a fixed word");
        assertThat(values).contains("direction=in", "direction=out", "outcome=success", "outcome=failure", "scope=record", "scope=log");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private String scrape() throws Exception {
        MvcResult r = mvc.perform(get(PROMETHEUS).with(admin())).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The sum of a metric's samples whose labels include {@code key=value} (all samples without a key); 0 if none. */
    static double value(String body, String name, String... keyValue) {
        double sum = 0;
        Matcher m = SAMPLE.matcher(body);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            if (keyValue.length == 2 && (m.group(2) == null || !m.group(2).contains(keyValue[0] + "=\"" + keyValue[1] + "\""))) {
                continue;
            }
            sum += Double.parseDouble(m.group(3));
        }
        return sum;
    }

    private MvcResult tokenRequest(String username, String password, String code, String address) throws Exception {
        MockHttpServletRequestBuilder b = post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("username", username, "password", password, "code", code)));
        return mvc.perform(b.with(request -> {
            request.setRemoteAddr(address);
            return request;
        })).andReturn();
    }

    private static byte[] pdf(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        byte[] magic = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, b, 0, magic.length);
        return b;
    }
}
