package org.evidencevault.incidents.web;

import org.evidencevault.support.TestUsers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.Organisation;
import org.evidencevault.incidents.OrganisationId;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.SeedCaseRequests.Ids;
import org.evidencevault.support.UnknownLengthPost;
import org.evidencevault.support.WebSliceTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bad input of the incident, defender and organisation APIs that is decided before any service is called:
 * malformed JSON, wrong JSON types, unknown fields, operator keys, duplicate keys, size limits, content types, and
 * the value rules the domain types check while the request is mapped (dates, incident rules, countries, consents).
 * Each gets the same 4xx RFC 9457 problem as in the whole vault, naming the field and the rule and echoing nothing
 * sensitive; "nothing stored" is here "no service was called" ({@link #verifyNoServiceCalled()}).
 *
 * <p>A web slice ({@link WebSliceTestSupport}): the real controllers, JSON mapping, filters, interceptor, advice and
 * the production security chain (CSRF on; requests are session users with a CSRF token, as in the full-context
 * tests), with the services mocked. The filters are those of production, not stand-ins: the 413 cases fail without
 * the body size filter, and the 415 cases assert the violation only the JSON body filter reports
 * ({@code Content-Type:media-type}; Spring MVC's own 415 has none). {@link #theSliceRunsTheProductionWebLayer()}
 * checks the interceptor and the security chain.
 *
 * <p>What needs the store stays end to end in {@link org.evidencevault.web.BadInputTest} (unknown defenders and
 * organisations, non-UUID path ids, which only the services answer with 404), with one case per class of bad input
 * that counts what is stored.
 */
class BadInputSliceTest extends WebSliceTestSupport {

    private static final String INCIDENTS = "/api/v1/incidents";
    private static final String DEFENDERS = "/api/v1/defenders";
    private static final String ORGANISATIONS = "/api/v1/organisations";
    private static final String UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
    private static final int ONE_MIB = 1024 * 1024;

    /** Party ids for the bodies: any well-formed ids do, no service looks them up. */
    private static final Ids parties = new Ids(id(), id(), id(), id(), id(), id());

    private SeedCaseRequests seed;
    /** A distinctive, "sensitive" text put into every request body: it must never come back in an error. */
    private String secret;

    @BeforeEach
    void setUp() {
        seed = new SeedCaseRequests(mvc, json);
        secret = "Sensible " + seed.suffix;
    }

    // ---- the baselines are valid, so every rejection below is caused by the one thing changed -----

    @Test
    void acceptsTheValidBaselines() throws Exception {
        when(incidents.register(any(), any(), any())).thenAnswer(a -> Incident.register(IncidentId.next(), "geneva-desk",
                a.getArgument(2, IncidentDetails.class), Instant.now()));
        when(defenders.register(any(), any(), any())).thenAnswer(a -> Defender.register(DefenderId.next(), "geneva-desk",
                a.getArgument(2, DefenderProfile.class), Instant.now()));
        when(organisations.register(any(), any())).thenAnswer(a -> Organisation.register(OrganisationId.next(),
                a.getArgument(1, Organisation.Details.class), Instant.now()));
        assertCreated(incidentPost(text(valid())));
        assertCreated(postJson(DEFENDERS, text(seed.defender(secret, parties.prodh(), "Lawyer"))));
        assertCreated(postJson(ORGANISATIONS, text(seed.organisation(secret, null, "MEX", "NGO"))));
        verify(incidents).register(any(), any(), any());
        verify(defenders).register(any(), any(), any());
        verify(organisations).register(any(), any());
        verifyNoMoreInteractions(incidents, defenders, organisations);
    }

    // ---- the slice is the production web layer, not a stand-in ---------------------------------------

    @Test
    void theSliceRunsTheProductionWebLayer() throws Exception {
        // the query-parameter interceptor (web.WebConfiguration)
        assertViolations(rejected(400, post(INCIDENTS).queryParam("colour", secret).with(officer()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(text(valid()))), "colour:unknown-parameter");
        // the production security chain: CSRF on for sessions, problem documents under /api/**
        JsonNode noCsrf = rejected(403, post(INCIDENTS).with(TestUsers.loggedIn("officer", "PROTECTION_OFFICER"))
                .contentType(MediaType.APPLICATION_JSON).content(text(valid())));
        assertThat(noCsrf.get("type").asString()).isEqualTo("urn:evidence-vault:problem:forbidden");
        JsonNode anonymous = rejected(401, post(INCIDENTS).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(text(valid())));
        assertThat(anonymous.get("type").asString()).isEqualTo("urn:evidence-vault:problem:unauthenticated");
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

    // ---- incident rules checked while the request is mapped: 422 ---------------------------------

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
        assertViolations(rejected(422, postJson(DEFENDERS, text(body))), "consents[2]:required");
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

    // ---- size, media type: 413, 415 ---------------------------------------------------------------

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
    void rejectsUnsupportedMediaType() throws Exception {
        for (String type : List.of(MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_XML_VALUE,
                MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
            JsonNode p = rejected(415, post(INCIDENTS).with(officer()).with(csrf()).contentType(type).content(text(valid())));
            assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:unsupported-media-type");
            assertViolations(p, "Content-Type:media-type"); // reported by web.JsonBodyFilter only
        }
        assertViolations(rejected(415, post(DEFENDERS).with(officer()).with(csrf()).contentType(MediaType.TEXT_PLAIN)
                .content(text(seed.defender(secret, null, null)))), "Content-Type:media-type");
    }

    @Test
    void rejectsBodyWithoutContentType() throws Exception {
        JsonNode p = rejected(415, post(INCIDENTS).with(officer()).with(csrf()).content(text(valid())));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:unsupported-media-type");
        assertViolations(p, "Content-Type:media-type");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /** The seed-like incident over the party ids, with {@link #secret} in its title and notes. */
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

    private void assertCreated(RequestBuilder request) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
    }

    /**
     * Performs {@code request} and checks what every rejection must be: the exact status, an RFC 9457
     * problem, nothing internal or sensitive in it, and no service called (so nothing stored).
     */
    private JsonNode rejected(int status, RequestBuilder request) throws Exception {
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
        verifyNoServiceCalled();
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
