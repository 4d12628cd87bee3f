package org.evidencevault.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.common.Role;
import org.evidencevault.evidence.EvidenceItem;
import org.evidencevault.evidence.EvidenceKind;
import org.evidencevault.incidents.ForensicTerms;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.Spyware;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The pages in each of the three languages: the bundles hold the same keys, every key a template names (literally
 * or by an enum's values) exists, and no page rendered in any language shows a missing message ({@code ??key??}),
 * an inline script or style, or a defender's name where it may not. The language comes from the switch's cookie,
 * else from Accept-Language, never from the server.
 */
class UiPagesTest extends ApiTestSupport {

    private static final List<String> LANGUAGES = List.of("en", "es", "fr");
    private static final Path TEMPLATES = Path.of("src/main/resources/templates");

    @Test
    void theThreeBundlesHoldTheSameKeysAndEveryKeyATemplateNamesExists() throws IOException {
        Properties en = bundle("messages.properties");
        for (String other : List.of("messages_es.properties", "messages_fr.properties")) {
            assertThat(bundle(other).stringPropertyNames()).as(other).isEqualTo(en.stringPropertyNames());
        }
        Set<String> used = new LinkedHashSet<>();
        Pattern literal = Pattern.compile("#\\{([A-Za-z][A-Za-z0-9.]*[A-Za-z0-9])[}(]");
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        // keys built from a prefix and a value: every value they can take
        prefixed(used, "status.", IncidentStatus.values());
        prefixed(used, "spyware.", Spyware.values());
        prefixed(used, "trigger.", ForensicTerms.Trigger.values());
        prefixed(used, "method.", ForensicTerms.Method.values());
        prefixed(used, "confidence.", ForensicTerms.Confidence.values());
        prefixed(used, "kind.", EvidenceKind.values());
        prefixed(used, "evidenceStatus.", EvidenceItem.Status.values());
        prefixed(used, "role.", EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.PROTECTION_OFFICER, Role.RAPPORTEUR).toArray(new Role[0]));
        Pages.INTEGRITY.forEach(n -> used.add("integrity." + n));
        Pages.IntegrityRow.SHOWN.forEach(k -> used.add("integrityFact." + k));
        List.of("verifiedThrough.none", "lastFullPass.none").forEach(k -> used.add("integrityFact." + k));
        List.of("UP", "DOWN", "UNKNOWN", "OUT_OF_SERVICE").forEach(s -> used.add("health." + s));
        List.of("witness", "tsa").forEach(k -> used.add("anchors." + k));
        List.of("original", "public").forEach(v -> used.add("package.ready." + v));
        for (Timeline.Kind k : Timeline.Kind.values()) {
            used.add(k.key());
        }
        used.add("search.required");
        for (org.evidencevault.incidents.Consent.Purpose c : org.evidencevault.incidents.Consent.Purpose.values()) {
            used.add("consent." + c.name());
        }
        // the refusal pages (PageErrors): a title and a text for each kind of refusal
        List.of("forbidden", "stepUp", "approval", "stale", "invalid", "unavailable").forEach(w -> {
            used.add("problem." + w + ".title");
            used.add("problem." + w + ".body");
        });
        for (org.evidencevault.approvals.ApprovableAct a : org.evidencevault.approvals.ApprovableAct.values()) {
            used.add("act." + a.name());
        }
        for (org.evidencevault.audit.Action a : org.evidencevault.audit.Action.values()) {
            if (a.recordedAs().startsWith("evidence.")) {
                used.add("action." + a.recordedAs());
            }
        }
        // the new-case form: a label per field (and hints where they help), the precisions offered, and a message for
        // every rule its fields can break; each rule.* key must name a rule the code raises
        List.of("fullName", "role", "country", "shareWithUn", "title", "spyware", "status", "infectionDate", "precision", "team",
                "contextNotes").forEach(f -> used.add("field." + f));
        List.of("country", "infectionDate").forEach(f -> used.add("hint." + f));
        List.of("DAY", "MONTH", "YEAR").forEach(p -> used.add("precision." + p));
        List.of("required", "max-length", "plain-text", "forbidden-character", "iso-3166-alpha-3", "precision-mismatch",
                "range-format", "range-order", "date-format", "confirmation-needs-lab", "one-of", "max-items", "reply-after-letter")
                .forEach(r -> used.add("rule." + r));
        // the reply form
        List.of("receivedOn", "from", "summary").forEach(f -> used.add("field." + f));
        used.add("hint.receivedOn");
        // the case's edit form (its rows labelled in EditCase), the defender's (a box per consent purpose), the letter's
        List.of("event", "eventPrecision").forEach(f -> used.add("field." + f));
        used.add("precision.RANGE");
        for (org.evidencevault.incidents.Consent.Purpose c : org.evidencevault.incidents.Consent.Purpose.values()) {
            used.add("consentBox." + c.name());
        }
        List.of("reference", "addresseeName", "sentOn", "replyWindowDays").forEach(f -> {
            used.add("field." + f);
            used.add("hint." + f);
        });
        List.of("step-up", "unique", "integer", "reference-format", "reference-type", "oth-needs-name", "reference-year", "year-range",
                "duplicate", "not-your-mandate", "mandate-code", "unknown-incident", "unknown-communication", "cites-earlier-only", "range", "calendar-date")
                .forEach(r -> used.add("rule." + r));
        String sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f));
            }
            sources = all.toString();
        }
        for (String key : en.stringPropertyNames()) {
            if (key.startsWith("rule.")) {
                assertThat(sources).as(key + " names a rule the code raises").contains("\"" + key.substring(5) + "\"");
            }
        }
        assertThat(en.stringPropertyNames()).containsAll(used);
        assertThat(used).as("keys nothing uses").containsAll(en.stringPropertyNames());
    }

    @Test
    void everyPageRendersInEachLanguageWithNoMissingMessageAndNoInlineScriptOrStyle() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.incident(seed.createParties()));
        for (String lang : LANGUAGES) {
            page(get("/login"), lang, null);
            assertThat(page(get("/login").param("error", ""), lang, null)).contains("govuk-error-summary");
            page(get("/"), lang, officer());
            page(get("/"), lang, rapporteur());
            page(get("/"), lang, auditor());
            page(get("/"), lang, admin());
            String casePage = page(get("/cases/" + incident), lang, officer());
            assertThat(casePage).contains(SeedCaseRequests.AGUILAR + " " + seed.suffix).contains("<svg").contains("vault-tl--infection");
            page(post("/cases/search").param("defenderName", SeedCaseRequests.AGUILAR + " " + seed.suffix).with(csrf()), lang, officer());
            page(post("/cases/search").param("defenderName", " ").with(csrf()), lang, officer());
        }
        // the name in the address instead of the body: refused before any search (no entry, nothing found)
        long searches = db.getCollection("audit_log").countDocuments(com.mongodb.client.model.Filters.eq("action", "incident.search"));
        MockHttpServletResponse inUrl = mvc.perform(post("/cases/search?defenderName=" + java.net.URLEncoder.encode(
                SeedCaseRequests.AGUILAR + " " + seed.suffix, StandardCharsets.UTF_8)).with(csrf()).with(officer())
                .header(HttpHeaders.ACCEPT_LANGUAGE, "en")).andReturn().getResponse();
        assertThat(inUrl.getStatus()).isEqualTo(422);
        assertThat(inUrl.getContentAsString()).doesNotContain(seed.suffix);
        assertThat(db.getCollection("audit_log").countDocuments(com.mongodb.client.model.Filters.eq("action", "incident.search")))
                .isEqualTo(searches);
        assertThat(page(get("/cases/" + incident), "es", officer())).contains("Infección confirmada").contains("Cronología")
                .contains("<html class=\"govuk-template\" lang=\"es\"");
        assertThat(page(get("/cases/" + incident), "fr", officer())).contains("Infection confirmée").contains("Chronologie")
                .contains("22 juin 2022");
        assertThat(page(get("/cases/" + incident), "en", officer())).contains("22 June 2022");
    }

    @org.springframework.beans.factory.annotation.Autowired
    com.mongodb.client.MongoDatabase db;

    @Test
    void aCaseIsRegisteredFromTheFormAndEachBrokenRuleIsShownNextToItsFieldInTheUsersLanguage() throws Exception {
        for (String lang : LANGUAGES) {
            page(get("/cases/new"), lang, officer());
        }
        long defenders = db.getCollection("defenders").countDocuments();
        long incidents = db.getCollection("incidents").countDocuments();
        String empty = page(post("/cases/new").with(csrf()), "es", officer());
        assertThat(empty).contains("govuk-error-summary").contains("href=\"#fullName\"").contains("href=\"#title\"")
                .contains("href=\"#spyware\"").contains("href=\"#status\"").contains("href=\"#infectionDate\"")
                .contains("id=\"fullName-error\"").contains("Este dato es obligatorio.");
        String name = "Defensora Formulario " + java.util.UUID.randomUUID().toString().substring(0, 8);
        String badDate = page(post("/cases/new").with(csrf()).param("fullName", name).param("title", "Caso de prueba")
                .param("spyware", "PEGASUS").param("status", "CONFIRMED_INFECTION").param("infectionDate", "2022-6")
                .param("precision", "MONTH").param("country", "Mexico"), "fr", officer());
        assertThat(badDate).contains("id=\"infectionDate-error\"").contains("Écrivez la date sous la forme")
                .contains("id=\"status-error\"").contains("exige la confirmation forensique")
                .contains("id=\"country-error\"").contains("code pays de trois lettres")
                .as("what was typed comes back").contains("value=\"" + name + "\"").contains("value=\"2022-6\"");
        assertThat(db.getCollection("defenders").countDocuments()).as("nothing stored").isEqualTo(defenders);
        assertThat(db.getCollection("incidents").countDocuments()).isEqualTo(incidents);

        MockHttpServletResponse created = mvc.perform(post("/cases/new").with(csrf()).with(officer()).param("fullName", name)
                .param("role", "Abogada").param("country", "MEX").param("shareWithUn", "true").param("title", "Caso de prueba")
                .param("spyware", "PEGASUS").param("status", "SUSPECTED").param("infectionDate", "2022-06").param("precision", "MONTH"))
                .andReturn().getResponse();
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(302);
        assertThat(created.getRedirectedUrl()).startsWith("/cases/").doesNotContain("Defensora");
        assertThat(page(get(created.getRedirectedUrl()), "es", officer())).contains(name).contains("junio de 2022").contains("Sospecha");
        assertThat(db.getCollection("defenders").countDocuments()).isEqualTo(defenders + 1);
    }

    @Test
    void anOfficerEditsTheCaseAndItsInfectionDatesAndEachBrokenRuleIsShownOnItsRow() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.incident(seed.createParties()));
        assertThat(page(get("/cases/" + incident), "en", officer())).contains("href=\"/cases/" + incident + "/edit\"");
        for (String lang : LANGUAGES) {
            assertThat(page(get("/cases/" + incident + "/edit"), lang, officer())).contains("value=\"2022-06-22\"")
                    .contains("name=\"eventRemove\"");
        }
        int days = SeedCaseRequests.INFECTION_DAYS.size();
        // the second date typed as a month with DAY precision: refused on its row, in Spanish; nothing stored
        MockHttpServletRequestBuilder bad = edit(incident, 1, days).param("newDate", "2022-13").param("newPrecision", "MONTH");
        bad.param("eventDate", SeedCaseRequests.INFECTION_DAYS.get(0), "2022-06", SeedCaseRequests.INFECTION_DAYS.get(2),
                SeedCaseRequests.INFECTION_DAYS.get(3), SeedCaseRequests.INFECTION_DAYS.get(4));
        String refused = page(bad, "es", officer());
        assertThat(refused).contains("href=\"#event1\"").contains("Infección 2: fecha").contains("id=\"event1-error\"")
                .contains("no corresponde a la precisión elegida").contains("Esta fecha no existe en el calendario.").contains("href=\"#newEvent\"").contains("value=\"2022-13\"");
        assertThat(version(incident)).as("nothing stored").isEqualTo(1);
        // an infection after the trigger date (rule 5) on the added row
        String late = page(edit(incident, 1, days).params(days(days)).param("newDate", "2023").param("newPrecision", "YEAR"), "fr", officer());
        assertThat(late).contains("id=\"newEvent-error\"");
        assertThat(version(incident)).isEqualTo(1);

        // one date removed, a month added, the title changed: stored at the next version, the rest kept as it was
        MockHttpServletResponse saved = mvc.perform(edit(incident, 1, days).params(days(days)).param("eventRemove", "4")
                .param("newDate", "2022-05").param("newPrecision", "MONTH").with(officer())).andReturn().getResponse();
        assertThat(saved.getRedirectedUrl()).isEqualTo("/cases/" + incident + "?saved");
        tools.jackson.databind.JsonNode after = json.readTree(mvc.perform(get("/api/v1/incidents/" + incident).with(officer()))
                .andReturn().getResponse().getContentAsString());
        assertThat(after.path("version").asLong()).isEqualTo(2);
        assertThat(after.path("title").asString()).isEqualTo("Edited title of the case");
        assertThat(after.path("infectionEvents").size()).isEqualTo(days);
        assertThat(after.path("infectionEvents").get(days - 1).path("date").path("value").asString()).isEqualTo("2022-05");
        assertThat(after.path("infectionEvents").get(0).path("status").asString()).as("what the form does not show is kept")
                .isEqualTo("CONFIRMED_INFECTION");
        assertThat(after.path("forensicConfirmations").size()).isEqualTo(1);
        assertThat(page(get("/cases/" + incident).param("saved", ""), "en", officer())).contains("Your changes were saved.");
        // the form of version 1 again: stale, nothing stored
        assertThat(mvc.perform(edit(incident, 1, days).params(days(days)).with(officer())).andReturn().getResponse().getStatus())
                .isEqualTo(412);
        assertThat(version(incident)).isEqualTo(2);
        // a rapporteur of a mandate it is shared with reads the case and cannot edit it
        seed.shareWithRapporteur(incident, 2);
        assertThat(page(get("/cases/" + incident), "en", rapporteur())).doesNotContain("/edit\"");
        assertThat(mvc.perform(get("/cases/" + incident + "/edit").with(rapporteur())).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }

    private static MockHttpServletRequestBuilder edit(String incident, long version, int days) {
        return post("/cases/" + incident + "/edit").with(csrf()).param("version", Long.toString(version))
                .param("title", "Edited title of the case").param("spyware", "PEGASUS").param("status", "CONFIRMED_INFECTION")
                .param("eventPrecision", java.util.Collections.nCopies(days, "DAY").toArray(String[]::new));
    }

    private static org.springframework.util.MultiValueMap<String, String> days(int days) {
        var m = new org.springframework.util.LinkedMultiValueMap<String, String>();
        m.put("eventDate", SeedCaseRequests.INFECTION_DAYS.subList(0, days));
        return m;
    }

    private long version(String incident) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/incidents/" + incident).with(officer())).andReturn().getResponse()
                .getContentAsString()).path("version").asLong();
    }

    @Test
    void anOfficerEditsADefenderAndTheirConsentsKeepingTheHistory() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        SeedCaseRequests.Ids ids = seed.createParties();
        String incident = seed.create("/api/v1/incidents", seed.incident(ids));
        String path = "/defenders/" + ids.aguilar() + "/edit";
        seed.shareWithRapporteur(incident, 1);
        assertThat(mvc.perform(get(path).param("case", incident).with(rapporteur())).andReturn().getResponse().getStatus())
                .as("a rapporteur of the mandate sees her, and may not change her").isEqualTo(403);
        assertThat(page(get("/cases/" + incident), "en", officer())).contains("href=\"" + path + "?case=" + incident + "\"");
        for (String lang : LANGUAGES) {
            assertThat(page(get(path).param("case", incident), lang, officer())).contains("value=\"" + seed.aguilarName() + "\"")
                    .contains("id=\"consent-SHARE_WITH_UN\"").contains("checked");
        }
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        // a country that is not a code: shown on its field, nothing stored
        String bad = page(post(path).with(csrf()).param("case", incident).param("version", "1").param("fullName", seed.aguilarName())
                .param("country", "Mexico").param("consent", "PUBLIC_NAMING", "SHARE_WITH_UN"), "fr", officer());
        assertThat(bad).contains("id=\"country-error\"").contains("code pays de trois lettres");
        // withdrawing consents (PUBLIC_NAMING included) needs no passkey: taking consent back never waits
        MockHttpServletResponse withdrawn = mvc.perform(post(path).with(csrf()).with(officer()).param("case", incident).param("version", "1")
                .param("fullName", seed.aguilarName()).param("role", "Human rights lawyer").param("country", "MEX")
                .param("consent", "STORAGE")).andReturn().getResponse();
        assertThat(withdrawn.getRedirectedUrl()).as(withdrawn.getContentAsString()).isEqualTo("/cases/" + incident + "?saved");
        tools.jackson.databind.JsonNode d = json.readTree(mvc.perform(get("/api/v1/defenders/" + ids.aguilar()).with(officer()))
                .andReturn().getResponse().getContentAsString());
        assertThat(d.path("version").asLong()).isEqualTo(2);
        assertThat(d.path("role").asString()).isEqualTo("Human rights lawyer");
        java.util.Map<String, String> withdrawals = new java.util.HashMap<>();
        d.path("consents").forEach(c -> withdrawals.put(c.path("purpose").asString() + "/" + c.path("grantedOn").asString(),
                c.path("withdrawnOn").isNull() || c.path("withdrawnOn").isMissingNode() ? "" : c.path("withdrawnOn").asString()));
        assertThat(withdrawals).as("withdrawn from today, the grants kept").containsEntry("PUBLIC_NAMING/2023-04-18", today)
                .containsEntry("SHARE_WITH_UN/2023-04-18", today).containsEntry("STORAGE/" + today, "");
        // granting PUBLIC_NAMING again needs the passkey: refused on the page, then done after the confirmation
        String refused = page(post(path).with(csrf()).param("case", incident).param("version", "2").param("fullName", seed.aguilarName())
                .param("country", "MEX").param("consent", "STORAGE", "PUBLIC_NAMING"), "es", officer());
        assertThat(refused).contains("id=\"consents-error\"").contains("Confirme primero con su llave de acceso").contains("id=\"passkey-login\"");
        assertThat(mvc.perform(post(path).with(officerWithPasskey()).param("case", incident).param("version", "2")
                .param("fullName", seed.aguilarName()).param("country", "MEX").param("consent", "STORAGE", "PUBLIC_NAMING"))
                .andReturn().getResponse().getRedirectedUrl()).isEqualTo("/cases/" + incident + "?saved");
        // a defender the case does not name, or a reader who may not change them: not this page
        String other = seed.create("/api/v1/defenders", seed.defender("Not In Case " + seed.suffix, null, "Journalist"));
        assertThat(mvc.perform(get("/defenders/" + other + "/edit").param("case", incident).with(officer())).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/defenders/" + ids.aguirre() + "/edit").param("case", incident).with(rapporteur())).andReturn()
                .getResponse().getStatus()).as("refused before anything is looked up or opened").isEqualTo(403);
    }

    @Test
    void aRapporteurRecordsALetterAndEachBrokenRuleIsShownNextToItsField() throws Exception {
        assertThat(page(get("/"), "en", rapporteur())).contains("href=\"/letters/new\"");
        for (String lang : LANGUAGES) {
            assertThat(page(get("/letters/new"), lang, rapporteur())).contains("id=\"mandate-SR_HRD\"").contains("value=\"60\"");
        }
        long letters = db.getCollection("communications").countDocuments();
        String empty = page(post("/letters/new").with(csrf()), "en", rapporteur());
        assertThat(empty).contains("href=\"#reference\"").contains("href=\"#sentOn\"").contains("href=\"#mandates\"");
        int number = 1000 + new java.util.Random().nextInt(90000);
        String badRef = page(post("/letters/new").with(csrf()).param("reference", "AL OTH " + number + "-2023").param("sentOn", "2023-07-20")
                .param("mandate", "SR_HRD"), "es", rapporteur());
        assertThat(badRef).contains("id=\"reference-error\"").contains("Escriba la referencia tal como figura");
        String noName = page(post("/letters/new").with(csrf()).param("reference", "AL OTH " + number + "/2023").param("sentOn", "2022-07-20")
                .param("mandate", "SR_HRD").param("replyWindowDays", "sixty"), "fr", rapporteur());
        assertThat(noName).contains("id=\"addresseeName-error\"").contains("id=\"sentOn-error\"").contains("id=\"replyWindowDays-error\"")
                .contains("value=\"sixty\"");
        String notMine = page(post("/letters/new").with(csrf()).param("reference", "AL OTH " + number + "/2023").param("addresseeName", "NSO Group")
                .param("sentOn", "2023-07-20").param("mandate", "SR_PRIVACY"), "en", rapporteur());
        assertThat(notMine).contains("id=\"mandates-error\"").contains("Choose at least one mandate you serve.");
        assertThat(db.getCollection("communications").countDocuments()).as("nothing stored").isEqualTo(letters);

        MockHttpServletResponse recorded = mvc.perform(post("/letters/new").with(csrf()).with(rapporteur())
                .param("reference", "AL OTH " + number + "/2023").param("addresseeName", "NSO Group").param("sentOn", "2023-07-20")
                .param("replyWindowDays", "60").param("mandate", "SR_HRD").param("summary", "Allegations of Pegasus use"))
                .andReturn().getResponse();
        assertThat(recorded.getRedirectedUrl()).as(recorded.getContentAsString()).isEqualTo("/letters/OTH-" + number + "-2023?recorded");
        assertThat(page(get("/letters/OTH-" + number + "-2023").param("recorded", ""), "en", rapporteur()))
                .contains("The letter was recorded.").contains("AL OTH " + number + "/2023");
        String again = page(post("/letters/new").with(csrf()).param("reference", "UA OTH " + number + "/2023").param("addresseeName", "NSO Group")
                .param("sentOn", "2023-07-21").param("mandate", "SR_HRD"), "en", rapporteur());
        assertThat(again).contains("id=\"reference-error\"").contains("already recorded");
        assertThat(db.getCollection("communications").countDocuments()).isEqualTo(letters + 1);
        assertThat(mvc.perform(get("/letters/new").with(officer())).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void anAuditorSeesTheLatestCheckpointAndDownloadsTheLogUpToItAndAnAdministratorSeesTheTeams() throws Exception {
        String home = page(get("/"), "en", auditor());
        assertThat(home).contains("Latest signed checkpoint");
        String to = home.replaceAll("(?s).*href=\"/api/v1/audit/export\\?from=0&amp;to=(\\d+)\".*", "$1");
        assertThat(to).matches("\\d+");
        MockHttpServletResponse bundle = mvc.perform(get("/api/v1/audit/export").param("from", "0").param("to", to).with(auditor()))
                .andReturn().getResponse();
        assertThat(bundle.getStatus()).isEqualTo(200);
        assertThat(bundle.getHeader(HttpHeaders.CONTENT_DISPOSITION)).contains("attachment");
        assertThat(page(get("/"), "es", auditor())).contains("Último punto de control firmado")
                .as("no witness is configured in the tests' vault, and the page says so").contains("solo la bóveda firma");
        String admin = page(get("/"), "fr", admin());
        assertThat(admin).contains("Équipes de dossiers").contains(DemoTeams.GENEVA);
    }

    @Test
    void anOfficerAsksForAnEvidencePackageASecondOfficerGrantsItAndTheZipComesAfterAPasskeyConfirmation() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.incident(seed.createParties()));
        for (String lang : LANGUAGES) {
            assertThat(page(get("/cases/" + incident), lang, officer())).contains("id=\"package-heading\"")
                    .contains("/cases/" + incident + "/package-request");
        }
        MockHttpServletResponse asked = mvc.perform(post("/cases/" + incident + "/package-request").with(officer()).with(csrf())
                .param("version", "1").param("variant", "public").param("reason", "for the Special Rapporteur")).andReturn().getResponse();
        assertThat(asked.getRedirectedUrl()).isEqualTo("/cases/" + incident + "?packageAsked");
        RequestPostProcessor second = TestUsers.officerWithPasskey("second-officer", DemoTeams.GENEVA);
        String home = page(get("/"), "fr", second);
        assertThat(home).contains("Exporter un paquet de preuves").contains("for the Special Rapporteur");
        String approval = home.replaceAll("(?s).*action=\"/approvals/([0-9a-f-]{36})/decision\".*", "$1");
        mvc.perform(post("/approvals/" + approval + "/decision").param("version", "1").param("decision", "grant").with(second).with(csrf()));
        assertThat(page(get("/cases/" + incident), "es", officer())).contains("Un segundo oficial aprobó la versión pública.")
                .contains("Descargar el paquete").contains("disabled");
        assertThat(mvc.perform(post("/cases/" + incident + "/package").with(officer()).with(csrf()).param("version", "1")
                .param("variant", "public").param("approval", approval)).andReturn().getResponse().getStatus()).as("no step-up").isEqualTo(401);
        org.springframework.test.web.servlet.MvcResult started = mvc.perform(post("/cases/" + incident + "/package").with(officerWithPasskey())
                .param("version", "1").param("variant", "public").param("approval", approval)).andReturn();
        MockHttpServletResponse zip = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started))
                .andReturn().getResponse();
        assertThat(zip.getStatus()).isEqualTo(200);
        assertThat(zip.getContentType()).isEqualTo("application/zip");
        assertThat(zip.getHeader(HttpHeaders.CONTENT_DISPOSITION)).contains("evidence-package-").contains("-public.zip")
                .doesNotContain(seed.suffix);
        assertThat(new String(zip.getContentAsByteArray(), 0, 2, StandardCharsets.US_ASCII)).isEqualTo("PK");
        assertThat(mvc.perform(post("/cases/" + incident + "/package").with(officerWithPasskey()).param("version", "1")
                .param("variant", "public").param("approval", approval)).andReturn().getResponse().getStatus())
                .as("an approval is used once").isIn(403, 409, 428);
    }

    @Test
    void anEvidenceItemShowsItsCustodyAndOffersItsDownloadOnlyAfterAPasskeyConfirmation() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.incident(seed.createParties()));
        byte[] file = "%PDF-1.7 a lab report".getBytes(StandardCharsets.US_ASCII);
        String id = json.readTree(mvc.perform(post("/api/v1/incidents/" + incident + "/evidence").with(officer()).with(csrf())
                .contentType("application/json").content("{\"kind\":\"LAB_REPORT\",\"mediaType\":\"application/pdf\",\"size\":"
                        + file.length + ",\"fileName\":\"informe.pdf\"}")).andReturn().getResponse().getContentAsString()).path("id").asString();
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/evidence/" + id + "/content")
                .with(officer()).with(csrf()).contentType("application/offset+octet-stream").header("Upload-Offset", "0").content(file))
                .andReturn().getResponse().getStatus()).isEqualTo(204);

        String casePage = page(get("/cases/" + incident), "en", officer());
        assertThat(casePage).contains("href=\"/evidence/" + id + "\"").contains("id=\"evidence-upload\"").contains("/assets/js/upload.js");
        seed.shareWithRapporteur(incident, 1);
        assertThat(page(get("/cases/" + incident), "en", rapporteur())).as("a rapporteur of the mandate reads it, sends nothing")
                .contains(SeedCaseRequests.TITLE).doesNotContain("id=\"evidence-upload\"");
        for (String lang : LANGUAGES) {
            String item = page(get("/evidence/" + id), lang, officer());
            assertThat(item).contains("informe.pdf").contains("id=\"passkey-login\"").doesNotContain("/api/v1/evidence/" + id + "/content");
        }
        String confirmed = page(get("/evidence/" + id), "es", officerWithPasskey());
        assertThat(confirmed).contains("href=\"/api/v1/evidence/" + id + "/content\"").contains("Registrado")
                .contains("Contenido recibido y con huella calculada").doesNotContain("id=\"passkey-login\"");
        assertThat(mvc.perform(get("/evidence/" + java.util.UUID.randomUUID()).with(officer())).andReturn().getResponse().getStatus())
                .isEqualTo(404);

        // disposal: asked for on the item's page, granted by a second officer on their home, done after a step-up
        assertThat(page(get("/evidence/" + id), "en", officer())).contains("/evidence/" + id + "/disposal-request");
        assertThat(mvc.perform(post("/evidence/" + id + "/disposal-request").with(officer()).with(csrf()).param("version", "2")
                .param("reason", "the lab withdrew it")).andReturn().getResponse().getRedirectedUrl()).isEqualTo("/evidence/" + id + "?asked");
        RequestPostProcessor second = TestUsers.officerWithPasskey("second-officer", DemoTeams.GENEVA);
        String home = page(get("/"), "en", second);
        assertThat(home).contains("Dispose of an evidence item").contains("the lab withdrew it");
        String approval = home.replaceAll("(?s).*action=\"/approvals/([0-9a-f-]{36})/decision\".*", "$1");
        mvc.perform(post("/approvals/" + approval + "/decision").param("version", "1").param("decision", "grant").with(second).with(csrf()));
        assertThat(page(get("/evidence/" + id), "es", officer())).contains("Eliminarlo ahora").contains("disabled");
        assertThat(mvc.perform(post("/evidence/" + id + "/disposal").with(officerWithPasskey()).with(csrf()).param("version", "2")
                .param("approval", approval)).andReturn().getResponse().getRedirectedUrl()).isEqualTo("/evidence/" + id + "?disposed");
        assertThat(page(get("/evidence/" + id).param("disposed", ""), "en", officer())).contains("Disposed of").contains("The item was disposed of")
                .doesNotContain("/evidence/" + id + "/disposal-request");
    }

    @Test
    void aSecondOfficerGrantsAnErasureFromTheHomePageOnlyAfterAPasskeyConfirmation() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String defender = seed.create("/api/v1/defenders", seed.defender("Erasure Page " + seed.suffix, null, "Lawyer"));
        String approval = json.readTree(mvc.perform(post("/api/v1/defenders/" + defender + "/erasure-requests").with(officer()).with(csrf())
                .header("If-Match", "\"1\"").contentType("application/json").content("{\"reason\":\"asked to be forgotten\"}"))
                .andReturn().getResponse().getContentAsString()).path("id").asString();
        RequestPostProcessor second = TestUsers.officerOf("second-officer", DemoTeams.GENEVA);
        RequestPostProcessor secondConfirmed = TestUsers.officerWithPasskey("second-officer", DemoTeams.GENEVA);
        for (String lang : LANGUAGES) {
            String home = page(get("/"), lang, second);
            assertThat(home).contains("/approvals/" + approval + "/decision").contains("asked to be forgotten").contains("id=\"passkey-login\"");
        }
        assertThat(page(get("/"), "en", officer())).as("never the requester's to decide").doesNotContain("/approvals/" + approval);
        assertThat(page(get("/"), "es", secondConfirmed)).contains("Borrar a una persona defensora").doesNotContain("id=\"passkey-login\"");
        assertThat(mvc.perform(post("/approvals/" + approval + "/decision").param("version", "1").param("decision", "maybe")
                .with(secondConfirmed).with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(422);
        assertThat(mvc.perform(post("/approvals/" + approval + "/decision").param("version", "1").param("decision", "grant")
                .with(second).with(csrf())).andReturn().getResponse().getStatus()).as("no step-up").isEqualTo(401);
        MockHttpServletResponse granted = mvc.perform(post("/approvals/" + approval + "/decision").param("version", "1")
                .param("decision", "grant").with(secondConfirmed).with(csrf())).andReturn().getResponse();
        assertThat(granted.getRedirectedUrl()).isEqualTo("/");
        assertThat(json.readTree(mvc.perform(get("/api/v1/approvals/" + approval).with(officer())).andReturn().getResponse()
                .getContentAsString()).path("status").asString()).isEqualTo("GRANTED");
        assertThat(page(get("/"), "fr", admin())).contains("Comptes").contains("officer");
    }

    @Test
    void anErasureIsAskedForOnTheCasePageGrantedByASecondOfficerAndDoneAfterAPasskeyConfirmation() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        SeedCaseRequests.Ids ids = seed.createParties();
        String incident = seed.create("/api/v1/incidents", seed.incident(ids));
        String casePage = page(get("/cases/" + incident), "en", officer());
        assertThat(casePage).contains("/defenders/" + ids.aguilar() + "/erasure-request").contains("Consents in force");

        MockHttpServletResponse asked = mvc.perform(post("/defenders/" + ids.aguilar() + "/erasure-request").with(officer()).with(csrf())
                .param("version", "1").param("reason", "asked to be forgotten").param("back", "/cases/" + incident)).andReturn().getResponse();
        assertThat(asked.getRedirectedUrl()).isEqualTo("/cases/" + incident + "?asked");
        RequestPostProcessor second = TestUsers.officerWithPasskey("second-officer", DemoTeams.GENEVA);
        String home = page(get("/"), "en", second);
        String approval = home.replaceAll("(?s).*action=\"/approvals/([0-9a-f-]{36})/decision\".*", "$1");
        assertThat(mvc.perform(post("/approvals/" + approval + "/decision").param("version", "1").param("decision", "grant")
                .with(second).with(csrf())).andReturn().getResponse().getRedirectedUrl()).isEqualTo("/");

        String ready = page(get("/cases/" + incident), "fr", officer());
        assertThat(ready).contains("/defenders/" + ids.aguilar() + "/erasure\"").contains("Effacer maintenant").contains("disabled")
                .contains("id=\"passkey-login\"");
        assertThat(mvc.perform(post("/defenders/" + ids.aguilar() + "/erasure").with(officer()).with(csrf()).param("version", "1")
                .param("approval", approval).param("back", "/cases/" + incident)).andReturn().getResponse().getStatus())
                .as("no step-up").isEqualTo(401);
        MockHttpServletResponse erased = mvc.perform(post("/defenders/" + ids.aguilar() + "/erasure").with(officerWithPasskey()).with(csrf())
                .param("version", "1").param("approval", approval).param("back", "/cases/" + incident)).andReturn().getResponse();
        assertThat(erased.getRedirectedUrl()).isEqualTo("/cases/" + incident + "?erased");
        assertThat(page(get("/cases/" + incident), "en", officer())).contains("A defender who was erased")
                .doesNotContain(SeedCaseRequests.AGUILAR + " " + seed.suffix).contains(SeedCaseRequests.AGUIRRE + " " + seed.suffix);
    }

    @Test
    void aLetterShowsItsRepliesCitationsAndTheTimelineOfItsAddressee() throws Exception {
        tools.jackson.databind.JsonNode all = json.readTree(mvc.perform(get("/api/v1/communications").with(rapporteur()))
                .andReturn().getResponse().getContentAsString()).path("items");
        assertThat(all.size()).as("the demo seed's letters").isPositive();
        String id = all.get(0).path("id").asString();
        String home = page(get("/"), "en", rapporteur());
        assertThat(home).contains("href=\"/letters/");
        for (String lang : LANGUAGES) {
            String letter = page(get("/letters/" + id), lang, rapporteur());
            assertThat(letter).contains("id=\"timeline-heading\"").contains("vault-tl--letter");
        }
        assertThat(mvc.perform(get("/letters/OTH-999-2099").with(rapporteur())).andReturn().getResponse().getStatus()).isEqualTo(404);

        // a rapporteur records a reply: a broken rule is shown next to its field, in the user's language, nothing stored
        tools.jackson.databind.JsonNode before = json.readTree(mvc.perform(get("/api/v1/communications/" + id).with(rapporteur()))
                .andReturn().getResponse().getContentAsString());
        long version = before.path("version").asLong();
        String bad = page(post("/letters/" + id + "/replies").with(csrf()).param("version", Long.toString(version))
                .param("receivedOn", "1999-01-01").param("from", "Someone"), "es", rapporteur());
        assertThat(bad).contains("id=\"receivedOn-error\"").contains("no puede tener fecha anterior").contains("value=\"1999-01-01\"");
        String badDate = page(post("/letters/" + id + "/replies").with(csrf()).param("version", Long.toString(version))
                .param("receivedOn", "20 July"), "en", rapporteur());
        assertThat(badDate).contains("id=\"receivedOn-error\"").contains("Write the date as");
        String sent = before.path("sentOn").asString();
        MockHttpServletResponse replied = mvc.perform(post("/letters/" + id + "/replies").with(rapporteur()).with(csrf())
                .param("version", Long.toString(version)).param("receivedOn", java.time.LocalDate.parse(sent).plusDays(10).toString())
                .param("from", "Permanent Mission").param("summary", "acknowledges receipt")).andReturn().getResponse();
        assertThat(replied.getRedirectedUrl()).isEqualTo("/letters/" + id + "?replied");
        assertThat(json.readTree(mvc.perform(get("/api/v1/communications/" + id).with(rapporteur())).andReturn().getResponse()
                .getContentAsString()).path("version").asLong()).isEqualTo(version + 1);
        assertThat(mvc.perform(get("/letters/" + id).with(TestUsers.officerOf("officer2", DemoTeams.MEXICO))).andReturn().getResponse()
                .getStatus()).as("an officer whose cases it does not cite").isEqualTo(404);
    }

    @Test
    void anAuditorChecksABundleWithTheVerifierAndSeesTheFirstBadEntryOfATamperedOne() throws Exception {
        byte[] bundle = mvc.perform(get("/api/v1/audit/export").param("from", "0").param("to", "9").with(auditor()))
                .andReturn().getResponse().getContentAsByteArray();
        String ok = page(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/audit/check")
                .file(new org.springframework.mock.web.MockMultipartFile("bundle", "bundle.json", "application/json", bundle)).with(csrf()),
                "fr", auditor());
        assertThat(ok).contains("Le lot est valide").contains("Entrées vérifiées : 10");
        // one entry's actor changed: its signature no longer holds
        String text = new String(bundle, StandardCharsets.UTF_8);
        // each entry's body is its canonical JSON as a string, so its quotes are escaped in the bundle
        int at = text.indexOf("\\\"seq\\\":3,");
        assertThat(at).isPositive();
        int actor = text.lastIndexOf("\\\"actor\\\":\\\"", at) + "\\\"actor\\\":\\\"".length();
        String tampered = text.substring(0, actor) + "X" + text.substring(actor + 1);
        String bad = page(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/audit/check")
                .file(new org.springframework.mock.web.MockMultipartFile("bundle", "bundle.json", "application/json",
                        tampered.getBytes(StandardCharsets.UTF_8))).with(csrf()), "en", auditor());
        assertThat(bad).contains("The bundle does not verify").contains("First entry that fails: 3");
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/audit/check")
                .file(new org.springframework.mock.web.MockMultipartFile("bundle", "b.json", "application/json", bundle)).with(csrf())
                .with(officer())).andReturn().getResponse().getStatus()).as("auditors only").isEqualTo(403);
    }

    @Test
    void aCaseOfAnotherTeamIsTheSamePageAsAnUnknownOneAndNamesNoOne() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.incident(seed.createParties()));
        RequestPostProcessor mexico = TestUsers.officerOf("officer2", DemoTeams.MEXICO);
        MockHttpServletResponse theirs = mvc.perform(get("/cases/" + incident).with(mexico).header(HttpHeaders.ACCEPT_LANGUAGE, "en"))
                .andReturn().getResponse();
        MockHttpServletResponse unknown = mvc.perform(get("/cases/" + java.util.UUID.randomUUID()).with(mexico)
                .header(HttpHeaders.ACCEPT_LANGUAGE, "en")).andReturn().getResponse();
        assertThat(theirs.getStatus()).isEqualTo(404);
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(withoutTokens(theirs.getContentAsString())).isEqualTo(withoutTokens(unknown.getContentAsString()))
                .doesNotContain(seed.suffix).contains("Page not found");
        // each is a refusal on record, as in the API
        long refusals = db.getCollection("audit_log").countDocuments(com.mongodb.client.model.Filters.eq("action", "access.denied"));
        mvc.perform(get("/cases/" + incident).with(mexico)).andReturn();
        assertThat(db.getCollection("audit_log").countDocuments(com.mongodb.client.model.Filters.eq("action", "access.denied")))
                .isEqualTo(refusals + 1);
        // a page the role does not allow is a page in the user's language, not the API's JSON
        MockHttpServletResponse forbidden = mvc.perform(get("/cases/new").with(rapporteur()).header(HttpHeaders.ACCEPT_LANGUAGE, "es"))
                .andReturn().getResponse();
        assertThat(forbidden.getStatus()).isEqualTo(403);
        assertThat(forbidden.getContentAsString()).contains("No puede hacer esto").contains("lang=\"es\"");
    }

    @Test
    void theLanguageSwitchKeepsTheChoiceInACookieAndReturnsOnlyToAPageOfTheVault() throws Exception {
        MockHttpServletResponse chosen = mvc.perform(post("/language").param("lang", "fr").param("back", "/cases/abc").with(csrf()))
                .andReturn().getResponse();
        assertThat(chosen.getRedirectedUrl()).isEqualTo("/cases/abc");
        assertThat(chosen.getCookie(Languages.COOKIE).getValue()).isEqualTo("fr");
        assertThat(chosen.getCookie(Languages.COOKIE).isHttpOnly()).isTrue();
        assertThat(mvc.perform(post("/language").param("lang", "es").param("back", "/cases/{x}").with(csrf())).andReturn().getResponse()
                .getRedirectedUrl()).as("taken as it is, no template").isEqualTo("/cases/{x}");
        for (String away : List.of("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)")) {
            assertThat(mvc.perform(post("/language").param("lang", "es").param("back", away).with(csrf())).andReturn().getResponse()
                    .getRedirectedUrl()).as(away).isEqualTo("/");
        }
        // a language the vault does not speak changes nothing; the cookie outranks Accept-Language
        assertThat(mvc.perform(post("/language").param("lang", "de").with(csrf())).andReturn().getResponse().getCookie(Languages.COOKIE))
                .isNull();
        String login = mvc.perform(get("/login").header(HttpHeaders.ACCEPT_LANGUAGE, "es")
                .cookie(new jakarta.servlet.http.Cookie(Languages.COOKIE, "fr"))).andReturn().getResponse().getContentAsString();
        assertThat(login).contains("lang=\"fr\"").contains("Se connecter");
        String german = mvc.perform(get("/login").header(HttpHeaders.ACCEPT_LANGUAGE, "de-DE,de;q=0.9,es;q=0.5")).andReturn().getResponse()
                .getContentAsString();
        assertThat(german).as("the first language the vault speaks").contains("lang=\"es\"").contains("Iniciar sesión");
        assertThat(mvc.perform(get("/login").header(HttpHeaders.ACCEPT_LANGUAGE, "de")).andReturn().getResponse().getContentAsString())
                .contains("lang=\"en\"");
        // the switch needs the form's CSRF token like every other form
        assertThat(mvc.perform(post("/language").param("lang", "fr")).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    /** Renders a page in {@code lang} and checks what every page must hold; returns its HTML. */
    private String page(org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder<?> request, String lang,
                        RequestPostProcessor who) throws Exception {
        if (who != null) {
            request.with(who);
        }
        MockHttpServletResponse r = mvc.perform(request.header(HttpHeaders.ACCEPT_LANGUAGE, lang)).andReturn().getResponse();
        String html = r.getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getStatus()).as(lang + " " + html).isEqualTo(200);
        assertThat(html).as(lang).contains("lang=\"" + lang + "\"").doesNotContain("??").doesNotContain(" style=")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>").doesNotContainPattern("\\son[a-z]+=");
        assertThat(r.getHeader("Content-Security-Policy")).contains("default-src 'self'").doesNotContain("unsafe-inline");
        return html;
    }

    /** The page without its CSRF tokens (new for every response). */
    private static String withoutTokens(String html) {
        return html.replaceAll("(name=\"_csrf\" (?:content|value)=\")[^\"]+", "$1");
    }

    private static void prefixed(Set<String> keys, String prefix, Enum<?>[] values) {
        for (Enum<?> v : values) {
            keys.add(prefix + v.name());
        }
    }

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources", name))) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

}
