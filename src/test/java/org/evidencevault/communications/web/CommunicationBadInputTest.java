package org.evidencevault.communications.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.communications.web.LetterRequests.COMMUNICATIONS;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evidencevault.support.ApiTestSupport;
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
 * Every rule of the domain notes that concerns letters, and every kind of malformed input, gets a 4xx RFC
 * 9457 problem naming the field and the rule, echoes nothing sensitive, and stores nothing (no letter, no
 * data key): end to end, on the whole vault, counting what is stored.
 *
 * <p>Here are the rules the services decide with the store (duplicates, citations of letters and incidents,
 * publicly named defenders, revisions and replies of stored letters, query values the queries check), the valid
 * baseline, and one case per class of bad input that proves with real counts that nothing is stored, the
 * all-or-nothing import among them. Every variant decided before any service is called is in the web slice
 * {@link CommunicationBadInputSliceTest}, which proves there that no service was called.
 */
class CommunicationBadInputTest extends ApiTestSupport {

    private static final String UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

    @Autowired
    MongoDatabase db;

    private LetterRequests letters;
    /** A distinctive, "sensitive" text put into every request body: it must never come back in an error. */
    private String secret;

    @BeforeEach
    void setUp() {
        letters = new LetterRequests(mvc, json);
        secret = "Sensible " + letters.suffix;
    }

    /** A valid letter, so each rejection below is caused by the one thing changed. */
    private ObjectNode valid() {
        return letters.fullLetter(LetterRequests.number(), "2024-03-05", null, "OTH 211/2021").put("summary", secret);
    }

    @Test
    void acceptsTheValidBaseline() throws Exception {
        long before = count("communications");
        MvcResult r = mvc.perform(postLetter(text(valid()))).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
        assertThat(count("communications")).isEqualTo(before + 1);
    }

    // ---- rule 3: one letter per (addressee, number, year) ----------------------------------------------

    @Test
    void rejectsADuplicateWhateverItsType() throws Exception {
        ObjectNode seedAgain = valid().put("reference", "UA OTH 211/2021").put("sentOn", "2021-08-04");
        seedAgain.remove("citedCommunications");
        assertViolations(rejected(422, postLetter(text(seedAgain))), "reference:duplicate");
        int n = LetterRequests.number();
        letters.create(letters.letter(n, "2024-01-02"));
        assertViolations(rejected(422, postLetter(text(letters.letter(n, "2024-01-03").put("reference", "OL OTH " + n + "/2024")))),
                "reference:duplicate");
    }

    // ---- rule 4: replies after their letter; a letter cites only earlier letters ----------------------

    /** A reply to a stored letter (the body's own replies and the date's type: the slice). */
    @Test
    void rejectsAReplyBeforeItsLetter() throws Exception {
        String id = letters.create(letters.letter(LetterRequests.number(), "2024-03-05"));
        assertViolations(rejected(422, post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content(text(letters.reply("2024-03-01").put("summary", secret)))), "receivedOn:reply-after-letter");
    }

    /** Letters sent earlier or on the same day, as stored (citing itself: the slice). */
    @Test
    void rejectsCitingALaterOrTheSameLetter() throws Exception {
        ObjectNode citesSeed = valid().put("sentOn", "2023-05-01").put("reference", "AL OTH " + LetterRequests.number() + "/2023");
        ((ObjectNode) citesSeed.get("citedCommunications").get(0)).put("reference", "AL OTH 62/2023");
        assertViolations(rejected(422, postLetter(text(citesSeed))), "citedCommunications[0].reference:cites-earlier-only");
        int n = LetterRequests.number();
        letters.create(letters.letter(n, "2024-06-01"));
        ObjectNode citesLater = valid();
        ((ObjectNode) citesLater.get("citedCommunications").get(0)).put("reference", "OTH " + n + "/2024");
        assertViolations(rejected(422, postLetter(text(citesLater))), "citedCommunications[0].reference:cites-earlier-only");
        ObjectNode sameDay = valid().put("sentOn", "2024-06-01");
        ((ObjectNode) sameDay.get("citedCommunications").get(0)).put("reference", "OTH " + n + "/2024");
        assertViolations(rejected(422, postLetter(text(sameDay))), "citedCommunications[0].reference:cites-earlier-only");
    }

    @Test
    void rejectsRevisingASentDateToAfterALetterCitingIt() throws Exception {
        int n = LetterRequests.number();
        String id = letters.create(letters.letter(n, "2024-01-02"));
        ObjectNode citing = letters.letter(LetterRequests.number(), "2024-02-01");
        citing.putArray("citedCommunications").addObject().put("reference", "OTH " + n + "/2024");
        letters.create(citing);
        assertViolations(rejected(422, put(COMMUNICATIONS + "/" + id).with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content(text(letters.letter(n, "2024-03-01").put("summary", secret)))), "sentOn:cites-earlier-only");
        assertViolations(rejected(422, put(COMMUNICATIONS + "/" + id).with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content(text(letters.letter(n + 1, "2024-01-02").put("reference", "AL MEX " + n + "/2024")))),
                "reference:reference-immutable");
    }

