package org.evidencevault.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
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

/**
 * Step-up and four-eyes for erasing a defender, through the HTTP API: the erasure needs a recent passkey
 * confirmation and a granted approval of exactly this erasure by a second officer of the team, used once; every
 * refusal on the way is an {@code access.denied} entry and leaves the defender as it was. Recording a
 * PUBLIC_NAMING consent needs the step-up too.
 */
class ErasureApprovalTest extends ApiTestSupport {

    private static final String REASON = "{\"reason\":\"the defender asked to be forgotten\"}";

    @Autowired
    MongoDatabase db;

    private SeedCaseRequests seed;

    /** The requester and the approver (geneva-desk, a fresh passkey confirmation), and their plain variants. */
    private final RequestPostProcessor requester = TestUsers.officerWithPasskey("officer", DemoTeams.GENEVA);
    private final RequestPostProcessor requesterNoPasskey = TestUsers.officerOf("officer", DemoTeams.GENEVA);
    private final RequestPostProcessor approver = TestUsers.officerWithPasskey("second-officer", DemoTeams.GENEVA);
    private final RequestPostProcessor approverNoPasskey = TestUsers.officerOf("second-officer", DemoTeams.GENEVA);

    @BeforeEach
    void newSeed() {
        seed = new SeedCaseRequests(mvc, json);
    }

