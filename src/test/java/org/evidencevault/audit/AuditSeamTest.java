package org.evidencevault.audit;

import org.evidencevault.common.DemoTeams;
import org.evidencevault.support.TestUsers;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.evidencevault.audit.AuditLogAssertions.Stored;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seam, seen from the API: each change and each read of decrypted data leaves exactly one entry, with
 * the right kind, action and targets, a commitment to the recorded change, no plaintext, chained and
 * signed; a refused request leaves none.
 */
class AuditSeamTest extends ApiTestSupport {

    private static final String ORGANISATIONS = "/api/v1/organisations";
    private static final String DEFENDERS = "/api/v1/defenders";
    private static final String INCIDENTS = "/api/v1/incidents";

    @Autowired
    MongoDatabase db;

    @Autowired
    KeyRing keyRing;

    @Autowired
    AuditStore store;

    private long mark;

    @Test
    void everyChangeAndDecryptedReadLeavesExactlyOneSignedChainedEntryWithoutPlaintext() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        List<String> secrets = new ArrayList<>();
        long first = store.size();
        mark = first;

        // organisation.register
        String orgName = "Centro Prodh Seam " + seed.suffix;
        String orgAcronym = "CPS " + seed.suffix;
        secrets.addAll(List.of(orgName, orgAcronym));
        String org = id(perform(post(ORGANISATIONS), seed.organisation(orgName, orgAcronym, "MEX", "NGO"), 201));
        assertChange(onlyNewEntry(), "organisation.register", "organisation", org, 1);

        // defender.register
        String name = "Itzel Seam Defender " + seed.suffix;
        ObjectNode defender = seed.defender(name, org, "Lawyer " + seed.suffix).put("contact", "signal +52 55 " + seed.suffix);
        secrets.addAll(List.of(name, "Lawyer " + seed.suffix, "signal +52 55 " + seed.suffix, "named themselves publicly"));
        String def = id(perform(post(DEFENDERS), defender, 201));
        assertChange(onlyNewEntry(), "defender.register", "defender", def, 1);

        // incident.register
        String title = "Seam incident title " + seed.suffix;
        String notes = "Seam context notes about the Ayotzinapa case " + seed.suffix;
        secrets.addAll(List.of(title, notes));
        ObjectNode incident = seed.minimalIncident(def, title).put("contextNotes", notes);
        String inc = id(perform(post(INCIDENTS), incident, 201));
        assertChange(onlyNewEntry(), "incident.register", "incident", inc, 1);

        // a refused change (unknown defender) is not recorded
        perform(post(INCIDENTS), seed.minimalIncident("00000000-0000-4000-8000-000000000000", "refused " + seed.suffix), 422);
        assertThat(newEntries()).as("a refused registration leaves no entry").isEmpty();

        // incident.read
        MvcResult read = perform(get(INCIDENTS + "/" + inc), null, 200);
        assertThat(read.getResponse().getContentAsString()).contains(title);
        assertRead(onlyNewEntry(), "incident.read", "incident", inc);

        // incident.revise
        String title2 = "Seam incident revised " + seed.suffix;
        secrets.add(title2);
        perform(put(INCIDENTS + "/" + inc).header(HttpHeaders.IF_MATCH, "\"1\""), incident.deepCopy().put("title", title2), 200);
        assertChange(onlyNewEntry(), "incident.revise", "incident", inc, 2);

        // a stale revision is refused before anything is written
        perform(put(INCIDENTS + "/" + inc).header(HttpHeaders.IF_MATCH, "\"1\""), incident.deepCopy().put("title", "stale " + seed.suffix), 412);
        assertThat(newEntries()).as("a stale revision leaves no entry").isEmpty();

        // reads of the defender and organisation, and both searches
        perform(get(DEFENDERS + "/" + def), null, 200);
        assertRead(onlyNewEntry(), "defender.read", "defender", def);
        perform(get(ORGANISATIONS + "/" + org), null, 200);
        assertRead(onlyNewEntry(), "organisation.read", "organisation", org);
        MvcResult search = perform(post(DEFENDERS + "/search"), json.createObjectNode().put("name", name), 200);
        assertThat(parse(search.getResponse().getContentAsString()).path("totalItems").asLong()).isEqualTo(1);
        assertRead(onlyNewEntry(), "defender.search", "defender", def);
        MvcResult bySearch = perform(post(INCIDENTS + "/search"), json.createObjectNode().put("defenderName", name), 200);
        assertThat(parse(bySearch.getResponse().getContentAsString()).path("totalItems").asLong()).isEqualTo(1);
        assertRead(onlyNewEntry(), "incident.search", "incident", inc);

