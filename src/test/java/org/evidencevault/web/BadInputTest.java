package org.evidencevault.web;

import org.evidencevault.support.TestUsers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.SeedCaseRequests.Ids;
import org.evidencevault.support.UnknownLengthPost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every class of bad input gets a 4xx RFC 9457 problem naming the field and the rule, leaks nothing
 * internal or sensitive, and stores nothing: end to end, on the whole vault, counting what is stored.
 *
 * <p>Here are the cases whose rules need the store (unknown defenders and organisations, path ids only the
 * services answer), the valid baselines, and one case per class of bad input that proves with real counts that
 * nothing is stored. Every variant of the bad input that is decided before any service is called (malformed JSON,
 * types, unknown fields, operator keys, duplicate keys, sizes, media types, dates and the rules the domain types
 * check while the request is mapped) is in the web slice {@link org.evidencevault.incidents.web.BadInputSliceTest},
 * which proves there that no service was called.
 */
class BadInputTest extends ApiTestSupport {

    private static final String INCIDENTS = "/api/v1/incidents";
    private static final String DEFENDERS = "/api/v1/defenders";
    private static final String ORGANISATIONS = "/api/v1/organisations";
    private static final String UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
    private static final int ONE_MIB = 1024 * 1024;

    /** Parties (organisations, defenders) shared by every test of this class: created once, never changed. */
    private static Ids parties;

    @Autowired
    MongoDatabase db;

    private SeedCaseRequests seed;
    /** A distinctive, "sensitive" text put into every request body: it must never come back in an error. */
    private String secret;

    @BeforeEach
    void setUp() throws Exception {
        synchronized (BadInputTest.class) {
            if (parties == null) {
                parties = new SeedCaseRequests(mvc, json).createParties();
            }
        }
        seed = new SeedCaseRequests(mvc, json);
        secret = "Sensible " + seed.suffix;
    }

    // ---- the baseline is valid, so every rejection below is caused by the one thing changed -------

    @Test
    void acceptsTheValidBaseline() throws Exception {
        long before = count("incidents");
        MvcResult r = mvc.perform(post(INCIDENTS).with(officer()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(valid()))).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
        assertThat(count("incidents")).isEqualTo(before + 1);
    }

    // ---- rules that need the store: 422 ----------------------------------------------------------

    @Test
    void rejectsUnknownDefender() throws Exception {
        ObjectNode body = valid();
        ((ArrayNode) body.get("defenderIds")).add(UNKNOWN_ID);
        assertViolations(rejected(422, incidentPost(text(body))), "defenderIds[2]:unknown-defender");
        ObjectNode notAnId = valid();
        ((ArrayNode) notAnId.get("defenderIds")).set(0, json.getNodeFactory().stringNode(SeedCaseRequests.AGUILAR + " " + secret));
        assertViolations(rejected(422, incidentPost(text(notAnId))), "defenderIds[0]:unknown-defender");
    }

    @Test
    void rejectsUnknownOrganisation() throws Exception {
        ObjectNode body = valid().put("vendorOrganisationId", UNKNOWN_ID);
        confirmation(body).put("labOrganisationId", "not-an-organisation");
        assertViolations(rejected(422, incidentPost(text(body))), "vendorOrganisationId:unknown-organisation",
                "forensicConfirmations[0].labOrganisationId:unknown-organisation");
    }

    @Test
    void rejectsDefenderOfUnknownOrganisation() throws Exception {
        ObjectNode body = seed.defender(secret, UNKNOWN_ID, "Lawyer");
        assertViolations(rejected(422, postJson(DEFENDERS, text(body))), "organisationId:unknown-organisation");
    }

    // ---- one case per class of bad input, end to end: nothing stored (every variant: BadInputSliceTest)

    @Test
    void malformedJsonStoresNothing() throws Exception {
        JsonNode p = rejected(400, incidentPost("{\"title\": \"" + secret + "\",}"));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:malformed-request");
        assertViolations(p, "body:json-syntax");
    }

