package org.evidencevault.incidents.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.bson.Document;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.SeedCaseRequests.Ids;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seed case (AL OTH 62/2023) through HTTP: register, read back decrypted, search (names in a POST body,
 * never in the URL), page, and who may do what.
 */
class IncidentApiTest extends ApiTestSupport {

    private static final String INCIDENTS = "/api/v1/incidents";
    private static final String DEFENDERS = "/api/v1/defenders";
    private static final String ORGANISATIONS = "/api/v1/organisations";
    // the team is the officer's (NeedToKnowTest checks it)
    private static final List<String> SERVER_FIELDS = List.of("id", "version", "team", "sharedWith", "createdAt", "updatedAt");

    @Autowired
    MongoDatabase db;

    private SeedCaseRequests seed;

    @BeforeEach
    void newSuffix() {
        seed = new SeedCaseRequests(mvc, json);
    }

    // ---- round trip -------------------------------------------------------------------------------

    @Test
    void registersSeedCaseIncidentAndReadsItBackDecrypted() throws Exception {
        Ids ids = seed.createParties();
        ObjectNode sent = seed.incident(ids);

        MvcResult created = perform(post(INCIDENTS).with(officer()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(sent)), 201);
        JsonNode body = parse(created.getResponse().getContentAsString());
        String id = body.get("id").asString();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(created.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo(INCIDENTS + "/" + id);
        assertThat(created.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(withoutServerFields(body)).isEqualTo(sent);

        MvcResult read = perform(get(created.getResponse().getHeader(HttpHeaders.LOCATION)).with(officer()), 200);
        assertThat(read.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        JsonNode got = parse(read.getResponse().getContentAsString());
        assertThat(withoutServerFields(got)).isEqualTo(sent);
        assertThat(got.get("id").asString()).isEqualTo(id);
        assertThat(got.get("version").asLong()).isEqualTo(1);
        Instant createdAt = Instant.parse(got.get("createdAt").asString());
        assertThat(createdAt).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(got.get("updatedAt").asString()).isEqualTo(got.get("createdAt").asString());

        // spot-check the parts the seed case is about, so the equality above is not vacuous
        assertThat(got.get("infectionEvents")).hasSize(5);
        assertThat(StreamSupport.stream(got.get("infectionEvents").spliterator(), false)
                .map(e -> e.get("date").get("value").asString() + "/" + e.get("date").get("precision").asString()).toList())
                .containsExactly("2022-06-22/DAY", "2022-06-23/DAY", "2022-07-13/DAY", "2022-09-24/DAY", "2022-09-29/DAY");
        JsonNode confirmation = got.get("forensicConfirmations").get(0);
        assertThat(confirmation.get("labOrganisationId").asString()).isEqualTo(ids.citizenLab());
        assertThat(confirmation.get("trigger").asString()).isEqualTo("APPLE_THREAT_NOTIFICATION");
        assertThat(confirmation.get("triggerDate").get("value").asString()).isEqualTo("2022-12-15");
        assertThat(confirmation.get("method").asString()).isEqualTo("LAB_PROPRIETARY");
        assertThat(confirmation.get("publishedOn").get("value").asString()).isEqualTo("2023-04-18");
        assertThat(confirmation.get("reportUrl").asString()).isEqualTo(SeedCaseRequests.REPORT_URL);
        assertThat(confirmation.get("confidence").asString()).isEqualTo("HIGH");
        assertThat(got.get("spyware").asString()).isEqualTo("PEGASUS");
        assertThat(got.get("vendorOrganisationId").asString()).isEqualTo(ids.nso());
        assertThat(got.get("suspectedOperatorOrganisationId").asString()).isEqualTo(ids.sedena());
        assertThat(got.get("operatorInvolvement").asString()).isEqualTo("SUSPECTED_OF_INVOLVEMENT");
        assertThat(got.get("defenderIds").toString()).isEqualTo("[\"" + ids.aguilar() + "\",\"" + ids.aguirre() + "\"]");
    }

    @Test
    void storesIncidentContentSealed() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        Document stored = db.getCollection("incidents").find(Filters.eq("_id", id)).first();
        assertThat(stored).isNotNull();
        String raw = stored.toJson();
        assertThat(raw).doesNotContain(seed.suffix).doesNotContain("Centro Prodh").doesNotContain("citizenlab.ca")
                .doesNotContain("2022-06-22").doesNotContain("Ayotzinapa");
        assertThat(stored.getList("defenderIds", String.class)).containsExactly(ids.aguilar(), ids.aguirre());
    }

    @Test
    void registersSeedCaseOrganisationAndDefenderAndReadsThemBack() throws Exception {
        ObjectNode org = seed.organisation("Centro de Derechos Humanos Miguel Agustín Pro Juárez A.C. " + seed.suffix,
                seed.prodhAcronym(), "MEX", "NGO");
        MvcResult orgCreated = perform(post(ORGANISATIONS).with(officer()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(org)), 201);
        String orgId = parse(orgCreated.getResponse().getContentAsString()).get("id").asString();
        assertThat(orgCreated.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo(ORGANISATIONS + "/" + orgId);
        assertThat(orgCreated.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        MvcResult orgRead = perform(get(ORGANISATIONS + "/" + orgId).with(officer()), 200);
        assertThat(orgRead.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        assertThat(withoutServerFields(parse(orgRead.getResponse().getContentAsString()))).isEqualTo(org);

        ObjectNode defender = seed.defender(seed.aguilarName(), orgId, "Coordinator of the International Area");
        // a PUBLIC_NAMING consent: recorded with a fresh passkey confirmation
        MvcResult created = perform(post(DEFENDERS).with(officerWithPasskey()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(defender)), 201);
        String id = parse(created.getResponse().getContentAsString()).get("id").asString();
        assertThat(created.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo(DEFENDERS + "/" + id);
        assertThat(created.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        MvcResult read = perform(get(DEFENDERS + "/" + id).with(officer()), 200);
        assertThat(read.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        JsonNode got = parse(read.getResponse().getContentAsString());
        assertThat(withoutServerFields(got)).isEqualTo(defender);
        assertThat(got.get("fullName").asString()).isEqualTo(SeedCaseRequests.AGUILAR + " " + seed.suffix);

        Document stored = db.getCollection("defenders").find(Filters.eq("_id", id)).first();
        assertThat(stored.toJson()).doesNotContain(seed.suffix).doesNotContain("Aguilar").doesNotContain(orgId);
    }

    // ---- search -----------------------------------------------------------------------------------

    @Test
    void findsIncidentByDefenderNameWhateverItsAccentsCaseAndSpacing() throws Exception {
        Ids ids = seed.createParties();
        String incident = seed.create(INCIDENTS, seed.incident(ids));
        String earlier = seed.create(INCIDENTS, seed.earlierIncident(ids));

        String typed = "  MARIA   luisa AGUILAR rodriguez " + seed.suffix.toLowerCase() + " ";
        JsonNode page = search(INCIDENTS, named("defenderName", typed));
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        assertThat(ids(page)).containsExactly(incident);
        assertThat(page.get("items").get(0).get("title").asString()).isEqualTo(SeedCaseRequests.TITLE + " " + seed.suffix);

        JsonNode aguirre = search(INCIDENTS, named("defenderName", "jorge santiago aguirre espinosa " + seed.suffix.toUpperCase()));
        assertThat(aguirre.get("totalItems").asLong()).isEqualTo(2);
        assertThat(ids(aguirre)).containsExactlyInAnyOrder(incident, earlier);
    }

    @Test
    void findsNothingForPartialOrMisspelledName() throws Exception {
        Ids ids = seed.createParties();
        seed.create(INCIDENTS, seed.incident(ids));
        for (String name : List.of("María Luisa Aguilar " + seed.suffix, "Maria Luisa Aguilar Rodriguez" + seed.suffix,
                seed.suffix, "Maria Luisa Aguilar Rodriguex " + seed.suffix)) {
            JsonNode page = search(INCIDENTS, named("defenderName", name));
            assertThat(page.get("totalItems").asLong()).as(name).isZero();
            assertThat(page.get("items")).as(name).isEmpty();
        }
    }

    @Test
    void findsDemoSeedIncidentByUnaccentedName() throws Exception {
        JsonNode page = search(INCIDENTS, named("defenderName", "Maria Luisa Aguilar Rodriguez").put("size", 200));
        List<String> titles = new ArrayList<>();
        page.get("items").forEach(i -> titles.add(i.get("title").asString()));
        assertThat(titles).contains("Pegasus infections of two Centro Prodh defenders, Jun–Sep 2022")
                .doesNotContain("Earlier Pegasus targeting of S. Aguirre");
        assertThat(page.get("totalItems").asLong()).isEqualTo(titles.size());
        JsonNode seedIncident = StreamSupport.stream(page.get("items").spliterator(), false)
                .filter(i -> i.get("title").asString().startsWith("Pegasus infections of two Centro Prodh")).findFirst().orElseThrow();
        assertThat(seedIncident.get("status").asString()).isEqualTo("CONFIRMED_INFECTION");
        assertThat(seedIncident.get("defenderIds")).hasSize(2);
        assertThat(seedIncident.get("infectionEvents")).hasSize(5);
        assertThat(seedIncident.get("forensicConfirmations").get(0).get("triggerDate").get("value").asString())
                .isEqualTo("2022-12-15");
    }

    @Test
    void findsDefenderByNameWhateverItsAccentsAndCase() throws Exception {
        Ids ids = seed.createParties();
        JsonNode page = search(DEFENDERS, named("name", "maría LUISA aguilar rodriguez  " + seed.suffix));
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        assertThat(ids(page)).containsExactly(ids.aguilar());
        JsonNode d = page.get("items").get(0);
        assertThat(d.get("fullName").asString()).isEqualTo(seed.aguilarName());
        assertThat(d.get("organisationId").asString()).isEqualTo(ids.prodh());
        assertThat(d.get("role").asString()).isEqualTo("Coordinator of the International Area");
    }

    @Test
    void findsDefendersByOrganisationAcronymOrName() throws Exception {
        Ids ids = seed.createParties();
        JsonNode byAcronym = search(DEFENDERS, named("organisation", seed.prodhAcronym().toLowerCase()));
        assertThat(byAcronym.get("totalItems").asLong()).isEqualTo(2);
        assertThat(ids(byAcronym)).containsExactlyInAnyOrder(ids.aguilar(), ids.aguirre());
        List<String> names = new ArrayList<>();
        byAcronym.get("items").forEach(d -> names.add(d.get("fullName").asString()));
        assertThat(names).containsExactlyInAnyOrder(seed.aguilarName(), seed.aguirreName());

        JsonNode byName = search(DEFENDERS,
                named("organisation", "centro de derechos humanos miguel agustin pro juarez a.c. " + seed.suffix));
        assertThat(ids(byName)).containsExactlyInAnyOrder(ids.aguilar(), ids.aguirre());

        JsonNode otherOrganisation = search(DEFENDERS, named("organisation", "SEDENA " + seed.suffix));
        assertThat(otherOrganisation.get("totalItems").asLong()).isZero();
    }

    @Test
    void defenderSearchNeedsExactlyOneCriterion() throws Exception {
        JsonNode none = problem(perform(searchRequest(DEFENDERS, json.createObjectNode()).with(officer()), 422));
        assertViolation(none, "name", "one-criterion");
        JsonNode both = problem(perform(searchRequest(DEFENDERS, named("name", "x").put("organisation", "y")).with(officer()), 422));
        assertViolation(both, "name", "one-criterion");
    }

    @Test
    void incidentAndOrganisationSearchesNeedTheName() throws Exception {
        for (ObjectNode body : List.of(json.createObjectNode(), named("defenderName", " "), json.createObjectNode().putNull("defenderName"))) {
            assertViolation(problem(perform(searchRequest(INCIDENTS, body).with(officer()), 422)), "defenderName", "required");
        }
        for (ObjectNode body : List.of(json.createObjectNode(), named("name", ""))) {
            assertViolation(problem(perform(searchRequest(ORGANISATIONS, body).with(officer()), 422)), "name", "required");
        }
    }

    @Test
    void searchesNeedAJsonBodyWithOnlyTheirFields() throws Exception {
        for (String collection : List.of(INCIDENTS, DEFENDERS, ORGANISATIONS)) {
            JsonNode noBody = problem(perform(post(collection + "/search").with(officer()), 400));
            assertViolation(noBody, "body", "json");
            JsonNode unknown = problem(perform(searchRequest(collection, named("fullName", "x")).with(officer()), 400));
            assertViolation(unknown, "fullName", "unknown-field");
        }
        // the defender search's criterion is "name", the incident search's is "defenderName": not interchangeable
        assertViolation(problem(perform(searchRequest(INCIDENTS, named("name", "x")).with(officer()), 400)), "name", "unknown-field");
    }

    @Test
    void organisationSearchFindsByNameOrAcronymAndTheListingTakesNoName() throws Exception {
        Ids ids = seed.createParties();
        JsonNode byAcronym = search(ORGANISATIONS, named("name", seed.prodhAcronym().toLowerCase()));
        assertThat(ids(byAcronym)).containsExactly(ids.prodh());
        JsonNode byName = search(ORGANISATIONS,
                named("name", "centro de derechos humanos miguel agustin pro juarez a.c. " + seed.suffix));
        assertThat(ids(byName)).containsExactly(ids.prodh());
        assertThat(search(ORGANISATIONS, named("name", "nobody " + seed.suffix)).get("totalItems").asLong()).isZero();
        JsonNode all = list(ORGANISATIONS + "?size=200");
        assertThat(all.get("totalItems").asLong()).isGreaterThan(1);
    }

    // ---- pagination -------------------------------------------------------------------------------

    @Test
    void pagesThroughDefendersOfAnOrganisation() throws Exception {
        Ids ids = seed.createParties();
        String org = seed.prodhAcronym();
        JsonNode first = search(DEFENDERS, named("organisation", org).put("page", 0).put("size", 1));
        JsonNode second = search(DEFENDERS, named("organisation", org).put("page", 1).put("size", 1));
        JsonNode beyond = search(DEFENDERS, named("organisation", org).put("page", 2).put("size", 1));
        for (JsonNode p : List.of(first, second, beyond)) {
            assertThat(p.get("totalItems").asLong()).isEqualTo(2);
            assertThat(p.get("size").asInt()).isEqualTo(1);
        }
        assertThat(first.get("page").asInt()).isZero();
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(beyond.get("page").asInt()).isEqualTo(2);
        assertThat(first.get("items")).hasSize(1);
        assertThat(second.get("items")).hasSize(1);
        assertThat(beyond.get("items")).isEmpty();
        List<String> both = new ArrayList<>(ids(first));
        both.addAll(ids(second));
        assertThat(both).containsExactlyInAnyOrder(ids.aguilar(), ids.aguirre());
    }

    @Test
    void pagesThroughIncidentsOfADefender() throws Exception {
        Ids ids = seed.createParties();
        String incident = seed.create(INCIDENTS, seed.incident(ids));
        String earlier = seed.create(INCIDENTS, seed.earlierIncident(ids));
        JsonNode first = search(INCIDENTS, named("defenderName", seed.aguirreName()).put("page", 0).put("size", 1));
        JsonNode second = search(INCIDENTS, named("defenderName", seed.aguirreName()).put("page", 1).put("size", 1));
        JsonNode beyond = search(INCIDENTS, named("defenderName", seed.aguirreName()).put("page", 2).put("size", 1));
        assertThat(first.get("totalItems").asLong()).isEqualTo(2);
        assertThat(second.get("totalItems").asLong()).isEqualTo(2);
        assertThat(first.get("items")).hasSize(1);
        assertThat(second.get("items")).hasSize(1);
        assertThat(beyond.get("items")).isEmpty();
        List<String> both = new ArrayList<>(ids(first));
        both.addAll(ids(second));
        assertThat(both).containsExactlyInAnyOrder(incident, earlier);
    }

    @Test
    void listsAllIncidentsWithDefaultPaging() throws Exception {
        Ids ids = seed.createParties();
        String incident = seed.create(INCIDENTS, seed.incident(ids));
        JsonNode defaults = list(INCIDENTS);
        assertThat(defaults.get("page").asInt()).isZero();
        assertThat(defaults.get("size").asInt()).isEqualTo(20);
        long total = defaults.get("totalItems").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3); // the two seed incidents and ours
        assertThat(defaults.get("items")).hasSize((int) Math.min(20, total));
        // every incident of the officer's case team (other tests of this shared context make incidents of other teams)
        assertThat(db.getCollection("incidents").countDocuments(com.mongodb.client.model.Filters.eq("team",
                org.evidencevault.common.DemoTeams.GENEVA))).isEqualTo(total);
        JsonNode all = list(INCIDENTS + "?size=200");
        assertThat(all.get("totalItems").asLong()).isEqualTo(total);
        assertThat(ids(all)).contains(incident);
    }

    @Test
    void searchesPageTwentyFromTheStartByDefault() throws Exception {
        for (String collection : List.of(INCIDENTS, DEFENDERS, ORGANISATIONS)) {
            JsonNode defaults = search(collection, named(collection.equals(INCIDENTS) ? "defenderName" : "name", "x"));
            assertThat(defaults.get("page").asInt()).as(collection).isZero();
            assertThat(defaults.get("size").asInt()).as(collection).isEqualTo(20);
            JsonNode nulls = search(collection, named(collection.equals(INCIDENTS) ? "defenderName" : "name", "x")
                    .putNull("page").putNull("size"));
            assertThat(nulls.get("page").asInt()).as(collection).isZero();
            assertThat(nulls.get("size").asInt()).as(collection).isEqualTo(20);
        }
    }

    @Test
    void rejectsPageSizeOutsideOneTo200() throws Exception {
        for (String path : List.of(INCIDENTS, ORGANISATIONS)) {
            for (String size : List.of("0", "201", "-1")) {
                JsonNode p = problem(perform(get(path + "?size=" + size).with(officer()), 422));
                assertViolation(p, "size", "range");
            }
            assertThat(list(path + "?size=200").get("size").asInt()).isEqualTo(200);
            assertThat(list(path + "?size=1").get("size").asInt()).isEqualTo(1);
        }
        for (String collection : List.of(INCIDENTS, DEFENDERS, ORGANISATIONS)) {
            String criterion = collection.equals(INCIDENTS) ? "defenderName" : "name";
            for (int size : new int[] {0, 201, -1}) {
                JsonNode p = problem(perform(searchRequest(collection, named(criterion, "x").put("size", size)).with(officer()), 422));
                assertViolation(p, "size", "range");
            }
            assertThat(search(collection, named(criterion, "x").put("size", 200)).get("size").asInt()).isEqualTo(200);
            assertThat(search(collection, named(criterion, "x").put("size", 1)).get("size").asInt()).isEqualTo(1);
        }
    }

    @Test
    void rejectsNegativePage() throws Exception {
        JsonNode p = problem(perform(get(INCIDENTS + "?page=-1").with(officer()), 422));
        assertViolation(p, "page", "min");
        for (String collection : List.of(INCIDENTS, DEFENDERS, ORGANISATIONS)) {
            String criterion = collection.equals(INCIDENTS) ? "defenderName" : "name";
            JsonNode s = problem(perform(searchRequest(collection, named(criterion, "x").put("page", -1)).with(officer()), 422));
            assertViolation(s, "page", "min");
        }
    }

    @Test
    void rejectsNonNumericPaging() throws Exception {
        JsonNode p = problem(perform(get(INCIDENTS + "?size=ten").with(officer()), 400));
        assertViolation(p, "size", "type");
        for (String collection : List.of(INCIDENTS, DEFENDERS, ORGANISATIONS)) {
            String criterion = collection.equals(INCIDENTS) ? "defenderName" : "name";
            for (ObjectNode body : List.of(named(criterion, "x").put("size", "ten"), named(criterion, "x").put("size", "20"),
                    named(criterion, "x").put("size", 1.5), named(criterion, "x").put("size", true),
                    named(criterion, "x").put("size", 3_000_000_000L))) {
                JsonNode s = problem(perform(searchRequest(collection, body).with(officer()), 400));
                assertViolation(s, "size", "type");
            }
            JsonNode s = problem(perform(searchRequest(collection, named(criterion, "x").put("page", "1")).with(officer()), 400));
            assertViolation(s, "page", "type");
        }
    }

    // ---- roles and authentication -----------------------------------------------------------------

    @Test
    void rapporteurReadsIncidents() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        seed.shareWithRapporteur(id, 1);
        JsonNode got = parse(perform(get(INCIDENTS + "/" + id).with(rapporteur()), 200).getResponse().getContentAsString());
        assertThat(got.get("title").asString()).isEqualTo(SeedCaseRequests.TITLE + " " + seed.suffix);
        JsonNode page = parse(perform(searchRequest(INCIDENTS, named("defenderName", seed.aguilarName())).with(rapporteur()), 200)
                .getResponse().getContentAsString());
        assertThat(ids(page)).containsExactly(id);
    }

    @Test
    void rapporteurGets403ProblemOnRegisterAndNothingIsStored() throws Exception {
        Ids ids = seed.createParties();
        long before = db.getCollection("incidents").countDocuments();
        MvcResult r = perform(post(INCIDENTS).with(rapporteur()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(seed.incident(ids))), 403);
        JsonNode p = problem(r);
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:forbidden");
        assertThat(p.get("status").asInt()).isEqualTo(403);
        assertThat(db.getCollection("incidents").countDocuments()).isEqualTo(before);
    }

    @Test
    void rapporteurGets403ProblemOnRevise() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        ObjectNode changed = seed.incident(ids).put("title", "changed by a rapporteur");
        JsonNode p = problem(perform(put(INCIDENTS + "/" + id).with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(changed)), 403));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:forbidden");
        JsonNode got = parse(perform(get(INCIDENTS + "/" + id).with(officer()), 200).getResponse().getContentAsString());
        assertThat(got.get("version").asLong()).isEqualTo(1);
        assertThat(got.get("title").asString()).isEqualTo(SeedCaseRequests.TITLE + " " + seed.suffix);
    }

    @Test
    void auditorGets403ProblemOnIncidentReads() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        for (MockHttpServletRequestBuilder read : List.of(get(INCIDENTS + "/" + id), get(INCIDENTS),
                searchRequest(INCIDENTS, named("defenderName", seed.aguilarName())),
                searchRequest(DEFENDERS, named("name", seed.aguilarName())),
                searchRequest(ORGANISATIONS, named("name", seed.prodhAcronym())))) {
            MvcResult r = perform(read.with(auditor()), 403);
            JsonNode p = problem(r);
            assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:forbidden");
            assertThat(r.getResponse().getContentAsString()).doesNotContain(seed.suffix).doesNotContain("Pegasus");
        }
    }

    @Test
    void unauthenticatedGets401Problem() throws Exception {
        Ids ids = seed.createParties();
        String id = seed.create(INCIDENTS, seed.incident(ids));
        long before = db.getCollection("incidents").countDocuments();
        for (MockHttpServletRequestBuilder request : List.of(get(INCIDENTS + "/" + id), get(INCIDENTS),
                searchRequest(INCIDENTS, named("defenderName", seed.aguilarName())).with(csrf()),
                searchRequest(DEFENDERS, named("name", seed.aguilarName())).with(csrf()),
                searchRequest(ORGANISATIONS, named("name", seed.prodhAcronym())).with(csrf()),
                post(INCIDENTS).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(seed.incident(ids))))) {
            MvcResult r = perform(request, 401);
            JsonNode p = problem(r);
            assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:unauthenticated");
            assertThat(p.get("status").asInt()).isEqualTo(401);
            assertThat(r.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
            assertThat(r.getResponse().getContentAsString()).doesNotContain(seed.suffix);
        }
        assertThat(db.getCollection("incidents").countDocuments()).isEqualTo(before);
    }

    @Test
    void unknownIncidentIs404Problem() throws Exception {
        JsonNode p = problem(perform(get(INCIDENTS + "/" + UUID.randomUUID()).with(officer()), 404));
        assertThat(p.get("type").asString()).isEqualTo("urn:evidence-vault:problem:not-found");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private MvcResult perform(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(expectedStatus);
        return r;
    }

    private JsonNode list(String uriTemplate, Object... vars) throws Exception {
        MvcResult r = perform(get(uriTemplate, vars).with(officer()), 200);
        return parse(r.getResponse().getContentAsString());
    }

    /** {@code POST <collection>/search} with a JSON body (the caller adds who sends it). */
    private MockHttpServletRequestBuilder searchRequest(String collection, JsonNode body) {
        return post(collection + "/search").contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
    }

    private JsonNode search(String collection, JsonNode body) throws Exception {
        return parse(perform(searchRequest(collection, body).with(officer()), 200).getResponse().getContentAsString());
    }

    private ObjectNode named(String field, String value) {
        return json.createObjectNode().put(field, value);
    }

    private JsonNode problem(MvcResult r) throws Exception {
        assertThat(r.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode p = parse(r.getResponse().getContentAsString());
        assertThat(p.get("status").asInt()).isEqualTo(r.getResponse().getStatus());
        assertThat(p.get("type").asString()).startsWith("urn:evidence-vault:problem:");
        return p;
    }

    private static void assertViolation(JsonNode problem, String field, String rule) {
        List<String> violations = new ArrayList<>();
        problem.get("violations").forEach(v -> violations.add(v.get("field").asString() + ":" + v.get("rule").asString()));
        assertThat(violations).containsExactly(field + ":" + rule);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    private static JsonNode withoutServerFields(JsonNode body) {
        return ((ObjectNode) body.deepCopy()).without(SERVER_FIELDS);
    }
}
