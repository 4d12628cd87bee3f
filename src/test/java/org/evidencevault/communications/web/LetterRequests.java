package org.evidencevault.communications.web;

import org.evidencevault.support.TestUsers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Letter bodies modelled on the seed (AL OTH 62/2023 and the earlier letters to NSO Group), addressed to a
 * suffixed company name and numbered from a random base, so letters created by one test never collide with
 * the demo seed's letters (62/2023, 211/2021, 2/2020, 52/2019) nor with another test's.
 */
final class LetterRequests {

    static final String COMMUNICATIONS = "/api/v1/communications";
    /** The seed letter's own mandates and Human Rights Council resolutions. */
    static final String[][] MANDATES = {{"SR_HRD", "52/4"}, {"WG_BUSINESS_HR", "44/15"}, {"SR_FREEDOM_EXPRESSION", "52/9"},
            {"SR_FOAA", "50/17"}, {"SR_PRIVACY", "46/16"}};

    private static final AtomicInteger NEXT = new AtomicInteger(10_000 + ThreadLocalRandom.current().nextInt(60_000));

    private final MockMvc mvc;
    private final JsonMapper json;
    final String suffix;

    LetterRequests(MockMvc mvc, JsonMapper json) {
        this.mvc = mvc;
        this.json = json;
        this.suffix = "Zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** An addressee name of this instance's own, e.g. "NSO Group Zq1a2b3c4d". */
    String company() {
        return "NSO Group " + suffix;
    }

    /** A fresh letter number, never used before in this JVM. */
    static int number() {
        return NEXT.getAndIncrement();
    }

    /** A minimal valid letter to this instance's company: reference, name, sent date. */
    ObjectNode letter(int number, String sentOn) {
        return json.createObjectNode()
                .put("reference", "AL OTH " + number + "/" + sentOn.substring(0, 4))
                .put("addresseeName", company())
                .put("sentOn", sentOn);
    }

    /** A full letter like AL OTH 62/2023: mandates, signatories, summary, documents, parallel letters, citations. */
    ObjectNode fullLetter(int number, String sentOn, String incidentId, String citedReference) {
        ObjectNode l = letter(number, sentOn).put("summary", "Alleged Pegasus infections of two defenders " + suffix);
        var mandates = l.putArray("mandates");
        for (String[] m : MANDATES) {
            mandates.addObject().put("code", m[0]).put("hrcResolution", m[1]);
        }
        var signatories = l.putArray("signatories");
        signatories.addObject().put("name", "Mary Lawlor").put("title", "Special Rapporteur on the situation of human rights defenders");
        signatories.addObject().put("name", "Irene Khan");
        l.putArray("citedDocuments").add("A/HRC/53/24/Add.2").add("A/HRC/47/39/Add.2").add("A/HRC/17/31");
        var parallel = l.putArray("parallelLetters");
        parallel.addObject().put("addressee", "ISR");
        parallel.addObject().put("addressee", "MEX").put("reference", "AL MEX 4/" + sentOn.substring(0, 4));
        if (incidentId != null) {
            l.putArray("citedIncidents").addObject().put("incidentId", incidentId).put("note", "paras 6-9 " + suffix);
        }
        if (citedReference != null) {
            l.putArray("citedCommunications").addObject().put("reference", citedReference).put("note", "see " + suffix);
        }
        l.putArray("redactions").addObject().put("kind", "NAME").put("note", "a relative's name withheld " + suffix);
        l.putObject("letterDocument").put("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .put("reference", "https://spcommreports.ohchr.org/ " + suffix);
        return l;
    }

    ObjectNode reply(String receivedOn) {
        return json.createObjectNode().put("receivedOn", receivedOn).put("from", company())
                .put("summary", "The company's answer " + suffix);
    }

    /** POSTs a letter as the rapporteur, expects 201 and returns the new id. */
    String create(JsonNode body) throws Exception {
        MvcResult r = mvc.perform(post(COMMUNICATIONS).with(TestUsers.loggedIn("rapporteur", "RAPPORTEUR")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))).andReturn();
        assertThat(r.getResponse().getStatus()).as("POST: %s", r.getResponse().getContentAsString()).isEqualTo(201);
        return json.readTree(r.getResponse().getContentAsString()).get("id").asString();
    }

    /** The id of the demo seed's incident inc-prodh-2022, found by a defender's name and the title. */
    String seedIncidentId() throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/incidents/search").with(TestUsers.loggedIn("rapporteur", "RAPPORTEUR")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(json.createObjectNode().put("defenderName", "María Luisa Aguilar Rodríguez"))))
                .andReturn();
        JsonNode page = json.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
        for (JsonNode i : page.get("items")) {
            if (i.get("title").asString().equals("Pegasus infections of two Centro Prodh defenders, Jun–Sep 2022")) {
                return i.get("id").asString();
            }
        }
        throw new AssertionError("seed incident not found: " + page);
    }
}
