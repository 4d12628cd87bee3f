package org.evidencevault.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies modelled on the seed case (UN letter AL OTH 62/2023), with a distinctive suffix on every
 * name so records created by one test never collide with the demo seed or with another test's records.
 */
public final class SeedCaseRequests {

    public static final String AGUILAR = "María Luisa Aguilar Rodríguez";
    public static final String AGUIRRE = "Jorge Santiago Aguirre Espinosa";
    public static final String TITLE = "Pegasus infections of two Centro Prodh defenders, Jun–Sep 2022";
    public static final String REPORT_URL = "https://citizenlab.ca/2023/04/nso-groups-pegasus-spyware-returns-in-2022/";
    public static final List<String> INFECTION_DAYS =
            List.of("2022-06-22", "2022-06-23", "2022-07-13", "2022-09-24", "2022-09-29");

    private final MockMvc mvc;
    private final JsonMapper json;

    /** A fresh suffix per instance, e.g. "Qx7k2b". */
    public final String suffix;

    public SeedCaseRequests(MockMvc mvc, JsonMapper json) {
        this.mvc = mvc;
        this.json = json;
        this.suffix = "Zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** The ids of one freshly created seed-like case. */
    public record Ids(String prodh, String nso, String sedena, String citizenLab,
                      String aguilar, String aguirre) {
    }

    public String aguilarName() {
        return AGUILAR + " " + suffix;
    }

    public String aguirreName() {
        return AGUIRRE + " " + suffix;
    }

    public String prodhAcronym() {
        return "Centro Prodh " + suffix;
    }

    // ---- bodies -----------------------------------------------------------------------------------

    public ObjectNode organisation(String name, String acronym, String country, String type) {
        ObjectNode o = json.createObjectNode().put("name", name);
        if (acronym != null) {
            o.put("acronym", acronym);
        }
        return o.put("country", country).put("type", type);
    }

    public ObjectNode defender(String fullName, String organisationId, String role) {
        ObjectNode d = json.createObjectNode().put("fullName", fullName);
        if (organisationId != null) {
            d.put("organisationId", organisationId);
        }
        d.put("role", role).put("country", "MEX");
        var consents = d.putArray("consents");
        consents.addObject().put("purpose", "PUBLIC_NAMING").put("grantedOn", "2023-04-18")
                .put("note", "named themselves publicly at the disclosure");
        consents.addObject().put("purpose", "SHARE_WITH_UN").put("grantedOn", "2023-04-18")
                .put("note", "agreed that the case goes to the Special Rapporteur");
        return d;
    }

    public ObjectNode date(String value, String precision) {
        return json.createObjectNode().put("value", value).put("precision", precision);
    }

    public ObjectNode day(String value) {
        return date(value, "DAY");
    }

    /** The 2022 Centro Prodh incident: five DAY infections, Citizen Lab confirmation after an Apple notification. */
    public ObjectNode incident(Ids ids) {
        ObjectNode i = json.createObjectNode().put("title", TITLE + " " + suffix);
        i.putArray("defenderIds").add(ids.aguilar()).add(ids.aguirre());
        i.put("spyware", "PEGASUS")
                .put("vendorOrganisationId", ids.nso())
                .put("suspectedOperatorOrganisationId", ids.sedena())
                .put("operatorInvolvement", "SUSPECTED_OF_INVOLVEMENT")
                .put("status", "CONFIRMED_INFECTION");
        ArrayNode events = i.putArray("infectionEvents");
        for (String d : INFECTION_DAYS) {
            events.addObject().set("date", day(d)).put("status", "CONFIRMED_INFECTION");
        }
        i.putArray("forensicConfirmations").addObject()
                .put("labOrganisationId", ids.citizenLab())
                .put("trigger", "APPLE_THREAT_NOTIFICATION")
                .set("triggerDate", day("2022-12-15"))
                .put("method", "LAB_PROPRIETARY")
                .set("publishedOn", day("2023-04-18"))
                .put("reportUrl", REPORT_URL)
                .put("confidence", "HIGH")
                .putArray("restsOn"); // no evidence items yet: they are uploaded to the incident once it exists
        i.put("contextNotes", "At the time of the infections the defenders were denouncing violations by the "
                + "Mexican Armed Forces (Ayotzinapa, Cerocahui). " + suffix);
        return i;
    }

    /** The earlier 2016 targeting of Aguirre alone: a YEAR date and a device owner. */
    public ObjectNode earlierIncident(Ids ids) {
        ObjectNode i = json.createObjectNode().put("title", "Earlier Pegasus targeting of S. Aguirre " + suffix);
        i.putArray("defenderIds").add(ids.aguirre());
        i.put("spyware", "PEGASUS").put("status", "ATTEMPTED_TARGETING");
        i.putArray("infectionEvents").addObject().set("date", date("2016", "YEAR"))
                .put("deviceOwnerId", ids.aguirre()).put("exploitName", "SMS link").put("status", "ATTEMPTED_TARGETING");
        return i;
    }

    /** A small valid incident for one defender, with nothing but the required parts. */
    public ObjectNode minimalIncident(String defenderId, String title) {
        ObjectNode i = json.createObjectNode().put("title", title);
        i.putArray("defenderIds").add(defenderId);
        i.put("spyware", "UNKNOWN").put("status", "SUSPECTED");
        i.putArray("infectionEvents").addObject().set("date", date("2022-06", "MONTH"));
        return i;
    }

    // ---- creation through the API -----------------------------------------------------------------

    /** Creates the organisations and the two defenders of the seed case (names suffixed). */
    public Ids createParties() throws Exception {
        String prodh = create("/api/v1/organisations", organisation(
                "Centro de Derechos Humanos Miguel Agustín Pro Juárez A.C. " + suffix, prodhAcronym(), "MEX", "NGO"));
        String nso = create("/api/v1/organisations", organisation("NSO Group " + suffix, null, "ISR", "COMPANY"));
        String sedena = create("/api/v1/organisations", organisation(
                "Secretaría de la Defensa Nacional " + suffix, "SEDENA " + suffix, "MEX", "STATE_AGENCY"));
        String lab = create("/api/v1/organisations", organisation(
                "Citizen Lab, University of Toronto " + suffix, "Citizen Lab " + suffix, "CAN", "RESEARCH_LAB"));
        String aguilar = create("/api/v1/defenders", defender(aguilarName(), prodh, "Coordinator of the International Area"));
        String aguirre = create("/api/v1/defenders", defender(aguirreName(), prodh, "Director"));
        return new Ids(prodh, nso, sedena, lab, aguilar, aguirre);
    }

    /**
     * Shares incident {@code id} (at {@code version}) with the demo rapporteur's mandate, SR_HRD, as the
     * protection officer; expects 200 and returns the new version.
     */
    public long shareWithRapporteur(String id, long version) throws Exception {
        MvcResult r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/incidents/" + id + "/sharing")
                .with(TestUsers.officerWithPasskey("officer", org.evidencevault.common.DemoTeams.GENEVA)).with(csrf()).header("If-Match", "\"" + version + "\"")
                .contentType(MediaType.APPLICATION_JSON).content("{\"mandates\":[\"SR_HRD\"]}")).andReturn();
        assertThat(r.getResponse().getStatus()).as("share %s: %s", id, r.getResponse().getContentAsString()).isEqualTo(200);
        return json.readTree(r.getResponse().getContentAsString()).get("version").asLong();
    }

    /** POSTs {@code body} as the protection officer, expects 201 and returns the new id. */
    public String create(String path, JsonNode body) throws Exception {
        MvcResult r = mvc.perform(post(path).with(TestUsers.officerWithPasskey("officer", org.evidencevault.common.DemoTeams.GENEVA)).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))).andReturn();
        assertThat(r.getResponse().getStatus()).as("POST %s: %s", path, r.getResponse().getContentAsString()).isEqualTo(201);
        return json.readTree(r.getResponse().getContentAsString()).get("id").asString();
    }
}
