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
 * data key).
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

    // ---- rule 1: the reference grammar, real ISO-3 codes ---------------------------------------------

    @Test
    void rejectsMalformedReferences() throws Exception {
        assertViolations(rejected(422, postLetter(text(valid().put("reference", "AL OTH 62-2023")))), "reference:reference-format");
        assertViolations(rejected(422, postLetter(text(valid().put("reference", "AL OTH 062/2024")))), "reference:reference-format");
        assertViolations(rejected(422, postLetter(text(valid().put("reference", secret)))), "reference:reference-format");
        assertViolations(rejected(422, postLetter(text(valid().put("reference", "ZZ OTH 5/2024")))), "reference:reference-type");
        assertViolations(rejected(422, postLetter(text(valid().put("reference", "OTH 5/2024")))), "reference:reference-type");
    }

    @Test
    void rejectsAddresseesThatAreNotIsoAlpha3() throws Exception {
        assertViolations(rejected(422, postLetter(text(valid().put("reference", "AL MX 5/2024")))), "reference:iso-3166-alpha-3");
        assertViolations(rejected(422, postLetter(text(valid().put("reference", "AL XYZ 5/2024")))), "reference:iso-3166-alpha-3");
        ObjectNode parallel = valid();
        ((ObjectNode) parallel.get("parallelLetters").get(0)).put("addressee", "OTH");
        ((ObjectNode) parallel.get("parallelLetters").get(1)).put("reference", "AL ISR 4/2024");
        assertViolations(rejected(422, postLetter(text(parallel))), "parallelLetters[0].addressee:iso-3166-alpha-3",
                "parallelLetters[1].reference:reference-addressee");
    }

    // ---- rule 2: OTH needs a name --------------------------------------------------------------------

    @Test
    void rejectsOthWithoutAddresseeName() throws Exception {
        ObjectNode body = valid();
        body.remove("addresseeName");
        assertViolations(rejected(422, postLetter(text(body))), "addresseeName:oth-needs-name");
        assertViolations(rejected(422, postLetter(text(valid().put("addresseeName", "  ")))), "addresseeName:oth-needs-name");
    }

    // ---- rule 3: one letter per (addressee, number, year); the sent date's year is the reference year --

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

    @Test
    void rejectsASentDateOutsideTheReferenceYear() throws Exception {
        ObjectNode body = valid().put("sentOn", "2023-12-31");
        body.remove("citedCommunications");
        assertViolations(rejected(422, postLetter(text(body))), "sentOn:reference-year");
    }

    // ---- rule 4: replies after their letter; a letter cites only earlier letters ----------------------

    @Test
    void rejectsAReplyBeforeItsLetter() throws Exception {
        ObjectNode body = valid();
        body.putArray("replies").add(letters.reply("2024-03-04"));
        assertViolations(rejected(422, postLetter(text(body))), "replies[0].receivedOn:reply-after-letter");

        String id = letters.create(letters.letter(LetterRequests.number(), "2024-03-05"));
        assertViolations(rejected(422, post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content(text(letters.reply("2024-03-01").put("summary", secret)))), "receivedOn:reply-after-letter");
        assertViolations(rejected(400, post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content(text(letters.reply("2024-13-01")))), "receivedOn:type");
    }

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
        ObjectNode itself = valid();
        ((ObjectNode) itself.get("citedCommunications").get(0)).put("reference", itself.get("reference").asString());
        assertViolations(rejected(422, postLetter(text(itself))), "citedCommunications[0].reference:cites-earlier-only");
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
        ObjectNode both = valid();
        both.putArray("publiclyNamedDefenderIds").add(UNKNOWN_ID);
        ((ObjectNode) both.get("redactions").get(0)).put("defenderId", UNKNOWN_ID);
        assertViolations(rejected(422, postLetter(text(both))), "redactions[0].defenderId:named-and-redacted");
    }

    // ---- other value rules ------------------------------------------------------------------------------

    @Test
    void rejectsBadValues() throws Exception {
        ObjectNode body = valid().put("replyWindowDays", 0);
        ((ObjectNode) body.get("mandates").get(0)).put("hrcResolution", "52-4");
        ((ObjectNode) body.get("mandates").get(1)).put("code", "wg business");
        ((ArrayNode) body.get("citedDocuments")).add("a/hrc/53/24").add("A/HRC/17/31");
        ((ObjectNode) body.get("letterDocument")).put("sha256", "abc");
        ((ObjectNode) body.get("signatories").get(1)).put("name", "");
        assertViolations(rejected(422, postLetter(text(body))), "replyWindowDays:range", "mandates[0].hrcResolution:hrc-resolution",
                "mandates[1].code:mandate-code", "citedDocuments[3]:un-document-symbol", "citedDocuments[4]:unique",
                "letterDocument.sha256:sha256", "signatories[1].name:required");
    }

    @Test
    void rejectsAnEmptyLetterNamingEveryMissingPart() throws Exception {
        assertViolations(rejected(422, postLetter("{}")), "reference:required", "sentOn:required");
    }

    // ---- not the right shape: 400 -----------------------------------------------------------------------

    @Test
    void rejectsUnknownFields() throws Exception {
        assertViolations(rejected(400, postLetter(text(valid().put("colour", secret)))), "colour:unknown-field");
        ObjectNode nested = valid();
        ((ObjectNode) nested.get("mandates").get(0)).put("resolution", "52/4");
        assertViolations(rejected(400, postLetter(text(nested))), "mandates[0].resolution:unknown-field");
        ObjectNode reply = valid();
        reply.putArray("replies").add(letters.reply("2024-04-01").put("late", true));
        assertViolations(rejected(400, postLetter(text(reply))), "replies[0].late:unknown-field");
        assertViolations(rejected(400, postLetter(text(valid().put("$where", secret)))), "body:operator-key");
        assertViolations(rejected(400, postLetter(text(valid().put("replyDueOn", "2024-12-31")))), "replyDueOn:unknown-field");
    }

    @Test
    void rejectsWrongTypes() throws Exception {
        assertViolations(rejected(400, postLetter(text(valid().put("sentOn", 20240305)))), "sentOn:type");
        assertViolations(rejected(400, postLetter(text(valid().put("sentOn", "5 March 2024")))), "sentOn:type");
        assertViolations(rejected(400, postLetter(text(valid().put("sentOn", "2024-02-30")))), "sentOn:type");
        assertViolations(rejected(400, postLetter(text(valid().put("replyWindowDays", "60")))), "replyWindowDays:type");
        assertViolations(rejected(400, postLetter(text(valid().put("reference", 62)))), "reference:type");
        assertViolations(rejected(400, postLetter(text(valid().put("mandates", "SR_HRD")))), "mandates:type");
        assertViolations(rejected(400, postLetter(text(valid().put("citedDocuments", "A/HRC/17/31")))), "citedDocuments:type");
        ObjectNode kind = valid();
        ((ObjectNode) kind.get("redactions").get(0)).put("kind", "EVERYTHING");
        assertViolations(rejected(400, postLetter(text(kind))), "redactions[0].kind:enum");
        assertViolations(rejected(400, postLetter("[" + text(valid()) + "]")), "body:type");
        assertViolations(rejected(400, postLetter("{\"reference\": \"AL OTH 5/2024\",}")), "body:json-syntax");
    }

    // ---- queries ---------------------------------------------------------------------------------------

    @Test
    void rejectsBadQueries() throws Exception {
        assertViolations(rejected(422, get(COMMUNICATIONS + "/by-reference").param("ref", "AL OTH 62-2023").with(rapporteur())),
                "ref:reference-format");
        assertViolations(rejected(422, get(COMMUNICATIONS + "/by-reference").param("ref", "AL MX 62/2023").with(rapporteur())),
                "ref:iso-3166-alpha-3");
        assertViolations(rejected(422, get(COMMUNICATIONS + "/by-reference").with(rapporteur())), "ref:required");
        assertViolations(rejected(422, get(COMMUNICATIONS).param("addressee", "MX").with(rapporteur())), "addressee:iso-3166-alpha-3");
        assertViolations(rejected(422, get(COMMUNICATIONS + "/timeline").with(rapporteur())), "addresseeName:one-criterion");
        assertViolations(rejected(400, get(COMMUNICATIONS + "/awaiting-reply").param("overdue", "maybe").with(rapporteur())),
                "overdue:type");
        assertViolations(rejected(422, get(COMMUNICATIONS + "/awaiting-reply").param("size", "0").with(rapporteur())), "size:range");
    }

    // ---- import: all or nothing -------------------------------------------------------------------------

    @Test
    void rejectsABatchWithOneBadRecordAndStoresNothing() throws Exception {
        ObjectNode batch = json.createObjectNode();
        batch.putArray("communications").add(letters.letter(LetterRequests.number(), "2024-01-02"))
                .add(valid().put("reference", "AL OTH 62-2024"))
                .add(letters.letter(LetterRequests.number(), "2024-01-03").put("sentOn", "2023-01-03"));
        assertViolations(rejected(422, postImport(text(batch))), "communications[1].reference:reference-format",
                "communications[2].sentOn:reference-year");

        ObjectNode shape = json.createObjectNode();
        shape.putArray("communications").add(letters.letter(LetterRequests.number(), "2024-01-02"))
                .add(letters.letter(LetterRequests.number(), "2024-01-02").put("colour", secret));
        assertViolations(rejected(400, postImport(text(shape))), "communications[1].colour:unknown-field");

        assertViolations(rejected(422, postImport("{\"communications\": []}")), "communications:required");
        assertViolations(rejected(422, postImport("{}")), "communications:required");
        assertViolations(rejected(422, postImport("{\"communications\": [null]}")), "communications[0]:required");
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