    @Test
    void wrongJsonTypeStoresNothing() throws Exception {
        assertViolations(rejected(400, incidentPost(text(valid().put("title", 42)))), "title:type");
    }

    @Test
    void unknownFieldStoresNothing() throws Exception {
        ObjectNode body = valid().put("colour", secret);
        assertViolations(rejected(400, incidentPost(text(body))), "colour:unknown-field");
    }

    @Test
    void operatorKeysStoreNothing() throws Exception {
        ObjectNode body = valid().put("$where", "this.title == '" + secret + "'");
        assertViolations(rejected(400, incidentPost(text(body))), "body:operator-key");
        ObjectNode nested = valid();
        ((ObjectNode) event(nested, 0).get("date")).set("$gt", json.createObjectNode().put("$ne", secret));
        assertViolations(rejected(400, incidentPost(text(nested))), "infectionEvents[0].date:operator-key");
    }

    @Test
    void duplicateKeyStoresNothing() throws Exception {
        String body = text(valid()).replaceFirst("\\{", "{\"title\":\"decoy\",");
        JsonNode p = rejected(400, incidentPost(body));
        assertThat(p.get("violations")).hasSize(1);
        assertThat(p.get("violations").get(0).get("rule").asString()).isEqualTo("duplicate-key");
    }

    @Test
    void invalidDateStoresNothing() throws Exception {
        ObjectNode body = valid();
        event(body, 0).set("date", seed.day("2022-02-30"));
        assertViolations(rejected(422, incidentPost(text(body))), "infectionEvents[0].date.value:calendar-date");
    }

    @Test
    void incidentRuleViolationsStoreNothing() throws Exception {
        ObjectNode body = valid().put("title", " ").put("status", "CONFIRMED_INFECTION");
        body.remove("suspectedOperatorOrganisationId");
        event(body, 4).set("date", seed.day("2023-01-01"));
        event(body, 0).put("deviceOwnerId", UNKNOWN_ID);
        confirmation(body).remove("method");
        assertViolations(rejected(422, incidentPost(text(body))), "title:required", "operatorInvolvement:needs-operator",
                "infectionEvents[4].date:infection-before-trigger", "infectionEvents[0].deviceOwnerId:defender-of-incident",
                "status:confirmation-needs-lab");
    }

    @Test
    void defenderAndOrganisationRuleViolationsStoreNothing() throws Exception {
        ObjectNode defender = seed.defender(secret, parties.prodh(), "Lawyer").put("country", "MX");
        assertViolations(rejected(422, postJson(DEFENDERS, text(defender))), "country:iso-3166-alpha-3");
        assertViolations(rejected(422, postJson(ORGANISATIONS, "{\"country\":\"MEX\"}")), "name:required", "type:required");
    }