        // organisation.revise, and a list read that names exactly the organisations it decrypted
        String orgName2 = "Centro Prodh Seam renamed " + seed.suffix;
        secrets.add(orgName2);
        ObjectNode org2 = seed.organisation(orgName2, orgAcronym, "MEX", "NGO");
        perform(put(ORGANISATIONS + "/" + org).header(HttpHeaders.IF_MATCH, "\"1\""), org2, 200);
        assertChange(onlyNewEntry(), "organisation.revise", "organisation", org, 2);
        MvcResult orgs = perform(post(ORGANISATIONS + "/search"), json.createObjectNode().put("name", orgAcronym), 200);
        assertThat(parse(orgs.getResponse().getContentAsString()).path("items").get(0).path("name").asString()).isEqualTo(orgName2);
        assertRead(onlyNewEntry(), "organisation.list", "organisation", org);
        MvcResult page = perform(get(INCIDENTS).param("size", "3"), null, 200);
        List<AuditEntry.Target> listed = new ArrayList<>();
        parse(page.getResponse().getContentAsString()).path("items")
                .forEach(i -> listed.add(new AuditEntry.Target("incident", i.path("id").asString(), null)));
        assertThat(listed).hasSize(3);
        Stored list = onlyNewEntry();
        assertThat(list.entry().kind()).isEqualTo("READ");
        assertThat(list.entry().action()).isEqualTo("incident.list");
        assertThat(list.entry().targets()).as("the entry names exactly the incidents returned").isEqualTo(listed);

        // defender.revise, then defender.erase (a tombstone and a shredded data key, as one change)
        String role2 = "Director " + seed.suffix;
        secrets.add(role2);
        perform(put(DEFENDERS + "/" + def).header(HttpHeaders.IF_MATCH, "\"1\""), defender.deepCopy().put("role", role2), 200);
        assertChange(onlyNewEntry(), "defender.revise", "defender", def, 2);
        String dek = db.getCollection("defenders").find(Filters.eq("_id", def)).first().getString("dek");
        // four eyes: the officer asks, a second officer of the team grants (one entry each), then the erasure uses
        // the approval (one entry) and erases (one entry)
        String approval = id(perform(post(DEFENDERS + "/" + def + "/erasure-requests").header(HttpHeaders.IF_MATCH, "\"2\""),
                json.createObjectNode().put("reason", "asked to be forgotten"), 201));
        assertChange(onlyNewEntry(), "approval.request", "approval", approval, 1);
        MvcResult granted = mvc.perform(post("/api/v1/approvals/" + approval + "/grant").header(HttpHeaders.IF_MATCH, "\"1\"")
                .with(TestUsers.officerWithPasskey("second-officer", DemoTeams.GENEVA))
                .with(SecurityMockMvcRequestPostProcessors.csrf())).andReturn();
        assertThat(granted.getResponse().getStatus()).as(granted.getResponse().getContentAsString()).isEqualTo(200);
        Stored grant = onlyNewEntry();
        assertThat(grant.entry().action()).isEqualTo("approval.grant");
        assertThat(grant.entry().actor()).as("the second officer").isEqualTo("second-officer");
        assertThat(grant.entry().targets()).containsExactly(new AuditEntry.Target("approval", approval, 2L));
        perform(delete(DEFENDERS + "/" + def).header(HttpHeaders.IF_MATCH, "\"2\"").header("Vault-Approval", approval), null, 200);
        List<Stored> erasure = newEntries();
        assertThat(erasure).hasSize(2);
        assertChange(erasure.get(0), "approval.use", "approval", approval, 3);
        Stored erase = erasure.get(1);
        assertChange(erase, "defender.erase", "defender", def, 3);
        assertThat(erase.payload().getList("ops", Document.class)).extracting(o -> o.getString("op")).containsExactly("put", "shred");
        assertThat(erase.payload().getList("ops", Document.class).get(1).getString("dataKey")).isEqualTo(dek);