    @Test
    void anErasureNeedsAStepUpThenAnApprovalOfASecondOfficerAndUsesItOnce() throws Exception {
        String defender = newDefender("Erasure Flow");
        long mark = auditMark();

        // no passkey confirmation: 401 before anything is looked up, the same for an unknown id
        MvcResult noStepUp = perform(erase(defender, 1, null).with(requesterNoPasskey));
        assertThat(noStepUp.getResponse().getStatus()).isEqualTo(401);
        assertThat(problem(noStepUp).path("type").asString()).endsWith("step-up-required");
        assertThat(noStepUp.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
                .contains("insufficient_user_authentication").contains("max_age=300");
        assertThat(perform(erase(UUID.randomUUID().toString(), 1, null).with(requesterNoPasskey)).getResponse()
                .getContentAsString()).isEqualTo(noStepUp.getResponse().getContentAsString());

        // a passkey but no approval: 428, naming the header and the rule
        MvcResult noApproval = perform(erase(defender, 1, null).with(requester));
        assertThat(noApproval.getResponse().getStatus()).isEqualTo(428);
        assertThat(violation(noApproval)).isEqualTo("Vault-Approval approval-required");

        JsonNode request = requestErasure(defender, 1, requester);
        assertThat(request.path("status").asString()).isEqualTo("PENDING");
        assertThat(request.path("act").asString()).isEqualTo("defender.erase");
        assertThat(request.path("subject").path("id").asString()).isEqualTo(defender);
        assertThat(request.path("subject").path("version").asLong()).isEqualTo(1);
        assertThat(request.path("requestedBy").asString()).isEqualTo("officer");
        String approval = request.path("id").asString();

        // pending: still refused
        assertThat(violation(perform(erase(defender, 1, approval).with(requester)))).isEqualTo("Vault-Approval approval-pending");
        // the requester cannot grant their own request (four eyes), even with a passkey
        MvcResult own = perform(grant(approval, 1).with(requester));
        assertThat(own.getResponse().getStatus()).isEqualTo(403);
        assertThat(violation(own)).isEqualTo("approval four-eyes");
        // the approver needs a passkey confirmation to grant
        assertThat(perform(grant(approval, 1).with(approverNoPasskey)).getResponse().getStatus()).isEqualTo(401);

        JsonNode granted = json(perform(grant(approval, 1).with(approver)), 200);
        assertThat(granted.path("status").asString()).isEqualTo("GRANTED");
        assertThat(granted.path("decidedBy").asString()).isEqualTo("second-officer");

        // only the requester may use it: another officer of the team with a passkey is refused
        MvcResult other = perform(erase(defender, 1, approval).with(approver));
        assertThat(violation(other)).isEqualTo("Vault-Approval approval-mismatch");
        assertThat(defenderStatus(defender)).as("nothing erased yet").isEqualTo(200);

        MvcResult erased = perform(erase(defender, 1, approval).with(requester));
        assertThat(erased.getResponse().getStatus()).as(erased.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(defenderStatus(defender)).isEqualTo(410);
        assertThat(json(perform(get("/api/v1/approvals/" + approval).with(requester)), 200).path("status").asString())
                .isEqualTo("USED");

        assertThat(actions(mark)).containsSubsequence("access.denied", "approval.request", "approval.grant", "approval.use",
                "defender.erase");
        assertThat(refusals(mark)).contains("step-up-required", "approval-required", "approval-pending", "four-eyes",
                "approval-mismatch");
    }

    @Test
    void anApprovalIsBoundToTheVersionItWasAskedFor() throws Exception {
        String defender = newDefender("Bound Version");
        String approval = requestErasure(defender, 1, requester).path("id").asString();
        json(perform(grant(approval, 1).with(approver)), 200);

        // the defender changes after the approval: the approval does not cover the new version
        MvcResult revised = perform(put("/api/v1/defenders/" + defender).with(requester).with(csrf()).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(
                        seed.defender("Bound Version Revised " + seed.suffix, null, "Lawyer"))));
        assertThat(revised.getResponse().getStatus()).as(revised.getResponse().getContentAsString()).isEqualTo(200);

        assertThat(violation(perform(erase(defender, 2, approval).with(requester)))).isEqualTo("Vault-Approval approval-mismatch");
        assertThat(perform(erase(defender, 1, approval).with(requester)).getResponse().getStatus())
                .as("the old version is not current any more").isEqualTo(412);
        assertThat(defenderStatus(defender)).isEqualTo(200);

        // an approval of one defender does not erase another
        String another = newDefender("Another Defender");
        assertThat(violation(perform(erase(another, 1, approval).with(requester)))).isEqualTo("Vault-Approval approval-mismatch");
        assertThat(defenderStatus(another)).isEqualTo(200);
    }

    @Test
    void aRefusedApprovalAllowsNothingAndAnApprovalCannotBeDecidedTwice() throws Exception {
        String defender = newDefender("Refused Erasure");
        String approval = requestErasure(defender, 1, requester).path("id").asString();

        JsonNode refused = json(perform(post("/api/v1/approvals/" + approval + "/refuse").with(approverNoPasskey).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"")), 200);
        assertThat(refused.path("status").asString()).as("refusing needs no passkey: it allows nothing").isEqualTo("REFUSED");
        assertThat(violation(perform(erase(defender, 1, approval).with(requester)))).isEqualTo("Vault-Approval approval-refused");

        MvcResult again = perform(grant(approval, 2).with(approver));
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(violation(again)).isEqualTo("approval approval-not-pending");
        assertThat(defenderStatus(defender)).isEqualTo(200);
    }

    @Test
    void approvalsAreListedForThoseWhoMayDecideThemAndHiddenFromEveryoneElse() throws Exception {
        String defender = newDefender("Listed Erasure");
        String approval = requestErasure(defender, 1, requester).path("id").asString();

        assertThat(ids(perform(get("/api/v1/approvals?size=100").with(approverNoPasskey))))
                .as("awaiting the second officer's decision").contains(approval);
        assertThat(json(perform(get("/api/v1/approvals/" + approval).with(approverNoPasskey)), 200).path("reason").asString())
                .isEqualTo("the defender asked to be forgotten");
        assertThat(ids(perform(get("/api/v1/approvals?size=100").with(requesterNoPasskey))))
                .as("not awaiting the requester's own decision").doesNotContain(approval);
        assertThat(ids(perform(get("/api/v1/approvals/mine?size=100").with(requesterNoPasskey)))).contains(approval);

        // an officer of another team: not listed, and the same 404 as an unknown id, also for a decision
        RequestPostProcessor mexico = TestUsers.officerWithPasskey("officer2", DemoTeams.MEXICO);
        assertThat(ids(perform(get("/api/v1/approvals?size=100").with(mexico)))).doesNotContain(approval);
        MvcResult foreign = perform(get("/api/v1/approvals/" + approval).with(mexico));
        MvcResult unknown = perform(get("/api/v1/approvals/" + UUID.randomUUID()).with(mexico));
        assertThat(foreign.getResponse().getStatus()).isEqualTo(404);
        assertThat(foreign.getResponse().getContentAsString()).isEqualTo(unknown.getResponse().getContentAsString());
        assertThat(perform(grant(approval, 1).with(mexico)).getResponse().getStatus()).isEqualTo(404);
        // a rapporteur holds no approvable act
        assertThat(perform(get("/api/v1/approvals").with(rapporteur())).getResponse().getStatus()).isEqualTo(403);
        assertThat(json(perform(get("/api/v1/approvals/" + approval).with(requester)), 200).path("status").asString())
                .isEqualTo("PENDING");
    }

