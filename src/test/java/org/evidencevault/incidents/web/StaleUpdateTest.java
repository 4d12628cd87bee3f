package org.evidencevault.incidents.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.SeedCaseRequests.Ids;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Optimistic concurrency: every change names the version it edits (If-Match); a stale one changes nothing. */
class StaleUpdateTest extends ApiTestSupport {

    private static final String INCIDENTS = "/api/v1/incidents";
    private static final String DEFENDERS = "/api/v1/defenders";
    private static final String ORGANISATIONS = "/api/v1/organisations";
    private static final String STALE = "urn:evidence-vault:problem:stale-version";

    private SeedCaseRequests seed;

    @BeforeEach
    void newSuffix() {
        seed = new SeedCaseRequests(mvc, json);
    }

    // ---- incidents --------------------------------------------------------------------------------

    @Test
    void reviseWithCurrentVersionSucceedsAndBumpsETag() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        ObjectNode first = seed.incident(ids).put("title", "first update " + seed.suffix);

        MvcResult r = perform(put(INCIDENTS + "/" + id).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(first)), 200);
        assertThat(r.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        JsonNode updated = parse(r.getResponse().getContentAsString());
        assertThat(updated.get("version").asLong()).isEqualTo(2);
        assertThat(updated.get("title").asString()).isEqualTo("first update " + seed.suffix);
        assertThat(Instant.parse(updated.get("updatedAt").asString()))
                .isAfterOrEqualTo(Instant.parse(updated.get("createdAt").asString()));

        MvcResult read = perform(get(INCIDENTS + "/" + id), 200);
        assertThat(read.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        assertThat(withoutServerFields(parse(read.getResponse().getContentAsString()))).isEqualTo(first);
    }

    @Test
    void secondReviseWithSameVersionIs412AndChangesNothing() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        ObjectNode first = seed.incident(ids).put("title", "first update " + seed.suffix);
        ObjectNode second = seed.incident(ids).put("title", "second update " + seed.suffix).put("status", "INCONCLUSIVE");
        perform(put(INCIDENTS + "/" + id).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(first)), 200);

        MvcResult stale = perform(put(INCIDENTS + "/" + id).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(second)), 412);
        assertStale(stale, 2);
        assertThat(stale.getResponse().getContentAsString()).doesNotContain("second update");

        MvcResult read = perform(get(INCIDENTS + "/" + id), 200);
        assertThat(read.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        JsonNode got = parse(read.getResponse().getContentAsString());
        assertThat(got.get("version").asLong()).isEqualTo(2);
        assertThat(withoutServerFields(got)).isEqualTo(first);
    }

    @Test
    void reviseWithFutureVersionIs412() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        MvcResult r = perform(put(INCIDENTS + "/" + id).header(HttpHeaders.IF_MATCH, "\"7\"")
                .content(body(seed.incident(ids).put("title", "from the future"))), 412);
        assertStale(r, 1);
        assertUnchangedIncident(id, 1, seed.incident(ids));
    }

    @Test
    void staleReviseIs412EvenWhenTheBodyBreaksAReference() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        perform(put(INCIDENTS + "/" + id).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(seed.incident(ids))), 200);
        ObjectNode unknownVendor = seed.incident(ids).put("vendorOrganisationId", "00000000-0000-4000-8000-000000000000");
        assertStale(perform(put(INCIDENTS + "/" + id).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(unknownVendor)), 412), 2);
    }

    @Test
    void reviseWithoutIfMatchIs428() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        MvcResult r = perform(put(INCIDENTS + "/" + id).content(body(seed.incident(ids).put("title", "no precondition"))), 428);
        JsonNode p = problem(r);
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:if-match-required");
        assertViolation(p, "If-Match", "required");
        assertUnchangedIncident(id, 1, seed.incident(ids));
    }

    @Test
    void reviseWithBlankIfMatchIs428() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        JsonNode p = problem(perform(put(INCIDENTS + "/" + id).header(HttpHeaders.IF_MATCH, "  ")
                .content(body(seed.incident(ids).put("title", "blank precondition"))), 428));
        assertViolation(p, "If-Match", "required");
        assertUnchangedIncident(id, 1, seed.incident(ids));
    }

    @Test
    void reviseWithMalformedIfMatchIs422NamingIfMatch() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        for (String tag : List.of("abc", "W/\"1\"", "1", "\"1", "\"one\"", "\"1\", \"2\"", "*", "\"-1\"")) {
            MvcResult r = perform(put(INCIDENTS + "/" + id).header(HttpHeaders.IF_MATCH, tag)
                    .content(body(seed.incident(ids).put("title", "malformed precondition"))), 422);
            JsonNode p = problem(r);
            assertViolation(p, "If-Match", "etag-format");
        }
        assertUnchangedIncident(id, 1, seed.incident(ids));
    }

    @Test
    void reviseOfUnknownIncidentIs404() throws Exception {
        Ids ids = seed.createParties();
        JsonNode p = problem(perform(put(INCIDENTS + "/00000000-0000-4000-8000-000000000000")
                .header(HttpHeaders.IF_MATCH, "\"1\"").content(body(seed.incident(ids))), 404));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:not-found");
    }

    // ---- defenders --------------------------------------------------------------------------------

    @Test
    void defenderReviseWithCurrentVersionSucceedsThenStaleOneIs412() throws Exception {
        Ids ids = seed.createParties();
        ObjectNode first = seed.defender(seed.aguilarName(), ids.prodh(), "Director of the International Area");
        ObjectNode second = seed.defender(seed.aguilarName(), ids.prodh(), "overwritten role");

        MvcResult ok = perform(put(DEFENDERS + "/" + ids.aguilar()).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(first)), 200);
        assertThat(ok.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        assertThat(parse(ok.getResponse().getContentAsString()).get("version").asLong()).isEqualTo(2);

        MvcResult stale = perform(put(DEFENDERS + "/" + ids.aguilar()).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(second)), 412);
        assertStale(stale, 2);

        MvcResult read = perform(get(DEFENDERS + "/" + ids.aguilar()), 200);
        assertThat(read.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        JsonNode got = parse(read.getResponse().getContentAsString());
        assertThat(got.get("version").asLong()).isEqualTo(2);
        assertThat(withoutServerFields(got)).isEqualTo(first);
    }

    @Test
    void defenderReviseWithoutOrWithMalformedIfMatchIsRefused() throws Exception {
        Ids ids = seed.createParties();
        ObjectNode change = seed.defender(seed.aguilarName(), ids.prodh(), "changed role");
        assertViolation(problem(perform(put(DEFENDERS + "/" + ids.aguilar()).content(body(change)), 428)), "If-Match", "required");
        for (String tag : List.of("abc", "W/\"1\"")) {
            assertViolation(problem(perform(put(DEFENDERS + "/" + ids.aguilar()).header(HttpHeaders.IF_MATCH, tag)
                    .content(body(change)), 422)), "If-Match", "etag-format");
        }
        JsonNode got = parse(perform(get(DEFENDERS + "/" + ids.aguilar()), 200).getResponse().getContentAsString());
        assertThat(got.get("version").asLong()).isEqualTo(1);
        assertThat(got.get("role").asString()).isEqualTo("Coordinator of the International Area");
    }

    @Test
    void erasureWithStaleVersionIs412AndErasesNothing() throws Exception {
        Ids ids = seed.createParties();
        ObjectNode first = seed.defender(seed.aguirreName(), ids.prodh(), "Executive Director");
        perform(put(DEFENDERS + "/" + ids.aguirre()).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(first)), 200);

        MvcResult stale = perform(delete(DEFENDERS + "/" + ids.aguirre()).header(HttpHeaders.IF_MATCH, "\"1\""), 412);
        assertStale(stale, 2);

        JsonNode got = parse(perform(get(DEFENDERS + "/" + ids.aguirre()), 200).getResponse().getContentAsString());
        assertThat(got.get("version").asLong()).isEqualTo(2);
        assertThat(withoutServerFields(got)).isEqualTo(first);
        JsonNode found = parse(perform(post(DEFENDERS + "/search").content(body(json.createObjectNode().put("name", seed.aguirreName()))), 200).getResponse().getContentAsString());
        assertThat(found.get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void erasureWithoutOrWithMalformedIfMatchIsRefused() throws Exception {
        Ids ids = seed.createParties();
        assertViolation(problem(perform(delete(DEFENDERS + "/" + ids.aguirre()), 428)), "If-Match", "required");
        for (String tag : List.of("abc", "W/\"1\"")) {
            assertViolation(problem(perform(delete(DEFENDERS + "/" + ids.aguirre()).header(HttpHeaders.IF_MATCH, tag), 422)),
                    "If-Match", "etag-format");
        }
        JsonNode got = parse(perform(get(DEFENDERS + "/" + ids.aguirre()), 200).getResponse().getContentAsString());
        assertThat(got.get("version").asLong()).isEqualTo(1);
        assertThat(got.get("fullName").asString()).isEqualTo(seed.aguirreName());
    }

    @Test
    void erasureWithCurrentVersionShredsTheDefender() throws Exception {
        Ids ids = seed.createParties();
        MvcResult r = eraseUnderApproval(ids.aguirre(), 1).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        JsonNode erased = parse(r.getResponse().getContentAsString());
        assertThat(erased.get("id").asString()).isEqualTo(ids.aguirre());
        assertThat(Instant.parse(erased.get("erasedAt").asString())).isBetween(Instant.now().minusSeconds(60), Instant.now());

        JsonNode gone = problem(perform(get(DEFENDERS + "/" + ids.aguirre()), 410));
        assertThat(gone.get("type").asString()).isEqualTo("urn:evidence-vault:problem:erased");
        JsonNode found = parse(perform(post(DEFENDERS + "/search").content(body(json.createObjectNode().put("name", seed.aguirreName()))), 200).getResponse().getContentAsString());
        assertThat(found.get("totalItems").asLong()).isZero();
        // the other defender is untouched
        assertThat(parse(perform(get(DEFENDERS + "/" + ids.aguilar()), 200).getResponse().getContentAsString())
                .get("fullName").asString()).isEqualTo(seed.aguilarName());
    }

    // ---- organisations ----------------------------------------------------------------------------

    @Test
    void organisationReviseFollowsTheSameVersionRules() throws Exception {
        Ids ids = seed.createParties();
        ObjectNode first = seed.organisation("NSO Group Technologies " + seed.suffix, "NSO " + seed.suffix, "ISR", "COMPANY");
        ObjectNode second = seed.organisation("Q Cyber Technologies " + seed.suffix, null, "ISR", "COMPANY");
        assertViolation(problem(perform(put(ORGANISATIONS + "/" + ids.nso()).content(body(first)), 428)), "If-Match", "required");
        MvcResult ok = perform(put(ORGANISATIONS + "/" + ids.nso()).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(first)), 200);
        assertThat(ok.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        assertStale(perform(put(ORGANISATIONS + "/" + ids.nso()).header(HttpHeaders.IF_MATCH, "\"1\"").content(body(second)), 412), 2);
        JsonNode got = parse(perform(get(ORGANISATIONS + "/" + ids.nso()), 200).getResponse().getContentAsString());
        assertThat(got.get("version").asLong()).isEqualTo(2);
        assertThat(withoutServerFields(got)).isEqualTo(first);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private void assertUnchangedIncident(String id, long version, ObjectNode expected) throws Exception {
        MvcResult read = perform(get(INCIDENTS + "/" + id), 200);
        assertThat(read.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"" + version + "\"");
        JsonNode got = parse(read.getResponse().getContentAsString());
        assertThat(got.get("version").asLong()).isEqualTo(version);
        assertThat(withoutServerFields(got)).isEqualTo(expected);
    }

    private void assertStale(MvcResult r, long currentVersion) throws Exception {
        JsonNode p = problem(r);
        assertThat(p.get("type").asString()).isEqualTo(STALE);
        assertThat(p.get("currentVersion").asLong()).isEqualTo(currentVersion);
        assertThat(p.get("currentVersion").isIntegralNumber()).isTrue();
        assertThat(r.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"" + currentVersion + "\"");
    }

    private MvcResult perform(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        // with a fresh passkey confirmation: the seed's defenders carry PUBLIC_NAMING consents, and erasure needs it
        MvcResult r = mvc.perform(request.with(officerWithPasskey()).with(csrf()).contentType(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(expectedStatus);
        return r;
    }

    private String body(JsonNode node) {
        return json.writeValueAsString(node);
    }

    private JsonNode problem(MvcResult r) throws Exception {
        assertThat(r.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String text = r.getResponse().getContentAsString();
        assertThat(text).doesNotContain("Exception").doesNotContain("java.").doesNotContain("org.");
        JsonNode p = parse(text);
        assertThat(p.get("status").asInt()).isEqualTo(r.getResponse().getStatus());
        return p;
    }

    private static void assertViolation(JsonNode problem, String field, String rule) {
        List<String> violations = new ArrayList<>();
        problem.get("violations").forEach(v -> violations.add(v.get("field").asString() + ":" + v.get("rule").asString()));
        assertThat(violations).containsExactly(field + ":" + rule);
    }

    private static JsonNode withoutServerFields(JsonNode body) {
        return ((ObjectNode) body.deepCopy()).without(List.of("id", "version", "team", "sharedWith", "createdAt", "updatedAt"));
    }
}