        // the whole stretch: gapless, chained, signed, applied, and free of plaintext
        List<Stored> mine = AuditLogAssertions.verifiedChainFrom(db, keyRing, first);
        assertThat(mine).extracting(s -> s.entry().action()).containsExactly(
                "organisation.register", "defender.register", "incident.register", "incident.read", "incident.revise",
                "defender.read", "organisation.read", "defender.search", "incident.search", "organisation.revise",
                "organisation.list", "incident.list", "defender.revise", "approval.request", "approval.grant", "approval.use",
                "defender.erase");
        Map<String, Stored> changes = AuditLogAssertions.changesApplied(db, mine);
        AuditLogAssertions.versionsClaimed(changes, "organisation", org, 2);
        AuditLogAssertions.versionsClaimed(changes, "defender", def, 3);
        AuditLogAssertions.versionsClaimed(changes, "incident", inc, 2);
        for (Stored s : mine) {
            String body = s.doc().getString("body");
            String whole = s.doc().toJson();
            for (String secret : secrets) {
                assertThat(body).as("entry %d body", s.seq()).doesNotContain(secret);
                assertThat(whole).as("entry %d as stored, payload included", s.seq()).doesNotContain(secret);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void assertChange(Stored s, String action, String type, String id, long version) {
        AuditEntry e = s.entry();
        assertThat(e.kind()).isEqualTo("CHANGE");
        assertThat(e.action()).isEqualTo(action);
        assertThat(e.actor()).isEqualTo("officer");
        assertThat(e.role()).isEqualTo("PROTECTION_OFFICER");
        assertThat(e.targets()).containsExactly(new AuditEntry.Target(type, id, version));
        assertThat(s.claim()).isEqualTo(type + "/" + id + "@" + version);
        assertThat(s.doc().getList("targetIds", String.class)).containsExactly(id);
        Document payload = s.payload();
        assertThat(payload).isNotNull();
        assertThat(e.commitment()).startsWith("sha256:").isEqualTo(Commitments.of(payload));
        List<Document> ops = payload.getList("ops", Document.class);
        // a new record's change also creates its data key, first, so nothing is stored before the entry
        // (erasure adds a shred after its put: checked by the caller)
        assertThat(ops.get(0).getString("op")).isEqualTo(version == 1 ? "key" : "put");
        Document put = ops.get(version == 1 ? 1 : 0);
        assertThat(put.getString("op")).isEqualTo("put");
        if (version == 1) {
            Document key = ops.get(0).get("key", Document.class);
            assertThat(db.getCollection("data_keys").find(Filters.eq("_id", key.getString("_id"))).first())
                    .as("the stored data key is exactly the recorded one").isEqualTo(key);
        }
        assertThat(put.getString("id")).isEqualTo(id);
        assertThat(put.get("version", Number.class).longValue()).isEqualTo(version);
        Document stored = db.getCollection(put.getString("collection")).find(Filters.eq("_id", id)).first();
        assertThat(stored).as("the stored record is exactly the recorded change").isEqualTo(put.get("document", Document.class));
    }

    private static void assertRead(Stored s, String action, String type, String id) {
        AuditEntry e = s.entry();
        assertThat(e.kind()).isEqualTo("READ");
        assertThat(e.action()).isEqualTo(action);
        assertThat(e.actor()).isEqualTo("officer");
        assertThat(e.targets()).containsExactly(new AuditEntry.Target(type, id, null));
        assertThat(e.commitment()).isNull();
        assertThat(s.payload()).isNull();
        assertThat(s.claim()).startsWith("op/");
    }

    private Stored onlyNewEntry() {
        List<Stored> fresh = newEntries();
        assertThat(fresh).as("exactly one new entry").hasSize(1);
        return fresh.get(0);
    }

    private List<Stored> newEntries() {
        List<Stored> fresh = AuditLogAssertions.entries(db, mark);
        mark += fresh.size();
        return fresh;
    }

    private MvcResult perform(MockHttpServletRequestBuilder request, JsonNode body, int expectedStatus) throws Exception {
        // with a fresh passkey confirmation: the seed's defender carries a PUBLIC_NAMING consent, and erasure needs it
        request.with(officerWithPasskey());
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(expectedStatus);
        return r;
    }

    private String id(MvcResult r) throws Exception {
        return parse(r.getResponse().getContentAsString()).get("id").asString();
    }
}
