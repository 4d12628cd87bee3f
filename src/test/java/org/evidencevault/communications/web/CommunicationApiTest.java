package org.evidencevault.communications.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.communications.web.LetterRequests.COMMUNICATIONS;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
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
 * UN communications through HTTP, with the demo seed's letters to NSO Group as fixtures: one call per
 * question a rapporteur asks (which incidents does AL OTH 62/2023 cite, which letters cite this incident,
 * which letters are waiting for a reply, what did the company answer and when), plus registration, replies,
 * concurrency, sealing, audit entries, import and who may do what.
 */
class CommunicationApiTest extends ApiTestSupport {

    @Autowired
    MongoDatabase db;

    private LetterRequests letters;

    @BeforeEach
    void setUp() {
        letters = new LetterRequests(mvc, json);
    }

    // ---- the seed letters: the four questions, one call each -----------------------------------------

    @Test
    void whichIncidentsDoesAlOth62Of2023Cite() throws Exception {
        String incident = letters.seedIncidentId();
        JsonNode page = read(get(COMMUNICATIONS + "/OTH-62-2023/incidents"));
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("incidentId").asString()).isEqualTo(incident);
        assertThat(page.get("items").get(0).get("note").asString()).contains("According to the information received");
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
    }

    @Test
    void whichLettersCiteThisIncident() throws Exception {
        String incident = letters.seedIncidentId();
        JsonNode page = read(get("/api/v1/incidents/" + incident + "/communications"));
        assertThat(references(page)).containsExactly("AL OTH 62/2023");
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("id").asString()).isEqualTo("OTH-62-2023");
        assertThat(item.get("addressee").asString()).isEqualTo("OTH");
        assertThat(item.get("addresseeName").asString()).isEqualTo("NSO Group");
        assertThat(item.get("sentOn").asString()).isEqualTo("2023-07-03");
        assertThat(item.get("note").asString()).isNotBlank();

        perform(get("/api/v1/incidents/00000000-0000-4000-8000-000000000000/communications").with(rapporteur()), 404);
    }

    @Test
    void whichLettersToNsoGroupAreStillWaitingForAReply() throws Exception {
        JsonNode page = read(get(COMMUNICATIONS + "/awaiting-reply").param("addressee", "OTH")
                .param("addresseeName", "NSO Group").param("overdue", "true"));
        assertThat(references(page)).containsExactly("AL OTH 62/2023");
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("replyDueOn").asString()).isEqualTo("2023-09-01");
        assertThat(item.get("overdue").asBoolean()).isTrue();
        assertThat(item.get("daysOverdue").asLong())
                .isEqualTo(java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse("2023-09-01"), today()));
        assertThat(item.get("mandates")).hasSize(5);

        assertThat(references(read(get(COMMUNICATIONS + "/awaiting-reply").param("addresseeName", "nso group")
                .param("mandate", "SR_PRIVACY")))).containsExactly("AL OTH 62/2023");
        assertThat(read(get(COMMUNICATIONS + "/awaiting-reply").param("addresseeName", "NSO Group")
                .param("mandate", "SR_TORTURE")).get("totalItems").asLong()).isZero();
        assertThat(read(get(COMMUNICATIONS + "/awaiting-reply").param("addresseeName", "NSO Group")
                .param("overdue", "false")).get("totalItems").asLong()).isZero();
    }

    @Test
    void whatDidTheCompanyAnswerAndWhen() throws Exception {
        JsonNode page = read(get(COMMUNICATIONS + "/timeline").param("addresseeName", "NSO Group"));
        assertThat(references(page)).containsExactly("AL OTH 52/2019", "AL OTH 2/2020", "AL OTH 211/2021", "AL OTH 62/2023");
        List<String> rows = new ArrayList<>();
        for (JsonNode i : page.get("items")) {
            rows.add(i.get("sentOn").asString() + " " + text(i, "replyReceivedOn") + " " + text(i, "lagDays") + " "
                    + text(i, "late"));
        }
        assertThat(rows).containsExactly(
                "2019-10-18 2019-12-10 53 false",
                "2020-02-20 2020-06-01 102 true",
                "2021-08-04 2021-09-20 47 false",
                "2023-07-03 - - -");
        JsonNode last = page.get("items").get(3);
        assertThat(last.get("awaitingReply").asBoolean()).isTrue();
        assertThat(last.get("overdue").asBoolean()).isTrue();
        JsonNode answer = page.get("items").get(2).get("replies").get(0);
        assertThat(answer.get("from").asString()).isEqualTo("NSO Group");
        assertThat(answer.get("summary").asString()).contains("naturally very concerning");
        assertThat(answer.get("late").asBoolean()).isFalse();
        assertThat(answer.get("lagDays").asLong()).isEqualTo(47);
    }

    // ---- the seed letters: identity, content, thread --------------------------------------------------

    @Test
    void bothFormsOfAReferenceResolveToTheSameLetter() throws Exception {
        JsonNode cited = read(get(COMMUNICATIONS + "/by-reference").param("ref", "OTH 211/2021"));
        JsonNode printed = read(get(COMMUNICATIONS + "/by-reference").param("ref", "AL OTH 211/2021"));
        JsonNode byId = read(get(COMMUNICATIONS + "/OTH-211-2021"));
        assertThat(cited).isEqualTo(printed).isEqualTo(byId);
        assertThat(cited.get("id").asString()).isEqualTo("OTH-211-2021");
        assertThat(cited.get("reference").asString()).isEqualTo("AL OTH 211/2021");
        assertThat(read(get(COMMUNICATIONS + "/by-reference").param("ref", "  al oth 211/2021 ")).get("id").asString())
                .isEqualTo("OTH-211-2021");
        perform(get(COMMUNICATIONS + "/by-reference").param("ref", "OTH 212/2021").with(rapporteur()), 404);
        perform(get(COMMUNICATIONS + "/OTH-212-2021").with(rapporteur()), 404);
        perform(get(COMMUNICATIONS + "/not-an-id").with(rapporteur()), 404);
    }

    @Test
    void theSeedLetterAsRecorded() throws Exception {
        MvcResult r = perform(get(COMMUNICATIONS + "/OTH-62-2023").with(rapporteur()), 200);
        assertThat(r.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        JsonNode l = parse(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(l.get("reference").asString()).isEqualTo("AL OTH 62/2023");
        assertThat(l.get("type").asString()).isEqualTo("AL");
        assertThat(l.get("addressee").asString()).isEqualTo("OTH");
        assertThat(l.get("number").asInt()).isEqualTo(62);
        assertThat(l.get("year").asInt()).isEqualTo(2023);
        assertThat(l.get("addresseeName").asString()).isEqualTo("NSO Group");
        assertThat(l.get("sentOn").asString()).isEqualTo("2023-07-03");
        assertThat(l.get("replyWindowDays").asInt()).isEqualTo(60);
        assertThat(l.get("replyDueOn").asString()).isEqualTo("2023-09-01");
        assertThat(l.get("publicationDate").asString()).isEqualTo("2023-09-01");
        assertThat(l.get("awaitingReply").asBoolean()).isTrue();
        List<String> mandates = new ArrayList<>();
        l.get("mandates").forEach(m -> mandates.add(m.get("code").asString() + " " + m.get("hrcResolution").asString()));
        assertThat(mandates).containsExactly("SR_HRD 52/4", "WG_BUSINESS_HR 44/15", "SR_FREEDOM_EXPRESSION 52/9",
                "SR_FOAA 50/17", "SR_PRIVACY 46/16");
        List<String> signatories = new ArrayList<>();
        l.get("signatories").forEach(s -> signatories.add(s.get("name").asString()));
        assertThat(signatories).containsExactly("Mary Lawlor", "Pichamon Yeophantong", "Irene Khan",
                "Clement Nyaletsossi Voule", "Ana Brian Nougrères");
        assertThat(strings(l.get("citedDocuments"))).containsExactly("A/HRC/53/24/Add.2", "A/HRC/47/39/Add.2", "A/HRC/17/31");
        assertThat(l.get("parallelLetters").toString()).isEqualTo("[{\"addressee\":\"ISR\"},{\"addressee\":\"MEX\"}]");
        List<String> cited = new ArrayList<>();
        l.get("citedCommunications").forEach(c -> cited.add(c.get("reference").asString() + "=" + c.get("id").asString()));
        assertThat(cited).containsExactly("OTH 211/2021=OTH-211-2021", "OTH 2/2020=OTH-2-2020", "OTH 52/2019=OTH-52-2019");
        assertThat(l.get("citedIncidents")).hasSize(1);
        assertThat(l.get("publiclyNamedDefenderIds")).hasSize(2);
        assertThat(l.get("summary").asString()).contains("Centro Prodh");
        assertThat(l.get("replies")).isEmpty();

        JsonNode citedBy = read(get(COMMUNICATIONS + "/OTH-211-2021/cited-by"));
        assertThat(references(citedBy)).containsExactly("AL OTH 62/2023");
    }

    @Test
    void threadOfOneAddresseeInDateOrder() throws Exception {
        JsonNode page = read(get(COMMUNICATIONS).param("addressee", "OTH").param("addresseeName", "NSO Group"));
        assertThat(references(page)).containsExactly("AL OTH 52/2019", "AL OTH 2/2020", "AL OTH 211/2021", "AL OTH 62/2023");
        assertThat(page.get("totalItems").asLong()).isEqualTo(4);
        JsonNode second = read(get(COMMUNICATIONS).param("addresseeName", "NSO Group").param("page", "1").param("size", "3"));
        assertThat(references(second)).containsExactly("AL OTH 62/2023");
        assertThat(second.get("totalItems").asLong()).isEqualTo(4);
        assertThat(read(get(COMMUNICATIONS).param("addressee", "MEX").param("addresseeName", "NSO Group"))
                .get("totalItems").asLong()).isZero();
    }

    // ---- registering, replying, revising ---------------------------------------------------------------

    @Test
    void registersALetterLikeTheSeedAndReadsItBack() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.incident(seed.createParties()));
        // a rapporteur cites what they may see: an incident shared with their mandate, whose defenders consent
        seed.shareWithRapporteur(incident, 1);
        int earlier = LetterRequests.number();
        letters.create(letters.letter(earlier, "2023-11-20"));
        int n = LetterRequests.number();
        ObjectNode body = letters.fullLetter(n, "2024-03-05", incident, "OTH " + earlier + "/2023");
        MvcResult created = perform(post(COMMUNICATIONS).with(rapporteur()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)), 201);
        String id = "OTH-" + n + "-2024";
        assertThat(created.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo(COMMUNICATIONS + "/" + id);
        assertThat(created.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"1\"");
        JsonNode got = read(get(COMMUNICATIONS + "/" + id));
        assertThat(got).isEqualTo(parse(created.getResponse().getContentAsString(StandardCharsets.UTF_8)));
        for (String field : List.of("addresseeName", "summary", "mandates", "signatories", "citedDocuments", "citedIncidents",
                "redactions", "letterDocument")) {
            assertThat(got.get(field)).as(field).isEqualTo(body.get(field));
        }
        assertThat(got.get("parallelLetters")).isEqualTo(body.get("parallelLetters"));
        assertThat(got.get("citedCommunications").get(0).get("id").asString()).isEqualTo("OTH-" + earlier + "-2023");
        assertThat(got.get("citedCommunications").get(0).get("note").asString()).isEqualTo("see " + letters.suffix);
        assertThat(got.get("replyDueOn").asString()).isEqualTo("2024-05-04");

        // both directions of the new citations
        assertThat(read(get(COMMUNICATIONS + "/" + id + "/incidents").param("page", "1").param("size", "1"))
                .get("items")).isEmpty();
        assertThat(read(get(COMMUNICATIONS + "/" + id + "/incidents")).get("items").get(0).get("incidentId").asString())
                .isEqualTo(incident);
        assertThat(references(read(get("/api/v1/incidents/" + incident + "/communications"))))
                .containsExactly("AL OTH " + n + "/2024");
        assertThat(references(read(get(COMMUNICATIONS + "/OTH-" + earlier + "-2023/cited-by"))))
                .containsExactly("AL OTH " + n + "/2024");
    }

    @Test
    void storesTheLetterSealedAndAuditsEachChangeAndRead() throws Exception {
        int n = LetterRequests.number();
        long mark = auditSize();
        String id = letters.create(letters.fullLetter(n, "2024-03-06", null, null));
        Document stored = db.getCollection("communications").find(Filters.eq("_id", id)).first();
        assertThat(stored).isNotNull();
        String raw = stored.toJson();
        assertThat(raw).as("sealed: addressee name, summary, notes, redactions, document location")
                .doesNotContain(letters.suffix).doesNotContain("NSO Group").doesNotContain("Pegasus")
                .doesNotContain("spcommreports");
        assertThat(raw).as("plain: reference, dates, mandates, signatories, symbols")
                .contains("AL OTH " + n + "/2024").contains("2024-03-06").contains("SR_HRD").contains("Mary Lawlor")
                .contains("A/HRC/53/24/Add.2");
        assertThat(claims(mark)).containsExactly("communication/" + id + "@1");

        read(get(COMMUNICATIONS + "/" + id));
        assertThat(actions(mark)).contains("communication.register", "communication.read");
        long beforeReply = auditSize();
        perform(post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf()).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(letters.reply("2024-04-01"))), 200);
        assertThat(claims(beforeReply)).containsExactly("communication/" + id + "@2");
        assertThat(db.getCollection("audit_log").find().into(new ArrayList<>()).toString()).doesNotContain(letters.suffix);
    }

    @Test
    void aLateReplyIsRecordedAndFlagged() throws Exception {
        int n = LetterRequests.number();
        String id = letters.create(letters.letter(n, "2024-01-10"));
        MvcResult r = perform(post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(letters.reply("2024-06-01"))), 200);
        assertThat(r.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        JsonNode l = parse(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(l.get("replyDueOn").asString()).isEqualTo("2024-03-10");
        assertThat(l.get("awaitingReply").asBoolean()).isFalse();
        JsonNode reply = l.get("replies").get(0);
        assertThat(reply.get("late").asBoolean()).isTrue();
        assertThat(reply.get("lagDays").asLong()).isEqualTo(143);
        assertThat(reply.get("summary").asString()).isEqualTo("The company's answer " + letters.suffix);

        JsonNode timeline = read(get(COMMUNICATIONS + "/timeline").param("addresseeName", letters.company()));
        assertThat(timeline.get("items").get(0).get("late").asBoolean()).isTrue();
        assertThat(timeline.get("items").get(0).get("lagDays").asLong()).isEqualTo(143);
    }

    @Test
    void repliesNameTheVersionTheyAnswer() throws Exception {
        int n = LetterRequests.number();
        String id = letters.create(letters.letter(n, "2024-01-11"));
        String reply = json.writeValueAsString(letters.reply("2024-02-01"));
        perform(post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(reply), 428);
        perform(post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf()).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(reply), 200);
        MvcResult stale = perform(post(COMMUNICATIONS + "/" + id + "/replies").with(rapporteur()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON).content(reply), 412);
        assertThat(stale.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        assertThat(read(get(COMMUNICATIONS + "/" + id)).get("replies")).hasSize(1);
    }

    @Test
    void revisesALetterAgainstItsVersion() throws Exception {
        int n = LetterRequests.number();
        String id = letters.create(letters.letter(n, "2024-02-01"));
        ObjectNode revised = letters.letter(n, "2024-02-02").put("reference", "JAL OTH " + n + "/2024")
                .put("summary", "revised " + letters.suffix).put("replyWindowDays", 30);
        MvcResult r = perform(put(COMMUNICATIONS + "/" + id).with(rapporteur()).with(csrf()).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(revised)), 200);
        JsonNode l = parse(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(l.get("version").asLong()).isEqualTo(2);
        assertThat(l.get("type").asString()).isEqualTo("JAL");
        assertThat(l.get("replyDueOn").asString()).isEqualTo("2024-03-03");
        perform(put(COMMUNICATIONS + "/" + id).with(rapporteur()).with(csrf()).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(revised)), 412);
    }

    @Test
    void aLetterWithinItsDeadlineAwaitsButIsNotOverdue() throws Exception {
        LocalDate sent = today().minusDays(10);
        if (sent.getYear() != today().getYear()) {
            sent = today();
        }
        int n = LetterRequests.number();
        letters.create(letters.letter(n, sent.toString()));
        String ref = "AL OTH " + n + "/" + sent.getYear();
        assertThat(references(read(get(COMMUNICATIONS + "/awaiting-reply").param("addresseeName", letters.company())
                .param("overdue", "false")))).containsExactly(ref);
        assertThat(read(get(COMMUNICATIONS + "/awaiting-reply").param("addresseeName", letters.company())
                .param("overdue", "true")).get("totalItems").asLong()).isZero();
        JsonNode all = read(get(COMMUNICATIONS + "/awaiting-reply").param("addresseeName", letters.company()));
        assertThat(all.get("items").get(0).get("overdue").asBoolean()).isFalse();
        assertThat(all.get("items").get(0).get("daysOverdue").asLong()).isZero();
    }

    @Test
    void namingADefenderPubliclyNeedsTheirConsent() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String consenting = seed.create("/api/v1/defenders", seed.defender(seed.aguilarName(), null, "Coordinator"));
        ObjectNode noConsent = seed.defender(seed.aguirreName(), null, "Director");
        // consents to the case going to the UN (so the rapporteur sees them), not to being named publicly
        ((tools.jackson.databind.node.ArrayNode) noConsent.get("consents")).remove(0);
        String notConsenting = seed.create("/api/v1/defenders", noConsent);
        ObjectNode naming = seed.minimalIncident(consenting, "Both defenders " + seed.suffix);
        ((tools.jackson.databind.node.ArrayNode) naming.get("defenderIds")).add(notConsenting);
        seed.shareWithRapporteur(seed.create("/api/v1/incidents", naming), 1);

        ObjectNode ok = letters.letter(LetterRequests.number(), "2023-07-10");
        ok.putArray("publiclyNamedDefenderIds").add(consenting);
        ok.putArray("redactions").addObject().put("kind", "NAME").put("defenderId", notConsenting).put("note", "no consent");
        String id = letters.create(ok);
        assertThat(read(get(COMMUNICATIONS + "/" + id)).get("publiclyNamedDefenderIds").get(0).asString()).isEqualTo(consenting);

        // the consent was granted 2023-04-18: a letter published before that date may not name them
        ObjectNode early = letters.letter(LetterRequests.number(), "2023-01-05");
        early.putArray("publiclyNamedDefenderIds").add(consenting).add(notConsenting);
        JsonNode p = problem(perform(post(COMMUNICATIONS).with(rapporteur()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(early)), 422));
        assertThat(fieldRules(p)).containsExactlyInAnyOrder("publiclyNamedDefenderIds[0]:public-naming-consent",
                "publiclyNamedDefenderIds[1]:public-naming-consent");
    }

    // ---- import -----------------------------------------------------------------------------------------

    @Test
    void importsABatchWhoseLettersCiteEachOtherInAnyOrder() throws Exception {
        int a = LetterRequests.number();
        int b = LetterRequests.number();
        int c = LetterRequests.number();
        ObjectNode newest = letters.letter(c, "2024-05-01");
        var cites = newest.putArray("citedCommunications");
        cites.addObject().put("reference", "OTH " + b + "/2023");
        cites.addObject().put("reference", "AL OTH " + a + "/2022").put("note", "first");
        ObjectNode middle = letters.letter(b, "2023-05-01");
        middle.putArray("citedCommunications").addObject().put("reference", "OTH " + a + "/2022");
        middle.putArray("replies").add(letters.reply("2023-08-01"));
        ObjectNode oldest = letters.letter(a, "2022-05-01");
        ObjectNode batch = json.createObjectNode();
        batch.putArray("communications").add(newest).add(middle).add(oldest);

        MvcResult r = perform(post(COMMUNICATIONS + "/import").with(rapporteur()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(batch)), 200);
        JsonNode result = parse(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(result.get("imported").asInt()).isEqualTo(3);
        List<String> written = new ArrayList<>();
        result.get("items").forEach(i -> written.add(i.get("reference").asString()));
        assertThat(written).as("written in sent-date order").containsExactly(
                "AL OTH " + a + "/2022", "AL OTH " + b + "/2023", "AL OTH " + c + "/2024");

        JsonNode timeline = read(get(COMMUNICATIONS + "/timeline").param("addressee", "OTH").param("addresseeName", letters.company()));
        assertThat(references(timeline)).containsExactly("AL OTH " + a + "/2022", "AL OTH " + b + "/2023", "AL OTH " + c + "/2024");
        assertThat(timeline.get("items").get(1).get("late").asBoolean()).isTrue();
        assertThat(references(read(get(COMMUNICATIONS + "/OTH-" + a + "-2022/cited-by"))))
                .containsExactly("AL OTH " + b + "/2023", "AL OTH " + c + "/2024");
    }

    @Test
    void oneBadRecordRejectsTheWholeBatchAndNothingIsStored() throws Exception {
        int a = LetterRequests.number();
        int b = LetterRequests.number();
        ObjectNode good = letters.letter(a, "2022-05-01");
        ObjectNode citesLater = letters.letter(b, "2022-04-01");
        citesLater.putArray("citedCommunications").addObject().put("reference", "OTH " + a + "/2022");
        ObjectNode duplicate = letters.letter(a, "2022-06-01").put("reference", "UA OTH " + a + "/2022");
        ObjectNode seedDuplicate = letters.letter(211, "2021-08-04");
        ObjectNode batch = json.createObjectNode();
        batch.putArray("communications").add(good).add(citesLater).add(duplicate).add(seedDuplicate);
        long before = db.getCollection("communications").countDocuments();
        long keys = db.getCollection("data_keys").countDocuments();
        JsonNode p = problem(perform(post(COMMUNICATIONS + "/import").with(rapporteur()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(batch)), 422));
        assertThat(fieldRules(p)).containsExactlyInAnyOrder(
                "communications[1].citedCommunications[0].reference:cites-earlier-only",
                "communications[2].reference:duplicate",
                "communications[3].reference:duplicate");
        assertThat(db.getCollection("communications").countDocuments()).isEqualTo(before);
        assertThat(db.getCollection("data_keys").countDocuments()).isEqualTo(keys);
        perform(get(COMMUNICATIONS + "/OTH-" + a + "-2022").with(rapporteur()), 404);
    }

    // ---- who may do what --------------------------------------------------------------------------------

    @Test
    void rapporteursWriteOfficersReadAuditorsNeither() throws Exception {
        String body = json.writeValueAsString(letters.letter(LetterRequests.number(), "2024-02-03"));
        perform(post(COMMUNICATIONS).with(officer()).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body), 403);
        perform(post(COMMUNICATIONS).with(auditor()).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body), 403);
        perform(post(COMMUNICATIONS + "/import").with(officer()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"communications\": [" + body + "]}"), 403);
        perform(get(COMMUNICATIONS + "/OTH-62-2023").with(officer()), 200);
        perform(get(COMMUNICATIONS + "/OTH-62-2023").with(auditor()), 403);
        perform(get(COMMUNICATIONS + "/awaiting-reply").with(auditor()), 403);
        perform(get(COMMUNICATIONS + "/OTH-62-2023").with(admin()), 403);
        perform(get(COMMUNICATIONS + "/OTH-62-2023"), 401);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private JsonNode read(MockHttpServletRequestBuilder request) throws Exception {
        return parse(perform(request.with(rapporteur()), 200).getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private MvcResult perform(org.springframework.test.web.servlet.RequestBuilder request, int status) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(status);
        return r;
    }

    private JsonNode problem(MvcResult r) throws Exception {
        assertThat(r.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return parse(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static List<String> fieldRules(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.get("violations").forEach(v -> out.add(v.get("field").asString() + ":" + v.get("rule").asString()));
        return out;
    }

    private static List<String> references(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("reference").asString()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asString()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "-" : v.asString();
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private long auditSize() {
        return db.getCollection("audit_log").countDocuments();
    }

    /** Claims of the CHANGE entries appended since {@code mark} entries existed. */
    private List<String> claims(long mark) {
        List<String> out = new ArrayList<>();
        db.getCollection("audit_log").find(Filters.gte("_id", mark)).forEach(d -> {
            String claim = d.getString("claim");
            if (claim != null && !claim.startsWith("op/")) {
                out.add(claim);
            }
        });
        return out;
    }

    private List<String> actions(long mark) {
        List<String> out = new ArrayList<>();
        db.getCollection("audit_log").find(Filters.gte("_id", mark)).forEach(d -> {
            JsonNode body = parse(d.getString("body"));
            out.add(body.get("action").asString());
        });
        return out;
    }
}