    @Test
    void oversizedBodiesStoreNothing() throws Exception {
        byte[] body = oversizedBody();
        assertThat(body.length).isGreaterThan(ONE_MIB);
        JsonNode announced = rejected(413, post(INCIDENTS).with(officer()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
        assertThat(announced.get("type").asString()).isEqualTo("urn:evidence-vault:problem:payload-too-large");
        UnknownLengthPost request = new UnknownLengthPost(INCIDENTS);
        request.with(officer()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .header("Transfer-Encoding", "chunked").content(body);
        JsonNode streamed = rejected(413, request);
        assertThat(streamed.get("type").asString()).isEqualTo("urn:evidence-vault:problem:payload-too-large");
    }

    @Test
    void unsupportedMediaTypeStoresNothing() throws Exception {
        JsonNode p = rejected(415, post(INCIDENTS).with(officer()).with(csrf()).contentType(MediaType.TEXT_PLAIN)
                .content(text(valid())));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:unsupported-media-type");
    }

    // ---- size and path: what only the whole vault shows ---------------------------------------------

    @Test
    void acceptsBodyJustUnderTheLimitOfUnknownLength() throws Exception {
        ObjectNode body = valid();
        String notes = body.get("contextNotes").asString();
        body.put("contextNotes", notes + " ".repeat(15_000));
        UnknownLengthPost request = new UnknownLengthPost(INCIDENTS);
        request.with(officer()).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(text(body));
        long before = count("incidents");
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
        assertThat(count("incidents")).isEqualTo(before + 1);
    }

    @Test
    void nonUuidPathIdIs404() throws Exception {
        for (String path : List.of(INCIDENTS + "/not-a-uuid", INCIDENTS + "/12345", DEFENDERS + "/abc",
                ORGANISATIONS + "/00000000000040008000000000000000", INCIDENTS + "/" + UNKNOWN_ID.toUpperCase())) {
            JsonNode p = rejected(404, get(path).with(officer()));
            assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:not-found");
        }
        JsonNode put = rejected(404, put(INCIDENTS + "/not-a-uuid").with(officer()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON).content(text(valid())));
        assertThat(put.get("type").asString()).isEqualTo("urn:evidence-vault:problem:not-found");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** The seed-like incident over the shared parties, with {@link #secret} in its title and notes. */
    private ObjectNode valid() {
        ObjectNode body = seed.incident(parties);
        body.put("title", "Pegasus infections of two defenders " + secret);
        body.put("contextNotes", "Confidential context: " + secret);
        return body;
    }

    private static ObjectNode event(ObjectNode incident, int i) {
        return (ObjectNode) incident.get("infectionEvents").get(i);
    }

    private static ObjectNode confirmation(ObjectNode incident) {
        return (ObjectNode) incident.get("forensicConfirmations").get(0);
    }

    private byte[] oversizedBody() {
        ObjectNode body = valid();
        body.put("contextNotes", secret + " " + "x".repeat(ONE_MIB));
        return text(body).getBytes(StandardCharsets.UTF_8);
    }

    private String text(JsonNode node) {
        return json.writeValueAsString(node);
    }

    private RequestBuilder incidentPost(String body) {
        return postJson(INCIDENTS, body);
    }

    private RequestBuilder postJson(String path, String body) {
        return post(path)
                .with(TestUsers.loggedIn("officer", "PROTECTION_OFFICER")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private long count(String collection) {
        return db.getCollection(collection).countDocuments();
    }

    private Map<String, Long> counts() {
        return Map.of("incidents", count("incidents"), "defenders", count("defenders"),
                "organisations", count("organisations"));
    }

    /**
     * Performs {@code request} and checks what every rejection must be: the exact status, an RFC 9457
     * problem, nothing internal or sensitive in it, and nothing stored.
     */
    private JsonNode rejected(int status, RequestBuilder request) throws Exception {
        Map<String, Long> before = counts();
        MvcResult r = mvc.perform(request).andReturn();
        String text = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(text).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).as(text).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(text).doesNotContain("org.").doesNotContain("java.").doesNotContain("Exception")
                .doesNotContain("\tat ").doesNotContain("tools.jackson").doesNotContain("trace")
                .doesNotContain(seed.suffix);
        JsonNode p = parse(text);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asString()).startsWith("urn:evidence-vault:problem:");
        assertThat(p.get("title").asString()).isNotBlank();
        assertThat(counts()).as("nothing stored").isEqualTo(before);
        return p;
    }

    private static void assertViolations(JsonNode problem, String... fieldRules) {
        JsonNode violations = problem.get("violations");
        assertThat(violations).as("violations of %s", problem).isNotNull();
        List<String> actual = new ArrayList<>();
        violations.forEach(v -> {
            actual.add(v.get("field").asString() + ":" + v.get("rule").asString());
            assertThat(v.get("message").asString()).isNotBlank();
        });
        assertThat(actual).containsExactlyInAnyOrder(fieldRules);
    }
}
