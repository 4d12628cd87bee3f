package org.evidencevault.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Need-to-know, through the HTTP API: an officer sees and changes only the incidents and defenders of their
 * case teams; a rapporteur sees an incident a team shared with their mandate while every defender it names
 * consents (SHARE_WITH_UN), and those defenders; to an officer of another team they do not exist (the same 404 as an id nobody
 * ever used, in gets, changes, erasure, letters citing them, lists and name searches); ADMIN reads no
 * organisation and erases nothing. Each case starts from what the owning team sees (so a refusal is caused by
 * the team alone).
 */
class NeedToKnowTest extends ApiTestSupport {

    private static final String GENEVA = DemoTeams.GENEVA;
    private static final String MEXICO = DemoTeams.MEXICO;

    private SeedCaseRequests seed;
    private SeedCaseRequests.Ids parties;
    private String incident;

    @BeforeEach
    void aCaseOfTheGenevaDesk() throws Exception {
        seed = new SeedCaseRequests(mvc, json);
        parties = seed.createParties();
        incident = seed.create("/api/v1/incidents", seed.incident(parties));
    }

    private static RequestPostProcessor geneva() {
        return as(TestUsers.officerOf("officer", GENEVA));
    }

    private static RequestPostProcessor mexico() {
        return as(TestUsers.officerOf("officer2", MEXICO));
    }

    private static RequestPostProcessor as(RequestPostProcessor who) {
        return request -> csrf().postProcessRequest(who.postProcessRequest(request));
    }

    @Test
    void theOwningTeamSeesItsCase() throws Exception {
        assertThat(perform(get("/api/v1/incidents/" + incident).with(geneva())).getResponse().getStatus()).isEqualTo(200);
        JsonNode one = body(perform(get("/api/v1/incidents/" + incident).with(geneva())));
        assertThat(one.path("team").asString()).isEqualTo(GENEVA);
        assertThat(body(perform(get("/api/v1/defenders/" + parties.aguilar()).with(geneva()))).path("team").asString()).isEqualTo(GENEVA);
        assertThat(ids(search("/api/v1/incidents/search", "defenderName", seed.aguilarName(), geneva()))).contains(incident);
        assertThat(ids(search("/api/v1/defenders/search", "name", seed.aguilarName(), geneva()))).contains(parties.aguilar());
    }

