package org.evidencevault.communications.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Need-to-know for UN letters, through the HTTP API: a letter belongs to the mandates it was sent under. A
 * rapporteur of one of them sees and changes it; an officer sees it while it cites an incident of their teams;
 * to anyone else it answers the same 404 as a reference never recorded, and lists, timelines, the letters
 * awaiting a reply and the letters citing an incident leave it out. Of the incidents a letter cites, a reader is
 * shown only those they may reach.
 */
class LetterNeedToKnowTest extends ApiTestSupport {

    @Autowired
    MongoDatabase db;

    private LetterRequests letters;
    private SeedCaseRequests seed;

    private static RequestPostProcessor hrd() {
        return who(TestUsers.rapporteurOf("rapporteur", "SR_HRD"));
    }

    private static RequestPostProcessor business() {
        return who(TestUsers.rapporteurOf("rapporteur-wg", "WG_BUSINESS_HR"));
    }

    private static RequestPostProcessor geneva() {
        return who(TestUsers.officerWithPasskey("officer", DemoTeams.GENEVA));
    }

    private static RequestPostProcessor mexico() {
        return who(TestUsers.officerWithPasskey("officer2", DemoTeams.MEXICO));
    }

    private static RequestPostProcessor who(RequestPostProcessor p) {
        return request -> csrf().postProcessRequest(p.postProcessRequest(request));
    }

    @BeforeEach
    void requests() {
        letters = new LetterRequests(mvc, json);
        seed = new SeedCaseRequests(mvc, json);
    }