    // ---- citations of things the vault does not hold ----------------------------------------------------

    @Test
    void rejectsUnknownIncidentsAndLetters() throws Exception {
        ObjectNode body = valid();
        body.putArray("citedIncidents").addObject().put("incidentId", UNKNOWN_ID);
        ((ArrayNode) body.get("citedIncidents")).addObject().put("incidentId", secret);
        ((ObjectNode) body.get("citedCommunications").get(0)).put("reference", "OTH 9/2019");
        assertViolations(rejected(422, postLetter(text(body))), "citedIncidents[0].incidentId:unknown-incident",
                "citedIncidents[1].incidentId:unknown-incident", "citedCommunications[0].reference:unknown-communication");
    }

    @Test
    void rejectsNamingAnUnknownDefenderPublicly() throws Exception {
        ObjectNode body = valid();
        body.putArray("publiclyNamedDefenderIds").add(UNKNOWN_ID).add("not-an-id");
        assertViolations(rejected(422, postLetter(text(body))), "publiclyNamedDefenderIds[0]:unknown-defender",
                "publiclyNamedDefenderIds[1]:unknown-defender");
    }

    // ---- queries ---------------------------------------------------------------------------------------

    /** The query values the queries check ({@code ref} missing and {@code overdue=maybe}: the slice). */
    @Test
    void rejectsBadQueries() throws Exception {
        assertViolations(rejected(422, get(COMMUNICATIONS + "/by-reference").param("ref", "AL OTH 62-2023").with(rapporteur())),
                "ref:reference-format");
        assertViolations(rejected(422, get(COMMUNICATIONS + "/by-reference").param("ref", "AL MX 62/2023").with(rapporteur())),
                "ref:iso-3166-alpha-3");
        assertViolations(rejected(422, get(COMMUNICATIONS).param("addressee", "MX").with(rapporteur())), "addressee:iso-3166-alpha-3");
        assertViolations(rejected(422, get(COMMUNICATIONS + "/timeline").with(rapporteur())), "addresseeName:one-criterion");
        assertViolations(rejected(422, get(COMMUNICATIONS + "/awaiting-reply").param("size", "0").with(rapporteur())), "size:range");
    }

    // ---- one case per class of bad input, end to end: nothing stored (every variant: the slice) ---------

    @Test
    void ruleViolationStoresNothing() throws Exception {
        assertViolations(rejected(422, postLetter(text(valid().put("reference", "AL OTH 62-2023")))), "reference:reference-format");
    }

    @Test
    void unknownFieldAndOperatorKeyStoreNothing() throws Exception {
        assertViolations(rejected(400, postLetter(text(valid().put("colour", secret)))), "colour:unknown-field");
        assertViolations(rejected(400, postLetter(text(valid().put("$where", secret)))), "body:operator-key");
    }

    @Test
    void wrongTypeAndMalformedJsonStoreNothing() throws Exception {
        assertViolations(rejected(400, postLetter(text(valid().put("sentOn", "2024-02-30")))), "sentOn:type");
        assertViolations(rejected(400, postLetter("{\"reference\": \"AL OTH 5/2024\",}")), "body:json-syntax");
    }

    /** A batch with one good and two bad letters stores none of them (the other batch shapes: the slice). */
    @Test
    void rejectsABatchWithOneBadRecordAndStoresNothing() throws Exception {
        ObjectNode batch = json.createObjectNode();
        batch.putArray("communications").add(letters.letter(LetterRequests.number(), "2024-01-02"))
                .add(valid().put("reference", "AL OTH 62-2024"))
                .add(letters.letter(LetterRequests.number(), "2024-01-03").put("sentOn", "2023-01-03"));
        assertViolations(rejected(422, postImport(text(batch))), "communications[1].reference:reference-format",
                "communications[2].sentOn:reference-year");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private RequestBuilder postLetter(String body) {
        return post(COMMUNICATIONS).with(rapporteur()).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private RequestBuilder postImport(String body) {
        return post(COMMUNICATIONS + "/import").with(rapporteur()).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private String text(JsonNode node) {
        return json.writeValueAsString(node);
    }

    private long count(String collection) {
        return db.getCollection(collection).countDocuments();
    }

    private Map<String, Long> counts() {
        return Map.of("communications", count("communications"), "data_keys", count("data_keys"));
    }

    /** The exact status, an RFC 9457 problem, nothing internal or sensitive in it, and nothing stored. */
    private JsonNode rejected(int status, RequestBuilder request) throws Exception {
        Map<String, Long> before = counts();
        MvcResult r = mvc.perform(request).andReturn();
        String text = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(text).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).as(text).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(text).doesNotContain("org.").doesNotContain("java.").doesNotContain("Exception")
                .doesNotContain("tools.jackson").doesNotContain(letters.suffix);
        JsonNode p = parse(text);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asString()).startsWith("urn:evidence-vault:problem:");
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