    @Test
    void toAnOfficerOfAnotherTeamTheCaseDoesNotExist() throws Exception {
        String never = UUID.randomUUID().toString();
        for (String kind : List.of("incidents", "defenders")) {
            String mine = kind.equals("incidents") ? incident : parties.aguilar();
            assertThat(perform(get("/api/v1/" + kind + "/" + mine).with(geneva())).getResponse().getStatus()).isEqualTo(200);
            MvcResult foreign = perform(get("/api/v1/" + kind + "/" + mine).with(mexico()));
            MvcResult unknown = perform(get("/api/v1/" + kind + "/" + never).with(mexico()));
            assertSameNotFound(foreign, unknown, mine);
        }
        // changes and erasure: the same 404 as for an unknown id (never 412 or 403, which would say it exists)
        String revised = json.writeValueAsString(seed.incident(parties));
        assertSameNotFound(perform(put("/api/v1/incidents/" + incident).header("If-Match", "\"1\"").with(mexico())
                        .contentType(MediaType.APPLICATION_JSON).content(revised)),
                perform(put("/api/v1/incidents/" + never).header("If-Match", "\"1\"").with(mexico())
                        .contentType(MediaType.APPLICATION_JSON).content(revised)), incident);
        RequestPostProcessor mexicoWithPasskey = as(TestUsers.officerWithPasskey("officer2", MEXICO));
        assertSameNotFound(perform(delete("/api/v1/defenders/" + parties.aguilar()).header("If-Match", "\"1\"").with(mexicoWithPasskey)),
                perform(delete("/api/v1/defenders/" + never).header("If-Match", "\"1\"").with(mexicoWithPasskey)), parties.aguilar());
        String erasureRequest = "{\"reason\":\"asked to be forgotten\"}";
        assertSameNotFound(perform(post("/api/v1/defenders/" + parties.aguilar() + "/erasure-requests").header("If-Match", "\"1\"")
                        .with(mexico()).contentType(MediaType.APPLICATION_JSON).content(erasureRequest)),
                perform(post("/api/v1/defenders/" + never + "/erasure-requests").header("If-Match", "\"1\"")
                        .with(mexico()).contentType(MediaType.APPLICATION_JSON).content(erasureRequest)), parties.aguilar());
        assertSameNotFound(perform(get("/api/v1/incidents/" + incident + "/communications").with(mexico())),
                perform(get("/api/v1/incidents/" + never + "/communications").with(mexico())), incident);
        // still there for its team
        assertThat(perform(get("/api/v1/defenders/" + parties.aguilar()).with(geneva())).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void listsAndNameSearchesShowExactlyWhatAGetAllows() throws Exception {
        String theirs = mexicoCase("Mexico Desk Defender " + seed.suffix);
        Set<String> genevaList = listAll(geneva());
        Set<String> mexicoList = listAll(mexico());
        assertThat(genevaList).contains(incident).doesNotContain(theirs);
        assertThat(mexicoList).contains(theirs).doesNotContain(incident);
        for (String id : genevaList) {
            assertThat(perform(get("/api/v1/incidents/" + id).with(geneva())).getResponse().getStatus()).isEqualTo(200);
            assertThat(perform(get("/api/v1/incidents/" + id).with(mexico())).getResponse().getStatus()).isEqualTo(404);
        }
        // a blind-index search never reveals that a defender of that name exists in another team
        assertThat(total(search("/api/v1/incidents/search", "defenderName", seed.aguilarName(), mexico()))).isZero();
        assertThat(total(search("/api/v1/defenders/search", "name", seed.aguilarName(), mexico()))).isZero();
        assertThat(total(search("/api/v1/defenders/search", "organisation", seed.prodhAcronym(), mexico()))).isZero();
        assertThat(total(search("/api/v1/defenders/search", "organisation", seed.prodhAcronym(), geneva()))).isEqualTo(2);
    }

    @Test
    void anIncidentCannotNameADefenderOfAnotherTeam() throws Exception {
        ObjectNode body = seed.minimalIncident(parties.aguilar(), "Mexico desk naming a Geneva defender");
        MvcResult r = perform(post("/api/v1/incidents").with(mexico()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)));
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(r.getResponse().getContentAsString()).contains("defenderIds[0]").contains("unknown-defender")
                .doesNotContain(parties.aguilar());
    }

    @Test
    void aNewRecordGoesToOneOfTheOfficersTeams() throws Exception {
        ObjectNode defender = seed.defender("Two Desks Defender " + seed.suffix, null, "Lawyer");
        // with a passkey confirmation: the seed's defenders carry a PUBLIC_NAMING consent
        RequestPostProcessor both = as(TestUsers.officerWithPasskey("officer3", GENEVA, MEXICO));
        MvcResult ambiguous = perform(post("/api/v1/defenders").with(both).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(defender)));
        assertThat(ambiguous.getResponse().getStatus()).isEqualTo(422);
        assertThat(ambiguous.getResponse().getContentAsString()).contains("\"team\"").contains("required");

        MvcResult notMine = perform(post("/api/v1/defenders").with(geneva()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(defender.deepCopy().put("team", "lima-desk"))));
        assertThat(notMine.getResponse().getStatus()).isEqualTo(422);
        assertThat(notMine.getResponse().getContentAsString()).contains("not-your-team").doesNotContain("lima-desk");

        MvcResult chosen = perform(post("/api/v1/defenders").with(both).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(defender.deepCopy().put("team", MEXICO))));
        assertThat(chosen.getResponse().getStatus()).isEqualTo(201);
        String id = body(chosen).path("id").asString();
        assertThat(perform(get("/api/v1/defenders/" + id).with(mexico())).getResponse().getStatus()).isEqualTo(200);
        assertThat(perform(get("/api/v1/defenders/" + id).with(geneva())).getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void anOfficerInNoTeamSeesNothingAndCreatesNothing() throws Exception {
        RequestPostProcessor none = as(TestUsers.officerOf("officer4"));
        assertThat(listAll(none)).isEmpty();
        assertThat(perform(get("/api/v1/incidents/" + incident).with(none)).getResponse().getStatus()).isEqualTo(404);
        MvcResult r = perform(post("/api/v1/defenders").with(none).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(seed.defender("No Team Defender " + seed.suffix, null, "Lawyer"))));
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
    }