    @Test
    void aRequestNeedsAReasonAndTheCurrentVersionAndStoresNothingOtherwise() throws Exception {
        String defender = newDefender("Reasonless Erasure");
        long before = db.getCollection("approvals").countDocuments();

        MvcResult noReason = perform(post("/api/v1/defenders/" + defender + "/erasure-requests").with(requester).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON).content("{}"));
        assertThat(noReason.getResponse().getStatus()).isEqualTo(422);
        assertThat(violation(noReason)).isEqualTo("reason required");
        MvcResult stale = perform(post("/api/v1/defenders/" + defender + "/erasure-requests").with(requester).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"7\"").contentType(MediaType.APPLICATION_JSON).content(REASON));
        assertThat(stale.getResponse().getStatus()).isEqualTo(412);
        MvcResult unknownField = perform(post("/api/v1/defenders/" + defender + "/erasure-requests").with(requester).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"x\",\"approvedBy\":\"me\"}"));
        assertThat(unknownField.getResponse().getStatus()).isEqualTo(400);
        assertThat(unknownField.getResponse().getContentAsString()).doesNotContain("\"me\"");
        assertThat(db.getCollection("approvals").countDocuments()).isEqualTo(before);
    }

    @Test
    void recordingAPublicNamingConsentNeedsAStepUpAndKeepingOneDoesNot() throws Exception {
        var body = seed.defender("Public Naming " + seed.suffix, null, "Journalist");
        MvcResult refused = perform(post("/api/v1/defenders").with(requesterNoPasskey).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)));
        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(problem(refused).path("type").asString()).endsWith("step-up-required");

        String id = seed.create("/api/v1/defenders", body);
        // a revision that keeps the PUBLIC_NAMING consent as it is needs no passkey
        body.put("role", "Editor");
        MvcResult kept = perform(put("/api/v1/defenders/" + id).with(requesterNoPasskey).with(csrf()).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)));
        assertThat(kept.getResponse().getStatus()).as(kept.getResponse().getContentAsString()).isEqualTo(200);
        // one that adds another PUBLIC_NAMING consent does
        ((tools.jackson.databind.node.ArrayNode) body.get("consents")).addObject().put("purpose", "PUBLIC_NAMING").put("grantedOn", "2024-01-09");
        MvcResult added = perform(put("/api/v1/defenders/" + id).with(requesterNoPasskey).with(csrf()).header(HttpHeaders.IF_MATCH, "\"2\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)));
        assertThat(added.getResponse().getStatus()).isEqualTo(401);
        assertThat(perform(put("/api/v1/defenders/" + id).with(requester).with(csrf()).header(HttpHeaders.IF_MATCH, "\"2\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void everyRefusalIsRecordedAndAForeignRecordIsRecordedLikeAnUnknownOne() throws Exception {
        String defender = newDefender("Refusals Recorded");
        RequestPostProcessor mexico = TestUsers.officerOf("officer2", DemoTeams.MEXICO);
        long mark = auditMark();
        perform(get("/api/v1/defenders/" + defender).with(mexico));
        perform(get("/api/v1/defenders/" + UUID.randomUUID()).with(mexico));
        perform(get("/api/v1/audit/keys").with(requesterNoPasskey));

        List<Document> denied = entries(mark, "access.denied");
        assertThat(denied).hasSize(3);
        assertThat(targets(denied.get(0))).containsExactly("refusal:not-found", "endpoint:GET /api/v1/defenders/{id}",
                "defender:" + defender);
        assertThat(targets(denied.get(1)).subList(0, 2)).isEqualTo(targets(denied.get(0)).subList(0, 2));
        assertThat(targets(denied.get(2))).containsExactly("refusal:permission", "endpoint:GET /api/v1/audit/keys",
                "permission:AUDIT_READ");
        assertThat(denied).allSatisfy(d -> assertThat(d.getString("body")).doesNotContain("Refusals Recorded"));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private String newDefender(String name) throws Exception {
        return seed.create("/api/v1/defenders", seed.defender(name + " " + seed.suffix, null, "Lawyer"));
    }

    private JsonNode requestErasure(String defender, long version, RequestPostProcessor who) throws Exception {
        return json(perform(post("/api/v1/defenders/" + defender + "/erasure-requests").with(who).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"" + version + "\"").contentType(MediaType.APPLICATION_JSON).content(REASON)), 201);
    }

    private static MockHttpServletRequestBuilder erase(String defender, long version, String approval) {
        MockHttpServletRequestBuilder b = delete("/api/v1/defenders/" + defender).with(csrf()).header(HttpHeaders.IF_MATCH, "\"" + version + "\"");
        return approval == null ? b : b.header("Vault-Approval", approval);
    }

    private static MockHttpServletRequestBuilder grant(String approval, long version) {
        return post("/api/v1/approvals/" + approval + "/grant").with(csrf()).header(HttpHeaders.IF_MATCH, "\"" + version + "\"");
    }

    private int defenderStatus(String defender) throws Exception {
        return perform(get("/api/v1/defenders/" + defender).with(requesterNoPasskey)).getResponse().getStatus();
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private JsonNode json(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return parse(r.getResponse().getContentAsString());
    }

    private JsonNode problem(MvcResult r) throws Exception {
        assertThat(r.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return parse(r.getResponse().getContentAsString());
    }

    /** "field rule" of the problem's only violation. */
    private String violation(MvcResult r) throws Exception {
        JsonNode violations = problem(r).path("violations");
        assertThat(violations.size()).as(r.getResponse().getContentAsString()).isEqualTo(1);
        return violations.get(0).path("field").asString() + " " + violations.get(0).path("rule").asString();
    }

    private List<String> ids(MvcResult r) throws Exception {
        List<String> out = new ArrayList<>();
        json(r, 200).path("items").forEach(i -> out.add(i.path("id").asString()));
        return out;
    }

    private long auditMark() {
        return db.getCollection("audit_log").countDocuments();
    }

    private List<Document> entries(long mark, String action) {
        return db.getCollection("audit_log").find(Filters.and(Filters.gte("_id", mark), Filters.eq("action", action)))
                .sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    private List<String> actions(long mark) {
        List<String> out = new ArrayList<>();
        db.getCollection("audit_log").find(Filters.gte("_id", mark)).sort(new Document("_id", 1))
                .forEach(d -> out.add(d.getString("action")));
        return out;
    }

    /** The rule or reason of each access.denied entry since {@code mark}. */
    private List<String> refusals(long mark) {
        List<String> out = new ArrayList<>();
        for (Document d : entries(mark, "access.denied")) {
            for (String t : targets(d)) {
                if (t.startsWith("rule:")) {
                    out.add(t.substring(5));
                } else if (t.equals("refusal:step-up-required")) {
                    out.add("step-up-required");
                }
            }
        }
        return out;
    }

    private List<String> targets(Document entry) {
        List<String> out = new ArrayList<>();
        parse(entry.getString("body")).path("targets").forEach(t -> out.add(t.path("type").asString() + ":" + t.path("id").asString()));
        return out;
    }
}