    @Test
    void aLetterIsSeenByItsMandatesRapporteursAndTheOfficersOfTheIncidentsItCites() throws Exception {
        // an incident of each team, both shared with SR_HRD (their defenders consent), so its rapporteur may cite them
        String genevaIncident = seed.create("/api/v1/incidents", seed.minimalIncident(
                seed.create("/api/v1/defenders", seed.defender("Letter Geneva " + seed.suffix, null, "Lawyer")), "Letter geneva case"));
        seed.shareWithRapporteur(genevaIncident, 1);
        String mexicoIncident = mexicoIncident("Letter Mexico");
        int number = LetterRequests.number();
        ObjectNode letter = letters.letter(number, "2023-07-03");
        letter.putArray("mandates").addObject().put("code", "SR_HRD").put("hrcResolution", "52/4");
        var cited = letter.putArray("citedIncidents");
        cited.addObject().put("incidentId", genevaIncident).put("note", "the geneva case");
        cited.addObject().put("incidentId", mexicoIncident).put("note", "the mexico case");
        String id = created(perform(post(LetterRequests.COMMUNICATIONS).with(hrd()), letter));
        String unknown = "OTH-" + LetterRequests.number() + "-2023";

        // the rapporteur of SR_HRD: the letter and both incidents
        JsonNode forHrd = body(perform(get(LetterRequests.COMMUNICATIONS + "/" + id).with(hrd())), 200);
        assertThat(citedIds(forHrd)).containsExactly(genevaIncident, mexicoIncident);
        // the officers see it through their own incident, and only that one among the cited
        assertThat(citedIds(body(perform(get(LetterRequests.COMMUNICATIONS + "/" + id).with(geneva())), 200)))
                .containsExactly(genevaIncident);
        assertThat(citedIds(body(perform(get(LetterRequests.COMMUNICATIONS + "/" + id).with(mexico())), 200)))
                .containsExactly(mexicoIncident);
        assertThat(ids(perform(get(LetterRequests.COMMUNICATIONS + "?addresseeName=" + letters.company()).with(geneva()))))
                .containsExactly(id);

        // a rapporteur of another mandate: the same 404 as for a letter never recorded, and left out of every list
        MvcResult foreign = perform(get(LetterRequests.COMMUNICATIONS + "/" + id).with(business()));
        MvcResult never = perform(get(LetterRequests.COMMUNICATIONS + "/" + unknown).with(business()));
        assertThat(foreign.getResponse().getStatus()).isEqualTo(404);
        assertThat(foreign.getResponse().getContentAsString()).isEqualTo(never.getResponse().getContentAsString())
                .doesNotContain(id);
        assertThat(perform(get(LetterRequests.COMMUNICATIONS + "/by-reference?ref=AL OTH " + number + "/2023").with(business()))
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(ids(perform(get(LetterRequests.COMMUNICATIONS + "?addresseeName=" + letters.company()).with(business())))).isEmpty();
        assertThat(ids(perform(get(LetterRequests.COMMUNICATIONS + "/timeline?addresseeName=" + letters.company()).with(business()))))
                .isEmpty();
        assertThat(ids(perform(get(LetterRequests.COMMUNICATIONS + "/awaiting-reply?addresseeName=" + letters.company())
                .with(business())))).isEmpty();
        assertThat(ids(perform(get(LetterRequests.COMMUNICATIONS + "/awaiting-reply?addresseeName=" + letters.company())
                .with(hrd())))).containsExactly(id);
        assertThat(perform(get(LetterRequests.COMMUNICATIONS + "/" + id + "/cited-by").with(business())).getResponse().getStatus())
                .isEqualTo(404);
        // the letters citing an incident: for its own team only
        assertThat(ids(perform(get("/api/v1/incidents/" + genevaIncident + "/communications").with(geneva())))).containsExactly(id);
        assertThat(perform(get("/api/v1/incidents/" + genevaIncident + "/communications").with(mexico())).getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void aRapporteurRecordsAndChangesOnlyLettersOfTheirMandates() throws Exception {
        long before = db.getCollection("communications").countDocuments();
        ObjectNode theirs = letters.letter(LetterRequests.number(), "2023-07-03");
        theirs.putArray("mandates").addObject().put("code", "SR_HRD").put("hrcResolution", "52/4");
        MvcResult refused = perform(post(LetterRequests.COMMUNICATIONS).with(business()), theirs);
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(violations(refused)).containsExactly("mandates not-your-mandate");
        assertThat(db.getCollection("communications").countDocuments()).isEqualTo(before);

        String id = created(perform(post(LetterRequests.COMMUNICATIONS).with(hrd()), theirs));
        MvcResult revise = perform(put(LetterRequests.COMMUNICATIONS + "/" + id).header(HttpHeaders.IF_MATCH, "\"1\"").with(business()),
                theirs.deepCopy().put("summary", "changed by another mandate"));
        MvcResult reviseUnknown = perform(put(LetterRequests.COMMUNICATIONS + "/OTH-" + LetterRequests.number() + "-2023")
                .header(HttpHeaders.IF_MATCH, "\"1\"").with(business()), theirs.deepCopy().put("summary", "changed by another mandate"));
        assertThat(revise.getResponse().getStatus()).isEqualTo(404);
        assertThat(revise.getResponse().getContentAsString()).isEqualTo(reviseUnknown.getResponse().getContentAsString());
        MvcResult reply = perform(post(LetterRequests.COMMUNICATIONS + "/" + id + "/replies").header(HttpHeaders.IF_MATCH, "\"1\"")
                .with(business()), letters.reply("2023-08-01"));
        assertThat(reply.getResponse().getStatus()).isEqualTo(404);
        assertThat(body(perform(get(LetterRequests.COMMUNICATIONS + "/" + id).with(hrd())), 200).path("version").asLong()).isEqualTo(1);

        // citing it from another mandate's letter: answered as for a reference never recorded (no existence, no date)
        ObjectNode citing = letters.letter(LetterRequests.number(), "2024-02-01");
        citing.putArray("mandates").addObject().put("code", "WG_BUSINESS_HR").put("hrcResolution", "44/15");
        citing.putArray("citedCommunications").addObject().put("reference", theirs.path("reference").asString().substring(3));
        MvcResult citesForeign = perform(post(LetterRequests.COMMUNICATIONS).with(business()), citing);
        assertThat(citesForeign.getResponse().getStatus()).as(citesForeign.getResponse().getContentAsString()).isEqualTo(422);
        assertThat(violations(citesForeign)).containsExactly("citedCommunications[0].reference unknown-communication");

        // a letter recorded without its mandates (known only by reference) is every rapporteur's
        String unowned = created(perform(post(LetterRequests.COMMUNICATIONS).with(business()),
                letters.letter(LetterRequests.number(), "2019-10-18")));
        assertThat(perform(get(LetterRequests.COMMUNICATIONS + "/" + unowned).with(hrd())).getResponse().getStatus()).isEqualTo(200);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** An incident of mexico-desk, shared with SR_HRD, naming one defender who consents to it. */
    private String mexicoIncident(String name) throws Exception {
        String defender = created(perform(post("/api/v1/defenders").with(mexico()), seed.defender(name + " " + seed.suffix, null, "Lawyer")));
        String incident = created(perform(post("/api/v1/incidents").with(mexico()), seed.minimalIncident(defender, name + " case")));
        body(perform(put("/api/v1/incidents/" + incident + "/sharing").header(HttpHeaders.IF_MATCH, "\"1\"").with(mexico()),
                json.createObjectNode().set("mandates", json.createArrayNode().add("SR_HRD"))), 200);
        return incident;
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private MvcResult perform(MockHttpServletRequestBuilder request, JsonNode body) throws Exception {
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))).andReturn();
    }

    private String created(MvcResult r) throws Exception {
        return body(r, 201).path("id").asString();
    }

    private JsonNode body(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return parse(r.getResponse().getContentAsString());
    }

    private List<String> ids(MvcResult r) throws Exception {
        List<String> out = new ArrayList<>();
        JsonNode page = body(r, 200);
        page.path("items").forEach(i -> out.add(i.has("id") ? i.path("id").asString() : i.path("communicationId").asString()));
        return out;
    }

    private static List<String> citedIds(JsonNode letter) {
        List<String> out = new ArrayList<>();
        letter.path("citedIncidents").forEach(c -> out.add(c.path("incidentId").asString()));
        return out;
    }

    private List<String> violations(MvcResult r) throws Exception {
        List<String> out = new ArrayList<>();
        parse(r.getResponse().getContentAsString()).path("violations")
                .forEach(v -> out.add(v.path("field").asString() + " " + v.path("rule").asString()));
        return out;
    }
}