    @Test
    void adminReadsNoOrganisationAndErasesNothing() throws Exception {
        assertThat(perform(get("/api/v1/organisations/" + parties.prodh()).with(geneva())).getResponse().getStatus()).isEqualTo(200);
        assertThat(perform(get("/api/v1/organisations/" + parties.prodh()).with(admin())).getResponse().getStatus()).isEqualTo(403);
        assertThat(perform(get("/api/v1/defenders/" + parties.aguilar()).with(admin())).getResponse().getStatus()).isEqualTo(403);
        // refused before any lookup: the same answer for a defender that exists and one that does not
        MvcResult existing = perform(delete("/api/v1/defenders/" + parties.aguilar()).header("If-Match", "\"1\"").with(admin()));
        MvcResult unknown = perform(delete("/api/v1/defenders/" + UUID.randomUUID()).header("If-Match", "\"1\"").with(admin()));
        assertThat(existing.getResponse().getStatus()).isEqualTo(403);
        assertThat(unknown.getResponse().getStatus()).isEqualTo(403);
        assertThat(existing.getResponse().getContentAsString()).isEqualTo(unknown.getResponse().getContentAsString());
    }

    // ---- rapporteurs: sharing with a mandate, under consent -------------------------------------------------

    @Test
    void aRapporteurSeesAnIncidentOnlyOnceItIsSharedWithTheirMandate() throws Exception {
        RequestPostProcessor hrd = as(TestUsers.rapporteurOf("rapporteur", "SR_HRD"));
        RequestPostProcessor business = as(TestUsers.rapporteurOf("rapporteur2", "WG_BUSINESS_HR"));
        String never = UUID.randomUUID().toString();
        assertSameNotFound(perform(get("/api/v1/incidents/" + incident).with(hrd)),
                perform(get("/api/v1/incidents/" + never).with(hrd)), incident);
        assertThat(listAll(hrd)).doesNotContain(incident);
        assertThat(total(search("/api/v1/incidents/search", "defenderName", seed.aguilarName(), hrd))).isZero();
        assertThat(perform(get("/api/v1/defenders/" + parties.aguilar()).with(hrd)).getResponse().getStatus()).isEqualTo(404);

        seed.shareWithRapporteur(incident, 1);

        JsonNode shared = body(perform(get("/api/v1/incidents/" + incident).with(hrd)));
        assertThat(shared.path("sharedWith").toString()).isEqualTo("[\"SR_HRD\"]");
        assertThat(listAll(hrd)).contains(incident);
        assertThat(ids(search("/api/v1/incidents/search", "defenderName", seed.aguilarName(), hrd))).containsExactly(incident);
        assertThat(body(perform(get("/api/v1/defenders/" + parties.aguilar()).with(hrd))).path("fullName").asString())
                .isEqualTo(seed.aguilarName());
        assertThat(ids(search("/api/v1/defenders/search", "name", seed.aguilarName(), hrd))).containsExactly(parties.aguilar());
        // another mandate still sees nothing
        assertThat(perform(get("/api/v1/incidents/" + incident).with(business)).getResponse().getStatus()).isEqualTo(404);
        assertThat(listAll(business)).doesNotContain(incident);
        // a rapporteur reads, never shares or changes
        MvcResult reshare = perform(put("/api/v1/incidents/" + incident + "/sharing").header("If-Match", "\"2\"").with(hrd)
                .contentType(MediaType.APPLICATION_JSON).content("{\"mandates\":[\"WG_BUSINESS_HR\"]}"));
        assertThat(reshare.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void withdrawingOneDefendersConsentHidesTheIncidentAtTheNextRequest() throws Exception {
        RequestPostProcessor hrd = as(TestUsers.rapporteurOf("rapporteur", "SR_HRD"));
        seed.shareWithRapporteur(incident, 1);
        assertThat(perform(get("/api/v1/incidents/" + incident).with(hrd)).getResponse().getStatus()).isEqualTo(200);
        assertThat(perform(get("/api/v1/defenders/" + parties.aguirre()).with(hrd)).getResponse().getStatus()).isEqualTo(200);

        ObjectNode withdrawn = seed.defender(seed.aguilarName(), parties.prodh(), "Coordinator of the International Area");
        ((ObjectNode) withdrawn.get("consents").get(1)).put("withdrawnOn", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        MvcResult revised = perform(put("/api/v1/defenders/" + parties.aguilar()).header("If-Match", "\"1\"").with(geneva())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(withdrawn)));
        assertThat(revised.getResponse().getStatus()).as(revised.getResponse().getContentAsString()).isEqualTo(200);

        assertThat(perform(get("/api/v1/incidents/" + incident).with(hrd)).getResponse().getStatus()).isEqualTo(404);
        assertThat(listAll(hrd)).doesNotContain(incident);
        assertThat(total(search("/api/v1/incidents/search", "defenderName", seed.aguirreName(), hrd))).isZero();
        // neither defender is shared with the rapporteur any more: one withdrew, the other is named only there
        assertThat(perform(get("/api/v1/defenders/" + parties.aguilar()).with(hrd)).getResponse().getStatus()).isEqualTo(404);
        assertThat(perform(get("/api/v1/defenders/" + parties.aguirre()).with(hrd)).getResponse().getStatus()).isEqualTo(404);
        // the team still sees all of it
        assertThat(perform(get("/api/v1/incidents/" + incident).with(geneva())).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void sharingNeedsTheCurrentVersionAndValidMandateCodes() throws Exception {
        MvcResult stale = perform(put("/api/v1/incidents/" + incident + "/sharing").header("If-Match", "\"7\"").with(geneva())
                .contentType(MediaType.APPLICATION_JSON).content("{\"mandates\":[\"SR_HRD\"]}"));
        assertThat(stale.getResponse().getStatus()).isEqualTo(412);
        MvcResult bad = perform(put("/api/v1/incidents/" + incident + "/sharing").header("If-Match", "\"1\"").with(geneva())
                .contentType(MediaType.APPLICATION_JSON).content("{\"mandates\":[\"sr hrd<script>\"]}"));
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(bad.getResponse().getContentAsString()).contains("mandates").contains("format").doesNotContain("script");
        assertSameNotFound(perform(put("/api/v1/incidents/" + incident + "/sharing").header("If-Match", "\"1\"").with(mexico())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"mandates\":[\"SR_HRD\"]}")),
                perform(put("/api/v1/incidents/" + UUID.randomUUID() + "/sharing").header("If-Match", "\"1\"").with(mexico())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"mandates\":[\"SR_HRD\"]}")), incident);
        assertThat(body(perform(get("/api/v1/incidents/" + incident).with(geneva()))).path("version").asLong()).isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private String mexicoCase(String defenderName) throws Exception {
        MvcResult d = perform(post("/api/v1/defenders").with(as(TestUsers.officerWithPasskey("officer2", MEXICO)))
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(seed.defender(defenderName, null, "Journalist"))));
        assertThat(d.getResponse().getStatus()).as(d.getResponse().getContentAsString()).isEqualTo(201);
        MvcResult i = perform(post("/api/v1/incidents").with(mexico()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(seed.minimalIncident(body(d).path("id").asString(), "Mexico desk case"))));
        assertThat(i.getResponse().getStatus()).as(i.getResponse().getContentAsString()).isEqualTo(201);
        assertThat(body(i).path("team").asString()).isEqualTo(MEXICO);
        return body(i).path("id").asString();
    }

    private void assertSameNotFound(MvcResult foreign, MvcResult unknown, String id) throws Exception {
        assertThat(foreign.getResponse().getStatus()).as(foreign.getResponse().getContentAsString()).isEqualTo(404);
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        String a = foreign.getResponse().getContentAsString();
        String b = unknown.getResponse().getContentAsString();
        assertThat(a).doesNotContain(id);
        assertThat(normalise(a)).isEqualTo(normalise(b));
    }

    /** A problem body without its {@code instance} (the request path), which differs by id. */
    private String normalise(String problem) {
        JsonNode n = parse(problem);
        return n.isObject() ? ((ObjectNode) n.deepCopy()).without("instance").toString() : problem;
    }

    private Set<String> listAll(RequestPostProcessor who) throws Exception {
        Set<String> ids = new HashSet<>();
        for (int page = 0; ; page++) {
            JsonNode p = body(perform(get("/api/v1/incidents?size=100&page=" + page).with(who)));
            p.path("items").forEach(n -> ids.add(n.path("id").asString()));
            if (p.path("items").size() < 100) {
                return ids;
            }
        }
    }

    private JsonNode search(String path, String field, String value, RequestPostProcessor who) throws Exception {
        MvcResult r = perform(post(path).with(who).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(json.createObjectNode().put(field, value))));
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        return body(r);
    }

    private static long total(JsonNode page) {
        return org.evidencevault.support.Pages.total(page);
    }

    private static List<String> ids(JsonNode page) {
        return org.evidencevault.support.Pages.ids(page);
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private JsonNode body(MvcResult r) throws Exception {
        return parse(r.getResponse().getContentAsString());
    }
}
