package org.evidencevault.web;

import org.evidencevault.support.TestUsers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a hostile input corpus found getting through, each class refused now: a 4xx problem document
 * naming the field and the rule, nothing stored, nothing of the request echoed. Every request starts
 * from a valid body (accepted in {@link #theValidBaselinesAreAccepted}) and changes one thing.
 */
class HostileInputTest extends ApiTestSupport {

    private static final String INCIDENTS = "/api/v1/incidents";
    private static final String DEFENDERS = "/api/v1/defenders";
    private static final String ORGANISATIONS = "/api/v1/organisations";
    private static final String COMMUNICATIONS = "/api/v1/communications";

    @Autowired
    MongoDatabase db;

    private SeedCaseRequests seed;
    private String secret;

    @BeforeEach
    void setUp() {
        seed = new SeedCaseRequests(mvc, json);
        secret = "Hostile" + seed.suffix;
    }

    private ObjectNode organisation() {
        return seed.organisation("Organisation " + secret, null, "MEX", "NGO");
    }

    private ObjectNode letter(String reference) {
        return json.createObjectNode().put("reference", reference).put("addresseeName", "Company " + secret)
                .put("sentOn", "2023-07-03");
    }

    @Test
    void theValidBaselinesAreAccepted() throws Exception {
        assertThat(send(post(ORGANISATIONS).with(officer()), "application/json", bytes(organisation())).getResponse().getStatus()).isEqualTo(201);
        MvcResult r = send(post(COMMUNICATIONS).with(rapporteur()), "application/json",
                bytes(letter("AL OTH " + (20_000 + (int) (Math.random() * 40_000)) + "/2023")));
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
    }

    // ---- only JSON, only UTF-8 --------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"application/yaml", "application/x-yaml", "text/yaml", "*/*", "application/*", "text/plain",
            "application/xml", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1",
            "application/json; charset=utf-16", "not a media type"})
    void anythingButJsonInUtf8Is415(String contentType) throws Exception {
        JsonNode p = rejected(415, post(ORGANISATIONS).with(officer()), contentType, bytes(organisation()));
        assertViolations(p, "Content-Type:media-type");
    }

    @Test
    void yamlCannotSmuggleDuplicateKeysOrOperators() throws Exception {
        byte[] yaml = ("name: Organisation " + secret + "\nname: again\ntype: NGO\n$where: 1\n").getBytes(StandardCharsets.UTF_8);
        assertViolations(rejected(415, post(ORGANISATIONS).with(officer()), "application/yaml", yaml), "Content-Type:media-type");
    }

    @Test
    void aJsonSuffixTypeIsJson() throws Exception {
        assertThat(send(post(ORGANISATIONS).with(officer()), "application/vnd.evidence-vault+json", bytes(organisation())).getResponse().getStatus())
                .isEqualTo(201);
    }

    @Test
    void utf16ByteOrderMarksAndOverlongFormsAre400() throws Exception {
        String body = json.writeValueAsString(organisation());
        assertViolations(rejected(400, post(ORGANISATIONS).with(officer()), "application/json", body.getBytes(StandardCharsets.UTF_16)),
                "body:utf-8");
        assertViolations(rejected(400, post(ORGANISATIONS).with(officer()), "application/json", body.getBytes(StandardCharsets.UTF_16LE)),
                "body:utf-8");
        byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body.getBytes(StandardCharsets.UTF_8));
        assertViolations(rejected(400, post(ORGANISATIONS).with(officer()), "application/json", bom), "body:utf-8");
        // "C0 AF" is an overlong '/'; Latin-1 "\u00ed" as the single byte ED is not UTF-8 either
        byte[] overlong = body.replace(secret, "x\u0001x").getBytes(StandardCharsets.UTF_8);
        overlong = replaceFirst(overlong, "x\u0001x".getBytes(StandardCharsets.UTF_8), new byte[] {'x', (byte) 0xC0, (byte) 0xAF});
        assertViolations(rejected(400, post(ORGANISATIONS).with(officer()), "application/json", overlong), "body:utf-8");
        byte[] latin1 = json.writeValueAsString(organisation().put("name", "Mar\u00eda " + secret)).getBytes(StandardCharsets.ISO_8859_1);
        assertViolations(rejected(400, post(ORGANISATIONS).with(officer()), "application/json", latin1), "body:utf-8");
    }

    // ---- text that is never stored ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0007", "\u001b[32mOK", "\u007f", "\u0085", "\u202e", "\u202a"})
    void controlAndOverrideCharactersAreRefusedInAnyString(String bad) throws Exception {
        ObjectNode body = organisation().put("name", "Name " + secret + bad);
        assertViolations(rejected(422, post(ORGANISATIONS).with(officer()), "application/json", bytes(body)), "name:forbidden-character");
    }

    @Test
    void aLoneSurrogateIsRefused() throws Exception {
        String body = json.writeValueAsString(organisation()).replace(secret, secret + "\\ud800");
        assertViolations(rejected(422, post(ORGANISATIONS).with(officer()), "application/json", body.getBytes(StandardCharsets.UTF_8)),
                "name:forbidden-character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200b", "\u200d", "\u2060", "\ufeff", "\u200f", "\u2067", "\u00ad", "\t", "\n", " "})
    void identifyingFieldsRefuseInvisibleBidiAndLayoutCharacters(String bad) throws Exception {
        ObjectNode body = seed.defender("Mar\u00eda Luisa " + secret + bad, null, "Coordinator");
        JsonNode p = rejected(422, post(DEFENDERS).with(officer()), "application/json", bytes(body));
        assertViolations(p, "fullName:plain-text");
    }

    @Test
    void freeTextNotesKeepLineBreaksAndScriptMarks() throws Exception {
        ObjectNode body = seed.defender("Defender " + secret, null, "Coordinator");
        body.withArray("consents").get(0).asObject().put("note", "line one\nline two\t\u200f\u05d0");
        MvcResult r = send(post(DEFENDERS).with(officerWithPasskey()), "application/json", bytes(body));
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
    }

    // ---- numbers and references -------------------------------------------------------------------

    @Test
    void aFractionWhereAnIntegerIsMeantIsRefused() throws Exception {
        ObjectNode body = letter("AL OTH 9" + (int) (Math.random() * 9000) + "/2023").put("replyWindowDays", 1.5);
        assertViolations(rejected(400, post(COMMUNICATIONS).with(rapporteur()), "application/json",
                bytes(body)), "replyWindowDays:type");
    }

    @Test
    void anIntegerTooLargeForItsFieldIsATypeErrorNamingTheField() throws Exception {
        ObjectNode body = letter("AL OTH 9" + (int) (Math.random() * 9000) + "/2023").put("replyWindowDays", 3_000_000_000L);
        assertViolations(rejected(400, post(COMMUNICATIONS).with(rapporteur()), "application/json",
                bytes(body)), "replyWindowDays:type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AL OTH 62/1899", "AL OTH 62/1979", "AL OTH 62/2999"})
    void referenceYearsAreBounded(String reference) throws Exception {
        ObjectNode body = letter(reference).put("sentOn", reference.substring(reference.length() - 4) + "-07-03");
        assertViolations(rejected(422, post(COMMUNICATIONS).with(rapporteur()), "application/json",
                bytes(body)), "reference:year-range");
    }

    @Test
    void aReferenceWithATrailingLineBreakIsRefusedNotTrimmed() throws Exception {
        ObjectNode body = letter("AL OTH 62/2023\n");
        assertViolations(rejected(422, post(COMMUNICATIONS).with(rapporteur()), "application/json",
                bytes(body)), "reference:reference-format");
    }

    // ---- unknown parameters and echoes ------------------------------------------------------------

    @Test
    void unknownQueryParametersAre400NamingThemWhenSafe() throws Exception {
        JsonNode p = rejectedGet(400, get("/api/v1/incidents").param("defenderNme", secret));
        assertViolations(p, "defenderNme:unknown-parameter");
        JsonNode op = rejectedGet(400, get("/api/v1/incidents").param("defenderName[$ne]", secret));
        assertViolations(op, "query:unknown-parameter");
    }

    @Test
    void namesAreNeverURLParametersTheOldSearchesAreRefusedNotIgnored() throws Exception {
        // ignoring them would answer with every incident or organisation, and the name would be in the logs anyway
        assertViolations(rejectedGet(400, get("/api/v1/incidents").param("defenderName", secret)),
                "defenderName:unknown-parameter");
        assertViolations(rejectedGet(400, get(ORGANISATIONS).param("name", secret)), "name:unknown-parameter");
        // the defenders have no listing at all: GET on the collection is not a method it allows
        MvcResult r = mvc.perform(get(DEFENDERS).param("name", secret).with(officer())).andReturn();
        problem(405, r);
        assertThat(r.getResponse().getHeader("Allow")).isEqualTo("POST");
    }

    @Test
    void parameterValuesFollowTheTextRules() throws Exception {
        assertViolations(rejectedGet(400, get("/api/v1/incidents").param("page", "1\u0000")), "page:forbidden-character");
    }

    @Test
    void searchBodiesRefuseOperatorsAsTypeErrors() throws Exception {
        ObjectNode ne = json.createObjectNode();
        ne.putObject("defenderName").put("$ne", secret);
        assertViolations(rejected(400, post(INCIDENTS + "/search").with(officer()), "application/json", bytes(ne)),
                "defenderName:type");
        ObjectNode regex = json.createObjectNode();
        regex.putObject("name").put("$regex", ".*");
        assertViolations(rejected(400, post(DEFENDERS + "/search").with(officer()), "application/json", bytes(regex)),
                "name:type");
        ObjectNode in = json.createObjectNode();
        in.putArray("name").add(secret).add("NSO Group");
        assertViolations(rejected(400, post(ORGANISATIONS + "/search").with(officer()), "application/json", bytes(in)),
                "name:type");
        ObjectNode where = json.createObjectNode().put("defenderName", secret).put("$where", "1");
        assertViolations(rejected(400, post(INCIDENTS + "/search").with(officer()), "application/json", bytes(where)),
                "body:operator-key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u001b[32mOK", "\u202e"})
    void searchNamesFollowTheTextRules(String bad) throws Exception {
        assertViolations(rejected(422, post(INCIDENTS + "/search").with(officer()), "application/json",
                bytes(json.createObjectNode().put("defenderName", secret + bad))), "defenderName:forbidden-character");
        assertViolations(rejected(422, post(DEFENDERS + "/search").with(officer()), "application/json",
                bytes(json.createObjectNode().put("organisation", secret + bad))), "organisation:forbidden-character");
    }

    @Test
    void notFoundNeverEchoesThePath() throws Exception {
        String id = "00000000-0000-4000-8000-" + "0".repeat(4) + seed.suffix.substring(0, 8).toLowerCase().replaceAll("[^0-9a-f]", "a");
        MvcResult r = mvc.perform(get(DEFENDERS + "/" + id).with(TestUsers.loggedIn("officer", "PROTECTION_OFFICER"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(r.getResponse().getContentAsString()).doesNotContain(id).doesNotContain("instance");
        MvcResult junk = mvc.perform(get(DEFENDERS + "/" + secret).with(TestUsers.loggedIn("officer", "PROTECTION_OFFICER"))).andReturn();
        assertThat(junk.getResponse().getStatus()).isEqualTo(404);
        assertThat(junk.getResponse().getContentAsString()).doesNotContain(secret);
    }

    @Test
    void anUnknownFieldIsNamedOnlyWhenItLooksLikeAFieldName() throws Exception {
        assertViolations(rejected(400, post(ORGANISATIONS).with(officer()), "application/json", bytes(organisation().put("nmae", "x"))),
                "nmae:unknown-field");
        assertViolations(rejected(400, post(ORGANISATIONS).with(officer()), "application/json", bytes(organisation().put("<b>" + secret, "x"))),
                "body:unknown-field");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** Sends as the officer, or as the rapporteur for letters. */
    private MvcResult send(MockHttpServletRequestBuilder request, String contentType,
                           byte[] body) throws Exception {
        MockHttpServletRequestBuilder r = request.with(csrf()).contentType(contentType).content(body);
        return mvc.perform(r).andReturn();
    }

    private JsonNode rejected(int status, MockHttpServletRequestBuilder request,
                              String contentType, byte[] body) throws Exception {
        Map<String, Long> before = counts();
        MvcResult r = send(request, contentType, body);
        JsonNode p = problem(status, r);
        assertThat(counts()).as("nothing stored").isEqualTo(before);
        return p;
    }

    private JsonNode rejectedGet(int status, RequestBuilder request) throws Exception {
        return problem(status, mvc.perform(((MockHttpServletRequestBuilder) request)
                .with(officer())).andReturn());
    }

    private JsonNode problem(int status, MvcResult r) throws Exception {
        String text = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(text).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).as(text).startsWith("application/problem+json");
        assertThat(text).as("nothing of the request echoed").doesNotContain(seed.suffix).doesNotContain("instance")
                .doesNotContain("Exception").doesNotContain("yaml").doesNotContain("iso-8859");
        JsonNode p = parse(text);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asString()).startsWith("urn:evidence-vault:problem:");
        return p;
    }

    private Map<String, Long> counts() {
        return Map.of("organisations", db.getCollection("organisations").countDocuments(),
                "defenders", db.getCollection("defenders").countDocuments(),
                "communications", db.getCollection("communications").countDocuments());
    }

    private static void assertViolations(JsonNode problem, String... fieldRules) {
        JsonNode violations = problem.get("violations");
        assertThat(violations).as("violations of %s", problem).isNotNull();
        List<String> actual = new ArrayList<>();
        violations.forEach(v -> actual.add(v.get("field").asString() + ":" + v.get("rule").asString()));
        assertThat(actual).containsExactlyInAnyOrder(fieldRules);
    }

    private byte[] bytes(JsonNode body) {
        return json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] replaceFirst(byte[] in, byte[] what, byte[] with) {
        for (int i = 0; i + what.length <= in.length; i++) {
            boolean match = true;
            for (int j = 0; j < what.length && match; j++) {
                match = in[i + j] == what[j];
            }
            if (match) {
                byte[] out = new byte[in.length - what.length + with.length];
                System.arraycopy(in, 0, out, 0, i);
                System.arraycopy(with, 0, out, i, with.length);
                System.arraycopy(in, i + what.length, out, i + with.length, in.length - i - what.length);
                return out;
            }
        }
        throw new AssertionError("not found");
    }
}
