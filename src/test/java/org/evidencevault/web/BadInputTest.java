package org.evidencevault.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import jakarta.servlet.ServletContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.SeedCaseRequests.Ids;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every class of bad input gets a 4xx RFC 9457 problem naming the field and the rule, leaks nothing
 * internal or sensitive, and stores nothing.
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

    // ---- not JSON, or not the right shape: 400 ----------------------------------------------------

    @Test
    void rejectsMalformedJson() throws Exception {
        String valid = text(valid());
        // cut off inside the last field: the problem points at the field being read
        assertViolations(rejected(400, incidentPost(valid.substring(0, valid.length() - 7))), "contextNotes:json-syntax");
        for (String broken : List.of("{title: \"x\"}", "{\"title\": 'x'}", "{\"title\": \"" + secret + "\",}",
                "not json at all " + secret, "{\"title\": \"" + secret + "\"")) {
            JsonNode p = rejected(400, incidentPost(broken));
            assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:malformed-request");
            assertViolations(p, "body:json-syntax");
        }
    }

    @Test
    void rejectsEmptyBody() throws Exception {
        JsonNode p = rejected(400, incidentPost(""));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:malformed-request");
        assertViolations(p, "body:json");
        assertViolations(rejected(400, incidentPost("   ")), "body:type");
    }

    @Test
    void rejectsJsonNullBody() throws Exception {
        assertViolations(rejected(400, incidentPost("null")), "body:json");
    }

    @Test
    void rejectsJsonArrayInsteadOfObject() throws Exception {
        ArrayNode array = json.createArrayNode().add(valid());
        assertViolations(rejected(400, incidentPost(text(array))), "body:type");
        assertViolations(rejected(400, incidentPost("\"" + secret + "\"")), "body:type");
    }

    @Test
    void rejectsUnknownTopLevelField() throws Exception {
        ObjectNode body = valid().put("colour", secret);
        assertViolations(rejected(400, incidentPost(text(body))), "colour:unknown-field");
    }

    @Test
    void rejectsUnknownNestedField() throws Exception {
        ObjectNode body = valid();
        event(body, 1).put("severity", secret);
        assertViolations(rejected(400, incidentPost(text(body))), "infectionEvents[1].severity:unknown-field");
        ObjectNode inDate = valid();
        ((ObjectNode) confirmation(inDate).get("triggerDate")).put("timezone", "UTC");
        assertViolations(rejected(400, incidentPost(text(inDate))), "forensicConfirmations[0].triggerDate.timezone:unknown-field");
    }

    @Test
    void rejectsDollarPrefixedKeyAtTopLevel() throws Exception {
        ObjectNode body = valid().put("$where", "this.title == '" + secret + "'");
        assertViolations(rejected(400, incidentPost(text(body))), "body:operator-key");
    }

    @Test
    void rejectsDollarPrefixedKeyNested() throws Exception {
        ObjectNode body = valid();
        ((ObjectNode) event(body, 0).get("date")).set("$gt", json.createObjectNode().put("$ne", secret));
        assertViolations(rejected(400, incidentPost(text(body))), "infectionEvents[0].date:operator-key");
        ObjectNode inConfirmation = valid();
        confirmation(inConfirmation).put("$set", secret);
        assertViolations(rejected(400, incidentPost(text(inConfirmation))), "forensicConfirmations[0]:operator-key");
    }

    @Test
    void rejectsDottedKey() throws Exception {
        ObjectNode body = valid().put("sealed.title", secret);
        assertViolations(rejected(400, incidentPost(text(body))), "body:operator-key");
    }

    @Test
    void rejectsNumberForTitle() throws Exception {
        assertViolations(rejected(400, incidentPost(text(valid().put("title", 42)))), "title:type");
        assertViolations(rejected(400, incidentPost(text(valid().put("title", true)))), "title:type");
    }

    @Test
    void rejectsOperatorObjectForTitle() throws Exception {
        ObjectNode body = valid();
        body.set("title", json.createObjectNode().put("$ne", secret));
        assertViolations(rejected(400, incidentPost(text(body))), "title:type");
    }

    @Test
    void rejectsStringForDefenderIds() throws Exception {
        ObjectNode body = valid().put("defenderIds", SeedCaseRequests.AGUILAR + " " + secret);
        assertViolations(rejected(400, incidentPost(text(body))), "defenderIds:type");
    }

    @Test
    void rejectsObjectForSpyware() throws Exception {
        ObjectNode body = valid();
        body.set("spyware", json.createObjectNode().put("name", secret));
        assertViolations(rejected(400, incidentPost(text(body))), "spyware:type");
    }

    @Test
    void rejectsStringForDate() throws Exception {
        ObjectNode body = valid();
        event(body, 0).put("date", "2022-06-22");
        assertViolations(rejected(400, incidentPost(text(body))), "infectionEvents[0].date:type");
    }

    @Test
    void rejectsInvalidEnumValue() throws Exception {
        assertViolations(rejected(400, incidentPost(text(valid().put("spyware", "PEGASUS " + secret)))), "spyware:enum");
        assertViolations(rejected(400, incidentPost(text(valid().put("spyware", "pegasus")))), "spyware:enum");
        assertViolations(rejected(400, incidentPost(text(valid().put("spyware", "")))), "spyware:enum");
        ObjectNode nested = valid();
        ((ObjectNode) event(nested, 2).get("date")).put("precision", "WEEK");
        assertViolations(rejected(400, incidentPost(text(nested))), "infectionEvents[2].date.precision:enum");
        ObjectNode trigger = valid();
        confirmation(trigger).put("trigger", secret);
        assertViolations(rejected(400, incidentPost(text(trigger))), "forensicConfirmations[0].trigger:enum");
    }

    @Test
    void rejectsNumberForEnum() throws Exception {
        assertViolations(rejected(400, incidentPost(text(valid().put("spyware", 0)))), "spyware:enum");
        assertViolations(rejected(400, incidentPost(text(valid().put("status", 1)))), "status:enum");
    }

    @Test
    void rejectsDuplicateKey() throws Exception {
        String body = text(valid()).replaceFirst("\\{", "{\"title\":\"decoy\",");
        JsonNode p = rejected(400, incidentPost(body));
        assertThat(p.get("violations")).hasSize(1);
        assertThat(p.get("violations").get(0).get("rule").asString()).isEqualTo("duplicate-key");
        String nested = text(valid()).replaceFirst("\"precision\":\"DAY\"", "\"precision\":\"DAY\",\"precision\":\"MONTH\"");
        JsonNode q = rejected(400, incidentPost(nested));
        assertThat(q.get("violations").get(0).get("rule").asString()).isEqualTo("duplicate-key");
    }

    @Test
    void rejectsTrailingGarbageAfterJson() throws Exception {
        String valid = text(valid());
        for (String trailing : List.of(" {}", "}", " []", " \"" + secret + "\"", " 42", " garbage", " " + valid)) {
            JsonNode p = rejected(400, incidentPost(valid + trailing));
            assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:malformed-request");
            assertViolations(p, "body:json-syntax");
        }
    }

    // ---- dates: 422 -------------------------------------------------------------------------------

    @Test
    void rejectsInvalidCalendarDay() throws Exception {
        ObjectNode body = valid();
        event(body, 0).set("date", seed.day("2022-02-30"));
        assertViolations(rejected(422, incidentPost(text(body))), "infectionEvents[0].date.value:calendar-date");
    }

    @Test
    void rejectsLeapDayOfCommonYear() throws Exception {
        ObjectNode body = valid();
        confirmation(body).set("publishedOn", seed.day("2023-02-29"));
        assertViolations(rejected(422, incidentPost(text(body))), "forensicConfirmations[0].publishedOn.value:calendar-date");
    }

    @Test
    void rejectsPrecisionMismatch() throws Exception {
        ObjectNode body = valid();
        event(body, 0).set("date", seed.date("2022-06", "DAY"));
        assertViolations(rejected(422, incidentPost(text(body))), "infectionEvents[0].date.value:precision-mismatch");
    }

    @Test
    void rejectsRangeEndingBeforeStart() throws Exception {
        ObjectNode body = valid();
        event(body, 3).set("date", seed.date("2022-09/2022-06", "RANGE"));
        assertViolations(rejected(422, incidentPost(text(body))), "infectionEvents[3].date.value:range-order");
    }

    @Test
    void rejectsDateWithoutValueOrPrecision() throws Exception {
        ObjectNode body = valid();
        event(body, 0).set("date", json.createObjectNode().put("precision", "DAY"));
        event(body, 1).set("date", json.createObjectNode().put("value", "2022-06-23"));
        event(body, 2).remove("date");
        assertViolations(rejected(422, incidentPost(text(body))), "infectionEvents[0].date.value:required",
                "infectionEvents[1].date.precision:required", "infectionEvents[2].date:required");
    }

    @Test
    void rejectsInfectionDateAfterTrigger() throws Exception {
        ObjectNode body = valid();
        event(body, 2).set("date", seed.day("2022-12-16"));
        JsonNode p = rejected(422, incidentPost(text(body)));
        assertViolations(p, "infectionEvents[2].date:infection-before-trigger");
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:rule-violation");
    }

    @Test
    void rejectsTriggerAfterConfirmation() throws Exception {
        ObjectNode body = valid();
        confirmation(body).set("confirmedOn", seed.day("2022-12-14"));
        assertViolations(rejected(422, incidentPost(text(body))), "forensicConfirmations[0].confirmedOn:trigger-before-confirmation");
    }

    @Test
    void rejectsConfirmationAfterPublication() throws Exception {
        ObjectNode body = valid();
        confirmation(body).set("confirmedOn", seed.day("2023-04-19"));
        assertViolations(rejected(422, incidentPost(text(body))),
                "forensicConfirmations[0].publishedOn:confirmation-before-publication");
    }

    @Test
    void reportsEveryDateViolationAtOnce() throws Exception {
        ObjectNode body = valid();
        event(body, 0).set("date", seed.day("2022-02-30"));
        event(body, 1).set("date", seed.date("2022-06", "DAY"));
        ObjectNode c = confirmation(body);
        c.set("confirmedOn", seed.day("2022-12-14"));
        c.set("publishedOn", seed.date("2023-04-18", "YEAR"));
        assertViolations(rejected(422, incidentPost(text(body))), "infectionEvents[0].date.value:calendar-date",
                "infectionEvents[1].date.value:precision-mismatch", "forensicConfirmations[0].publishedOn.value:precision-mismatch",
                // confirmed 2022-12-14, the day before the Apple notification: reported with the others, one policy for every request
                "forensicConfirmations[0].confirmedOn:trigger-before-confirmation");
    }

    // ---- incident rules: 422 ----------------------------------------------------------------------

    @Test
    void rejectsEmptyObjectNamingEveryMissingField() throws Exception {
        assertViolations(rejected(422, incidentPost("{}")), "title:required", "defenderIds:required", "spyware:required",
                "status:required", "infectionEvents:required");
    }

    @Test
    void rejectsConfirmedInfectionWithOnlyAppleNotification() throws Exception {
        ObjectNode body = valid();
        confirmation(body).remove(List.of("labOrganisationId", "method", "confidence", "reportUrl", "publishedOn"));
        assertViolations(rejected(422, incidentPost(text(body))), "status:confirmation-needs-lab");
    }

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
    void rejectsDeviceOwnerNotAmongDefenders() throws Exception {
        ObjectNode body = valid();
        ((ArrayNode) body.get("defenderIds")).remove(1);
        event(body, 4).put("deviceOwnerId", parties.aguirre());
        assertViolations(rejected(422, incidentPost(text(body))), "infectionEvents[4].deviceOwnerId:defender-of-incident");
    }

    @Test
    void rejectsNonHttpsReportUrl() throws Exception {
        for (String url : List.of("http://citizenlab.ca/" + seed.suffix, "ftp://leaks.example/" + seed.suffix,
                "citizenlab.ca/" + seed.suffix, "javascript:alert('" + seed.suffix + "')")) {
            ObjectNode body = valid();
            confirmation(body).put("reportUrl", url);
            assertViolations(rejected(422, incidentPost(text(body))), "forensicConfirmations[0].reportUrl:https-url");
        }
    }

    @Test
    void rejectsNullListElements() throws Exception {
        ObjectNode events = valid();
        ((ArrayNode) events.get("infectionEvents")).addNull();
        assertViolations(rejected(422, incidentPost(text(events))), "infectionEvents[5]:required");

        ObjectNode defenders = valid();
        ((ArrayNode) defenders.get("defenderIds")).addNull();
        assertViolations(rejected(422, incidentPost(text(defenders))), "defenderIds[2]:required");

        ObjectNode confirmations = valid();
        ((ArrayNode) confirmations.get("forensicConfirmations")).addNull();
        assertViolations(rejected(422, incidentPost(text(confirmations))), "forensicConfirmations[1]:required");
    }

    @Test
    void rejectsOverlongTitle() throws Exception {
        assertViolations(rejected(422, incidentPost(text(valid().put("title", secret + "x".repeat(300))))), "title:max-length");
    }

    @Test
    void reportsEveryRuleViolationAtOnce() throws Exception {
        ObjectNode body = valid().put("title", " ").put("status", "CONFIRMED_INFECTION");
        body.remove("suspectedOperatorOrganisationId");
        event(body, 4).set("date", seed.day("2023-01-01"));
        event(body, 0).put("deviceOwnerId", UNKNOWN_ID);
        confirmation(body).remove("method");
        assertViolations(rejected(422, incidentPost(text(body))), "title:required", "operatorInvolvement:needs-operator",
                "infectionEvents[4].date:infection-before-trigger", "infectionEvents[0].deviceOwnerId:defender-of-incident",
                "status:confirmation-needs-lab");
    }

    // ---- defenders and organisations --------------------------------------------------------------

    @Test
    void rejectsTwoLetterCountryOnDefender() throws Exception {
        ObjectNode body = seed.defender(secret, parties.prodh(), "Lawyer").put("country", "MX");
        assertViolations(rejected(422, postJson(DEFENDERS, text(body))), "country:iso-3166-alpha-3");
    }

    @Test
    void rejectsTwoLetterCountryOnOrganisation() throws Exception {
        ObjectNode body = seed.organisation(secret, null, "MX", "NGO");
        assertViolations(rejected(422, postJson(ORGANISATIONS, text(body))), "country:iso-3166-alpha-3");
    }

    @Test
    void rejectsConsentWithdrawnBeforeGranted() throws Exception {
        ObjectNode body = seed.defender(secret, parties.prodh(), "Lawyer");
        ((ObjectNode) body.get("consents").get(0)).put("withdrawnOn", "2023-04-17");
        assertViolations(rejected(422, postJson(DEFENDERS, text(body))), "consents[0].withdrawnOn:withdrawal-after-grant");
    }

    @Test
    void rejectsInvalidConsentDate() throws Exception {
        ObjectNode body = seed.defender(secret, parties.prodh(), "Lawyer");
        ((ObjectNode) body.get("consents").get(0)).put("grantedOn", "2023-02-30");
        assertViolations(rejected(400, postJson(DEFENDERS, text(body))), "consents[0].grantedOn:type");
    }

    @Test
    void rejectsNullConsent() throws Exception {
        ObjectNode body = seed.defender(secret, parties.prodh(), "Lawyer");
        ((ArrayNode) body.get("consents")).addNull();
        assertViolations(rejected(422, postJson(DEFENDERS, text(body))), "consents[1]:required");
    }

    @Test
    void rejectsDefenderOfUnknownOrganisation() throws Exception {
        ObjectNode body = seed.defender(secret, UNKNOWN_ID, "Lawyer");
        assertViolations(rejected(422, postJson(DEFENDERS, text(body))), "organisationId:unknown-organisation");
    }

    @Test
    void rejectsDefenderWithoutNameAndUnknownField() throws Exception {
        ObjectNode noName = seed.defender(secret, parties.prodh(), "Lawyer");
        noName.remove("fullName");
        assertViolations(rejected(422, postJson(DEFENDERS, text(noName))), "fullName:required");
        ObjectNode extra = seed.defender(secret, parties.prodh(), "Lawyer").put("passport", "X1234567");
        assertViolations(rejected(400, postJson(DEFENDERS, text(extra))), "passport:unknown-field");
    }

    @Test
    void rejectsOrganisationWithoutNameOrType() throws Exception {
        assertViolations(rejected(422, postJson(ORGANISATIONS, "{\"country\":\"MEX\"}")), "name:required", "type:required");
        assertViolations(rejected(400, postJson(ORGANISATIONS, text(seed.organisation(secret, null, "MEX", "CARTEL")))), "type:enum");
        assertViolations(rejected(400, postJson(ORGANISATIONS, "{\"name\":\"" + secret + "\",\"type\":\"NGO\",\"$where\":1}")),
                "body:operator-key");
    }

    // ---- size, media type, path: 413, 415, 404 ----------------------------------------------------

    @Test
    void rejectsOversizedBodyAnnouncedByContentLength() throws Exception {
        byte[] body = oversizedBody();
        assertThat(body.length).isGreaterThan(ONE_MIB);
        JsonNode p = rejected(413, post(INCIDENTS).with(officer()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:payload-too-large");
    }

    @Test
    void rejectsOversizedBodyOfUnknownLength() throws Exception {
        byte[] body = oversizedBody();
        UnknownLengthPost request = new UnknownLengthPost(INCIDENTS);
        request.with(officer()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .header("Transfer-Encoding", "chunked").content(body);
        JsonNode p = rejected(413, request);
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:payload-too-large");
    }

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
    void rejectsUnsupportedMediaType() throws Exception {
        for (String type : List.of(MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_XML_VALUE,
                MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
            JsonNode p = rejected(415, post(INCIDENTS).with(officer()).with(csrf()).contentType(type).content(text(valid())));
            assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:unsupported-media-type");
        }
        rejected(415, post(DEFENDERS).with(officer()).with(csrf()).contentType(MediaType.TEXT_PLAIN)
                .content(text(seed.defender(secret, null, null))));
    }

    @Test
    void rejectsBodyWithoutContentType() throws Exception {
        JsonNode p = rejected(415, post(INCIDENTS).with(officer()).with(csrf()).content(text(valid())));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:unsupported-media-type");
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
                .with(user("officer").roles("PROTECTION_OFFICER")).with(csrf())
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

    /** A POST whose length is not announced (as with chunked transfer): the limit must hold while streaming. */
    private static final class UnknownLengthPost extends AbstractMockHttpServletRequestBuilder<UnknownLengthPost> {

        UnknownLengthPost(String path) {
            super(HttpMethod.POST);
            uri(path);
        }

        @Override
        protected MockHttpServletRequest createServletRequest(ServletContext servletContext) {
            return new MockHttpServletRequest(servletContext) {
                @Override
                public int getContentLength() {
                    return -1;
                }

                @Override
                public long getContentLengthLong() {
                    return -1;
                }
            };
        }
    }
}
