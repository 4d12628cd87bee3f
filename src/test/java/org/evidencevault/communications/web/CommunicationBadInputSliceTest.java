package org.evidencevault.communications.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.communications.web.LetterRequests.COMMUNICATIONS;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.communications.Communication;
import org.evidencevault.communications.CommunicationDetails;
import org.evidencevault.support.WebSliceTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bad input of the communications API that is decided before any service is called: the letter rules the
 * domain types check while the request is mapped (reference grammar and ISO-3 codes, OTH needs a name, the sent
 * date's year, replies after their letter, a letter citing itself, named and redacted at once, value rules, missing
 * parts), malformed JSON, wrong types, unknown fields, operator keys, the query parameters Spring MVC or the
 * controller refuses, and the shape of an import batch. Each gets the same 4xx RFC 9457 problem as in the whole
 * vault, naming the field and the rule and echoing nothing sensitive; "nothing stored" is here "no service was
 * called" ({@link #verifyNoServiceCalled()}).
 *
 * <p>A web slice ({@link WebSliceTestSupport}): the real controllers, JSON mapping, filters, interceptor, advice and
 * the production security chain (CSRF on; requests are session users with a CSRF token, as in the full-context
 * tests), with the services mocked. Rules the services decide (duplicates, citations of letters and incidents,
 * publicly named defenders, revisions and replies of stored letters, query values checked by the queries) stay end
 * to end in {@link CommunicationBadInputTest}, with one case per class of bad input that counts what is stored.
 */
class CommunicationBadInputSliceTest extends WebSliceTestSupport {

    private static final String UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

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
        when(communications.register(any(), any())).thenAnswer(a -> Communication.register(
                a.getArgument(1, CommunicationDetails.class), Instant.now()));
        when(communicationQueries.today()).thenReturn(LocalDate.of(2024, 3, 6));
        MvcResult r = mvc.perform(postLetter(text(valid()))).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
        verify(communications).register(any(), any());
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

    // ---- rule 3: the sent date's year is the reference year (duplicates need the store) ---------------

    @Test
    void rejectsASentDateOutsideTheReferenceYear() throws Exception {
        ObjectNode body = valid().put("sentOn", "2023-12-31");
        body.remove("citedCommunications");
        assertViolations(rejected(422, postLetter(text(body))), "sentOn:reference-year");
    }

    // ---- rule 4: replies after their letter; a letter never cites itself ------------------------------

    /** The body's own replies, and the type of a reply's date; a reply to a stored letter is end to end. */
    @Test
    void rejectsAReplyBeforeItsLetter() throws Exception {
        ObjectNode body = valid();
        body.putArray("replies").add(letters.reply("2024-03-04"));
        assertViolations(rejected(422, postLetter(text(body))), "replies[0].receivedOn:reply-after-letter");

        String id = "OTH-" + LetterRequests.number() + "-2024";
        assertViolations(rejected(400, post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content(text(letters.reply("2024-13-01")))), "receivedOn:type");
    }

    /** Citing itself; citing a later or same-day letter needs the store and is end to end. */
    @Test
    void rejectsCitingItself() throws Exception {
        ObjectNode itself = valid();
        ((ObjectNode) itself.get("citedCommunications").get(0)).put("reference", itself.get("reference").asString());
        assertViolations(rejected(422, postLetter(text(itself))), "citedCommunications[0].reference:cites-earlier-only");
    }

    // ---- publicly named and redacted at once (whether a named defender exists needs the store) ---------

    @Test
    void rejectsNamingAndRedactingTheSameDefender() throws Exception {
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

    // ---- queries: what the controller and Spring MVC refuse (the query values the queries check are end to end)

    @Test
    void rejectsBadQueries() throws Exception {
        assertViolations(rejected(422, get(COMMUNICATIONS + "/by-reference").with(rapporteur())), "ref:required");
        assertViolations(rejected(400, get(COMMUNICATIONS + "/awaiting-reply").param("overdue", "maybe").with(rapporteur())),
                "overdue:type");
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

    /** The exact status, an RFC 9457 problem, nothing internal or sensitive in it, and no service called. */
    private JsonNode rejected(int status, RequestBuilder request) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        String text = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(text).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).as(text).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(text).doesNotContain("org.").doesNotContain("java.").doesNotContain("Exception")
                .doesNotContain("tools.jackson").doesNotContain(letters.suffix);
        JsonNode p = parse(text);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asString()).startsWith("urn:evidence-vault:problem:");
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
