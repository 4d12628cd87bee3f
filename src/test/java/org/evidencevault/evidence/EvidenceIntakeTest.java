package org.evidencevault.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.crypto.Digests;
import org.evidencevault.crypto.StreamingAead;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evidence intake and download through the HTTP API: the bytes hashed and encrypted as they arrive, in one
 * request or resumed from the offset the vault reports (also after a torn write), the capture digest and the
 * declared type held to the bytes (a mismatch keeps nothing), the download decrypted and checked, the chain of
 * custody read back from the log, and who may do what.
 */
class EvidenceIntakeTest extends ApiTestSupport {

    private static final String OFFSET_STREAM = "application/offset+octet-stream";

    @Autowired
    MongoDatabase db;

    @Autowired
    EvidenceProperties props;

    @Autowired
    org.evidencevault.store.StoreProperties store;

    private SeedCaseRequests seed;
    private String incident;

    private static RequestPostProcessor officer2() {
        return who(TestUsers.officerWithPasskey("officer2", DemoTeams.MEXICO));
    }

    private static RequestPostProcessor who(RequestPostProcessor p) {
        return request -> csrf().postProcessRequest(p.postProcessRequest(request));
    }

    @BeforeEach
    void anIncident() throws Exception {
        seed = new SeedCaseRequests(mvc, json);
        incident = seed.create("/api/v1/incidents", seed.minimalIncident(
                seed.create("/api/v1/defenders", seed.defender("Evidence Defender " + seed.suffix, null, "Lawyer")), "Evidence case"));
    }

    @Test
    void aFileSentInOneRequestIsHashedEncryptedAndDownloadedAsItWas() throws Exception {
        byte[] file = pdf(StreamingAead.FIRST_PLAINTEXT + StreamingAead.PLAINTEXT + 4321);
        String id = register("LAB_REPORT", "application/pdf", file.length, null);

        MvcResult sent = perform(patch("/api/v1/evidence/" + id + "/content").with(officer()).contentType(OFFSET_STREAM)
                .header("Upload-Offset", "0").content(file));
        assertThat(sent.getResponse().getStatus()).as(sent.getResponse().getContentAsString()).isEqualTo(204);
        assertThat(sent.getResponse().getHeader("Upload-Offset")).isEqualTo(Long.toString(file.length));

        JsonNode item = body(perform(get("/api/v1/evidence/" + id).with(officer())), 200);
        assertThat(item.path("status").asString()).isEqualTo("COMPLETE");
        assertThat(item.path("sha256").asString()).isEqualTo(Digests.sha256Hex(file));
        assertThat(item.path("sha512").asString()).isEqualTo(sha512(file));
        assertThat(item.path("detectedMediaType").asString()).isEqualTo("application/pdf");
        assertThat(item.path("fileName").asString()).isEqualTo("Informe Citizen Lab " + seed.suffix + ".pdf");
        assertThat(item.path("format").asString()).isEqualTo(StreamingAead.FORMAT);

        // at rest: neither the bytes nor the file name
        byte[] blob = Files.readAllBytes(blobDir().resolve(id + ".blob"));
        assertThat(blob).hasSize((int) StreamingAead.ciphertextSize(file.length));
        assertThat(indexOf(blob, Arrays.copyOfRange(file, 100, 132))).isNegative();
        Document stored = db.getCollection("evidence_items").find(Filters.eq("_id", id)).first();
        assertThat(stored.toJson()).doesNotContain("Citizen Lab").doesNotContain(seed.suffix);

        MvcResult download = download(id, officerWithPasskey());
        assertThat(download.getResponse().getStatus()).isEqualTo(200);
        assertThat(download.getResponse().getContentAsByteArray()).isEqualTo(file);
        assertThat(download.getResponse().getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"evidence-" + id + "\"");
        assertThat(download.getResponse().getHeader("Repr-Digest"))
                .startsWith("sha-256=:" + Base64.getEncoder().encodeToString(Digests.sha256(file)) + ":");

        List<String> custody = new ArrayList<>();
        body(perform(get("/api/v1/evidence/" + id + "/custody").with(rapporteurIfShared())), 200)
                .forEach(e -> custody.add(e.path("action").asString()));
        assertThat(custody).containsSubsequence("evidence.register", "evidence.intake", "evidence.download");
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void aDownloadWithABearerTokenStreamsToTheEndAndIsRecordedOnlyAsADownload() throws Exception {
        byte[] file = pdf(StreamingAead.FIRST_PLAINTEXT + 777);
        String id = register("LAB_REPORT", "application/pdf", file.length, null);
        assertThat(send(id, 0, file).getResponse().getStatus()).isEqualTo(204);
        String token = org.evidencevault.security.FreshPasskeyTokens.of(context, "officer");
        long refusalsBefore = db.getCollection("audit_log").countDocuments(Filters.eq("action", "access.denied"));

        // the streamed body ends in an async dispatch: the token's identity must still hold there
        MvcResult started = mvc.perform(get("/api/v1/evidence/" + id + "/content").header("Authorization", "Bearer " + token)).andReturn();
        assertThat(started.getRequest().isAsyncStarted()).isTrue();
        MvcResult done = mvc.perform(asyncDispatch(started)).andReturn();
        assertThat(done.getResponse().getStatus()).isEqualTo(200);
        assertThat(done.getResponse().getContentAsByteArray()).isEqualTo(file);
        assertThat(db.getCollection("audit_log").countDocuments(Filters.eq("action", "access.denied"))).isEqualTo(refusalsBefore);
    }

    @Test
    void aBrokenUploadResumesFromTheOffsetTheVaultReportsAlsoAfterATornWrite() throws Exception {
        byte[] file = pdf(StreamingAead.FIRST_PLAINTEXT + 2 * StreamingAead.PLAINTEXT + 99);
        String id = register("LAB_REPORT", "application/pdf", file.length, null);

        // the connection breaks inside the second segment: the first is kept, the rest is asked for again
        int sentFirst = StreamingAead.FIRST_PLAINTEXT + 500_000;
        MvcResult first = send(id, 0, Arrays.copyOf(file, sentFirst));
        assertThat(first.getResponse().getHeader("Upload-Offset")).isEqualTo(Integer.toString(StreamingAead.FIRST_PLAINTEXT));
        MvcResult asked = perform(head("/api/v1/evidence/" + id + "/content").with(officer()));
        assertThat(asked.getResponse().getHeader("Upload-Offset")).isEqualTo(Integer.toString(StreamingAead.FIRST_PLAINTEXT));
        assertThat(asked.getResponse().getHeader("Upload-Length")).isEqualTo(Integer.toString(file.length));

        // less than one whole segment: refused (sending the same again would never get further), told how much to send
        MvcResult tooSmall = send(id, StreamingAead.FIRST_PLAINTEXT, Arrays.copyOfRange(file, StreamingAead.FIRST_PLAINTEXT,
                StreamingAead.FIRST_PLAINTEXT + 256 * 1024));
        assertThat(tooSmall.getResponse().getStatus()).isEqualTo(409);
        assertThat(violation(tooSmall)).isEqualTo("Upload-Offset chunk-too-small");
        assertThat(tooSmall.getResponse().getHeader("Upload-Offset")).isEqualTo(Integer.toString(StreamingAead.FIRST_PLAINTEXT));

        // from the wrong offset: refused, and told where to go on
        MvcResult wrong = send(id, sentFirst, Arrays.copyOfRange(file, sentFirst, file.length));
        assertThat(wrong.getResponse().getStatus()).isEqualTo(409);
        assertThat(wrong.getResponse().getHeader("Upload-Offset")).isEqualTo(Integer.toString(StreamingAead.FIRST_PLAINTEXT));

        // the second segment, then a torn write (the process died while appending the third): cut back, rebuilt
        int second = StreamingAead.FIRST_PLAINTEXT + StreamingAead.PLAINTEXT;
        assertThat(send(id, StreamingAead.FIRST_PLAINTEXT, Arrays.copyOfRange(file, StreamingAead.FIRST_PLAINTEXT, second + 10))
                .getResponse().getHeader("Upload-Offset")).isEqualTo(Integer.toString(second));
        Files.write(blobDir().resolve(id + ".part"), new byte[777], StandardOpenOption.APPEND);
        MvcResult resumed = perform(head("/api/v1/evidence/" + id + "/content").with(officer()));
        assertThat(resumed.getResponse().getHeader("Upload-Offset")).isEqualTo(Integer.toString(second));

        MvcResult rest = send(id, second, Arrays.copyOfRange(file, second, file.length));
        assertThat(rest.getResponse().getStatus()).as(rest.getResponse().getContentAsString()).isEqualTo(204);
        JsonNode item = body(perform(get("/api/v1/evidence/" + id).with(officer())), 200);
        assertThat(item.path("status").asString()).isEqualTo("COMPLETE");
        assertThat(item.path("sha256").asString()).isEqualTo(Digests.sha256Hex(file));
        assertThat(download(id, officerWithPasskey()).getResponse().getContentAsByteArray()).isEqualTo(file);
        assertThat(send(id, file.length, new byte[] {1}).getResponse().getStatus()).as("complete: no more bytes").isEqualTo(409);
    }

    @Test
    void bytesThatDoNotHaveTheCaptureDigestAreRefusedAndNothingIsKept() throws Exception {
        byte[] file = pdf(200_000);
        byte[] other = file.clone();
        other[150_000] ^= 1;
        String id = register("LAB_REPORT", "application/pdf", file.length,
                "sha-256=:" + Base64.getEncoder().encodeToString(Digests.sha256(other)) + ":");
        String dek = db.getCollection("evidence_items").find(Filters.eq("_id", id)).first().getString("dek");

        MvcResult refused = send(id, 0, file);
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(violation(refused)).isEqualTo("captureSha256 digest-mismatch");
        assertRefused(id, dek);
    }

    @Test
    void bytesThatContradictTheDeclaredTypeOrExceedTheSizeAreRefused() throws Exception {
        String png = register("SCREENSHOT", "image/png", 5000, null);
        String dek = db.getCollection("evidence_items").find(Filters.eq("_id", png)).first().getString("dek");
        MvcResult contradicted = send(png, 0, pdf(5000));
        assertThat(contradicted.getResponse().getStatus()).isEqualTo(422);
        assertThat(violation(contradicted)).isEqualTo("mediaType contradicts-content");
        assertRefused(png, dek);

        String small = register("LAB_REPORT", "application/pdf", 1000, null);
        MvcResult tooMany = send(small, 0, pdf(1001));
        assertThat(tooMany.getResponse().getStatus()).isEqualTo(422);
        assertThat(violation(tooMany)).isEqualTo("size exceeds-declared-size");
    }

    @Test
    void registrationsBreakingARuleAreRefusedNamingFieldAndRuleAndStoreNothing() throws Exception {
        long before = db.getCollection("evidence_items").countDocuments();
        assertThat(violation(registerReply(registration("LAB_REPORT", "application/pdf", 0)))).isEqualTo("size min");
        assertThat(violation(registerReply(registration("LAB_REPORT", "application/pdf", props.maxSize().toBytes() + 1))))
                .isEqualTo("size max");
        assertThat(violation(registerReply(registration("SCREENSHOT", "application/pdf", 10)))).isEqualTo("mediaType kind-media-type");
        MvcResult unknownKind = registerReply(registration("LAB_REPORT", "application/pdf", 10).put("kind", "HOLOGRAM"));
        assertThat(unknownKind.getResponse().getStatus()).isEqualTo(400);
        assertThat(unknownKind.getResponse().getContentAsString()).doesNotContain("HOLOGRAM");
        MvcResult unknownField = registerReply(registration("LAB_REPORT", "application/pdf", 10).put("path", "/etc/passwd"));
        assertThat(unknownField.getResponse().getStatus()).isEqualTo(400);
        assertThat(unknownField.getResponse().getContentAsString()).doesNotContain("/etc/passwd");
        assertThat(db.getCollection("evidence_items").countDocuments()).isEqualTo(before);
    }

    @Test
    void onlyTheTeamSendsBytesOnlyThoseWhoReachTheIncidentSeeItemsAndADownloadNeedsAStepUp() throws Exception {
        byte[] file = pdf(3000);
        String id = register("LAB_REPORT", "application/pdf", file.length, null);
        assertThat(send(id, 0, file).getResponse().getStatus()).isEqualTo(204);

        // another team: the same 404 as an unknown id, for the item, its bytes and the incident's list
        for (String path : List.of("/api/v1/evidence/%s", "/api/v1/evidence/%s/custody")) {
            MvcResult foreign = perform(get(path.formatted(id)).with(officer2()));
            MvcResult unknown = perform(get(path.formatted(UUID.randomUUID())).with(officer2()));
            assertThat(foreign.getResponse().getStatus()).isEqualTo(404);
            assertThat(foreign.getResponse().getContentAsString()).isEqualTo(unknown.getResponse().getContentAsString());
        }
        assertThat(perform(get("/api/v1/incidents/" + incident + "/evidence").with(officer2())).getResponse().getStatus()).isEqualTo(404);
        assertThat(perform(post("/api/v1/incidents/" + incident + "/evidence").with(officer2()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(registration("LAB_REPORT", "application/pdf", 10)))).getResponse().getStatus())
                .isEqualTo(404);
        // a rapporteur of the mandate it is shared with sees it; no rapporteur sends bytes
        assertThat(perform(get("/api/v1/evidence/" + id).with(rapporteurIfShared())).getResponse().getStatus()).isEqualTo(200);
        assertThat(perform(patch("/api/v1/evidence/" + id + "/content").with(rapporteur()).contentType(OFFSET_STREAM)
                .header("Upload-Offset", "0").content(file)).getResponse().getStatus()).isEqualTo(403);
        // the bytes need a passkey confirmation
        MvcResult noStepUp = perform(get("/api/v1/evidence/" + id + "/content").with(officer()));
        assertThat(noStepUp.getResponse().getStatus()).isEqualTo(401);
        assertThat(parse(noStepUp.getResponse().getContentAsString()).path("type").asString()).endsWith("step-up-required");
    }

    @Test
    void anMvtInfoJsonIsReadAtIntakeAndItsHashesPointAtTheIncidentsItems() throws Exception {
        byte[] backup = pdf(4096);
        String backupId = register("DEVICE_BACKUP", "application/pdf", backup.length, null);
        assertThat(send(backupId, 0, backup).getResponse().getStatus()).isEqualTo(204);
        byte[] info = ("{\"mvt_version\": \"2.6.1\", \"date\": \"2022-10-03 10:41:07\", \"ioc_files\": [\"pegasus.stix2\"],"
                + " \"hashes\": [{\"file_path\": \"backup.pdf\", \"sha256\": \"" + Digests.sha256Hex(backup) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String infoId = register("MVT_RESULT", "application/json", info.length, null);
        assertThat(send(infoId, 0, info).getResponse().getStatus()).isEqualTo(204);

        JsonNode analysis = body(perform(get("/api/v1/evidence/" + infoId).with(officer())), 200).path("analysis");
        assertThat(analysis.path("type").asString()).isEqualTo("mvt-info");
        assertThat(analysis.path("mvtVersion").asString()).isEqualTo("2.6.1");
        assertThat(analysis.path("hashes").get(0).path("matchingItems").get(0).asString()).isEqualTo(backupId);
    }

    @Test
    void aForensicConfirmationRestsOnTheIncidentsMvtResultsAndIocSetPinnedByTheirBytes() throws Exception {
        byte[] detected = "[{\"level\":\"critical\",\"module\":\"sms\",\"matched_indicator\":{\"value\":\"x.example\"}}]"
                .getBytes(StandardCharsets.UTF_8);
        String detectedId = register("MVT_RESULT", "application/json", detected.length, null);
        assertThat(send(detectedId, 0, detected).getResponse().getStatus()).isEqualTo(204);
        byte[] iocs = ("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[]}").getBytes(StandardCharsets.UTF_8);
        String iocId = register("STIX2_IOC_SET", "application/json", iocs.length, null);
        assertThat(send(iocId, 0, iocs).getResponse().getStatus()).isEqualTo(204);
        byte[] shot = pdf(2000);
        String notAFinding = register("DEVICE_BACKUP", "application/pdf", shot.length, null);
        assertThat(send(notAFinding, 0, shot).getResponse().getStatus()).isEqualTo(204);
        String receiving = register("MVT_RESULT", "application/json", 100, null);
        String otherIncident = seed.create("/api/v1/incidents", seed.minimalIncident(
                seed.create("/api/v1/defenders", seed.defender("Other Defender " + seed.suffix, null, "Lawyer")), "Other case"));

        // pinned by id; the vault fills in the hash of each item's bytes
        ObjectNode revision = confirmationResting(detectedId, iocId);
        JsonNode revised = body(perform(put("/api/v1/incidents/" + incident).with(officer()).header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(revision))), 200);
        JsonNode pins = revised.path("forensicConfirmations").get(0).path("restsOn");
        assertThat(pins.get(0).path("evidenceId").asString()).isEqualTo(detectedId);
        assertThat(pins.get(0).path("sha256").asString()).isEqualTo(Digests.sha256Hex(detected));
        assertThat(pins.get(1).path("sha256").asString()).isEqualTo(Digests.sha256Hex(iocs));
        // what the API answered is what a later read opens from the sealed record
        assertThat(body(perform(get("/api/v1/incidents/" + incident).with(officer())), 200).path("forensicConfirmations"))
                .isEqualTo(revised.path("forensicConfirmations"));

        // the response sent back unchanged is accepted; a hash that is not the item's is refused, naming the pin
        assertThat(perform(put("/api/v1/incidents/" + incident).with(officer()).header("If-Match", "\"2\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(revision.set("forensicConfirmations",
                        revised.path("forensicConfirmations"))))).getResponse().getStatus()).isEqualTo(200);
        ObjectNode wrongHash = confirmationResting(detectedId);
        ((ObjectNode) wrongHash.path("forensicConfirmations").get(0).path("restsOn").get(0)).put("sha256", Digests.sha256Hex(iocs));
        assertThat(violation(revise(wrongHash, 3))).isEqualTo("forensicConfirmations[0].restsOn[0].sha256 pin-mismatch");

        // not a finding's evidence, not received yet, another incident's, unknown, malformed: all the same answer
        for (String id : List.of(notAFinding, receiving, UUID.randomUUID().toString(), "../etc/passwd")) {
            MvcResult refused = revise(confirmationResting(id), 3);
            assertThat(violation(refused)).as(id).isEqualTo("forensicConfirmations[0].restsOn[0].evidenceId unknown-evidence");
            assertThat(refused.getResponse().getContentAsString()).doesNotContain(id);
        }
        MvcResult elsewhere = perform(put("/api/v1/incidents/" + otherIncident).with(officer()).header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(confirmationResting(detectedId))));
        assertThat(violation(elsewhere)).isEqualTo("forensicConfirmations[0].restsOn[0].evidenceId unknown-evidence");
        ObjectNode twice = confirmationResting(detectedId, detectedId);
        assertThat(violation(revise(twice, 3))).isEqualTo("forensicConfirmations[0].restsOn[1] unique");
        assertThat(body(perform(get("/api/v1/incidents/" + incident).with(officer())), 200).path("version").asLong()).isEqualTo(3);
    }

    @Test
    void whenTheIncidentMovesToAnotherTeamTheCustodyOfItsEvidenceMovesWithItAndIsRecorded() throws Exception {
        byte[] file = pdf(3000);
        String done = register("LAB_REPORT", "application/pdf", file.length, null);
        assertThat(send(done, 0, file).getResponse().getStatus()).isEqualTo(204);
        byte[] big = pdf(StreamingAead.FIRST_PLAINTEXT + 500);
        String receiving = register("LAB_REPORT", "application/pdf", big.length, null);
        assertThat(send(receiving, 0, Arrays.copyOf(big, StreamingAead.FIRST_PLAINTEXT)).getResponse().getStatus()).isEqualTo(204);

        // an officer of both desks moves the incident from Geneva to Mexico
        RequestPostProcessor both = who(TestUsers.officerOf("officer-both", DemoTeams.GENEVA, DemoTeams.MEXICO));
        JsonNode current = body(perform(get("/api/v1/incidents/" + incident).with(officer())), 200);
        ObjectNode moved = seed.minimalIncident(current.path("defenderIds").get(0).asString(), "Evidence case").put("team", DemoTeams.MEXICO);
        body(perform(put("/api/v1/incidents/" + incident).with(both).header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(moved))), 200);

        assertThat(db.getCollection("evidence_items").find(Filters.eq("_id", done)).first().getString("team")).isEqualTo(DemoTeams.MEXICO);
        List<String> custody = new ArrayList<>();
        body(perform(get("/api/v1/evidence/" + done + "/custody").with(officer2())), 200).forEach(e -> custody.add(e.path("action").asString()
                + " " + e.path("actor").asString()));
        assertThat(custody).contains("evidence.transfer officer-both");
        // the Geneva officer may no longer send bytes; the Mexico officer finishes, and the item is in Mexico's custody
        MvcResult geneva = send(receiving, StreamingAead.FIRST_PLAINTEXT, Arrays.copyOfRange(big, StreamingAead.FIRST_PLAINTEXT, big.length));
        assertThat(geneva.getResponse().getStatus()).isEqualTo(404);
        MvcResult mexico = perform(patch("/api/v1/evidence/" + receiving + "/content").with(officer2()).contentType(OFFSET_STREAM)
                .header("Upload-Offset", Integer.toString(StreamingAead.FIRST_PLAINTEXT))
                .content(Arrays.copyOfRange(big, StreamingAead.FIRST_PLAINTEXT, big.length)));
        assertThat(mexico.getResponse().getStatus()).as(mexico.getResponse().getContentAsString()).isEqualTo(204);
        assertThat(db.getCollection("evidence_items").find(Filters.eq("_id", receiving)).first().getString("team"))
                .isEqualTo(DemoTeams.MEXICO);
        assertThat(download(receiving, who(TestUsers.officerWithPasskey("officer2", DemoTeams.MEXICO))).getResponse()
                .getContentAsByteArray()).isEqualTo(big);
    }

    /** The incident's minimal body with one lab confirmation resting on {@code evidenceIds}. */
    private ObjectNode confirmationResting(String... evidenceIds) throws Exception {
        JsonNode current = body(perform(get("/api/v1/incidents/" + incident).with(officer())), 200);
        ObjectNode body = seed.minimalIncident(current.path("defenderIds").get(0).asString(), "Evidence case");
        ObjectNode c = body.putArray("forensicConfirmations").addObject().put("trigger", "APPLE_THREAT_NOTIFICATION");
        tools.jackson.databind.node.ArrayNode pins = c.putArray("restsOn");
        for (String id : evidenceIds) {
            pins.addObject().put("evidenceId", id);
        }
        return body;
    }

    private MvcResult revise(ObjectNode body, long version) throws Exception {
        return perform(put("/api/v1/incidents/" + incident).with(officer()).header("If-Match", "\"" + version + "\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)));
    }

    @Autowired
    EvidenceService service;

    @Test
    void anItemIsDisposedOfOnlyUnderASecondOfficersApprovalAndWithItsWorkingCopies() throws Exception {
        byte[] file = pdf(5000);
        String id = register("LAB_REPORT", "application/pdf", file.length, null);
        assertThat(send(id, 0, file).getResponse().getStatus()).isEqualTo(204);
        String dek = db.getCollection("evidence_items").find(Filters.eq("_id", id)).first().getString("dek");
        assertThat(perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/evidence/" + id)
                .with(officerWithPasskey()).header("If-Match", "\"2\"")).getResponse().getStatus()).as("no approval").isEqualTo(428);

        String approval = body(perform(post("/api/v1/evidence/" + id + "/disposal-requests").with(officer())
                .header("If-Match", "\"2\"").contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"the lab withdrew it\"}")), 201)
                .path("id").asString();
        assertThat(body(perform(post("/api/v1/approvals/" + approval + "/grant").header("If-Match", "\"1\"")
                .with(who(TestUsers.officerWithPasskey("second-officer", DemoTeams.GENEVA)))), 200).path("status").asString())
                .isEqualTo("GRANTED");
        JsonNode disposed = body(perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/evidence/" + id)
                .with(officerWithPasskey()).header("If-Match", "\"2\"").header("Vault-Approval", approval)), 200);
        assertThat(disposed.path("disposedItems").asInt()).isEqualTo(1);

        JsonNode item = body(perform(get("/api/v1/evidence/" + id).with(officer())), 200);
        assertThat(item.path("status").asString()).isEqualTo("DISPOSED");
        assertThat(item.path("sha256").asString()).as("the hash stays: the custody chain verifies").isEqualTo(Digests.sha256Hex(file));
        assertThat(Files.exists(blobDir().resolve(id + ".blob"))).isFalse();
        assertThat(db.getCollection("data_keys").find(Filters.eq("_id", dek)).first()).containsKey("destroyedAt");
        assertThat(perform(get("/api/v1/evidence/" + id + "/content").with(officerWithPasskey())).getResponse().getStatus()).isEqualTo(409);
    }

    @Test
    void erasingTheOnlyDefenderAnIncidentNamesDisposesOfItsEvidence() throws Exception {
        byte[] file = pdf(4000);
        String id = register("LAB_REPORT", "application/pdf", file.length, null);
        assertThat(send(id, 0, file).getResponse().getStatus()).isEqualTo(204);
        String defender = body(perform(get("/api/v1/incidents/" + incident).with(officer())), 200).path("defenderIds").get(0).asString();
        long version = body(perform(get("/api/v1/defenders/" + defender).with(officer())), 200).path("version").asLong();

        eraseUnderApproval(defender, version).andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());

        assertThat(body(perform(get("/api/v1/evidence/" + id).with(officer())), 200).path("status").asString()).isEqualTo("DISPOSED");
        assertThat(Files.exists(blobDir().resolve(id + ".blob"))).isFalse();
    }

    @Test
    void anImageGetsAWorkingCopyWithoutItsMetadataWhichIsWhatAPreviewServes() throws Exception {
        byte[] exif = jpegSegment(0xe1, "Exif\0\0 GPSLatitude 19.4326 N owner " + seed.suffix);
        byte[] jfif = jpegSegment(0xe0, "JFIF\0\1\1\0\0\1\0\1\0\0");
        byte[] scan = concat(jpegSegment(0xda, "\3\1\0\2\0\3\0\0?\0"), pdf(3000), new byte[] {(byte) 0xff, (byte) 0xd9});
        byte[] original = concat(new byte[] {(byte) 0xff, (byte) 0xd8}, jfif, exif, scan);
        byte[] expected = concat(new byte[] {(byte) 0xff, (byte) 0xd8}, jfif, scan);
        String id = register("SCREENSHOT", "image/jpeg", original.length, null);
        assertThat(send(id, 0, original).getResponse().getStatus()).isEqualTo(204);

        JsonNode items = body(perform(get("/api/v1/incidents/" + incident + "/evidence").with(officer())), 200);
        JsonNode copy = null;
        for (JsonNode i : items) {
            if (id.equals(i.path("derivedFrom").asString(null))) {
                copy = i;
            }
        }
        assertThat(copy).as("a working copy pointing to the original").isNotNull();
        assertThat(copy.path("derivation").asString()).isEqualTo("metadata-stripped");
        assertThat(copy.path("sha256").asString()).isEqualTo(Digests.sha256Hex(expected));
        assertThat(copy.path("fileName").isNull() || copy.path("fileName").isMissingNode()).isTrue();

        MvcResult preview = mvc.perform(get("/api/v1/evidence/" + id + "/preview").with(officerWithPasskey())).andReturn();
        MvcResult served = preview.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(preview)).andReturn() : preview;
        assertThat(served.getResponse().getContentAsByteArray()).isEqualTo(expected);
        assertThat(new String(served.getResponse().getContentAsByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("GPS");
        assertThat(download(id, officerWithPasskey()).getResponse().getContentAsByteArray()).as("the original never changes")
                .isEqualTo(original);
        assertThat(perform(get("/api/v1/evidence/" + id + "/preview").with(officer())).getResponse().getStatus())
                .as("a preview decrypts a file: a step-up").isEqualTo(401);
    }

    private static byte[] jpegSegment(int marker, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        int length = p.length + 2;
        return concat(new byte[] {(byte) 0xff, (byte) marker, (byte) (length >> 8), (byte) length}, p);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void aUnLettersShaPinResolvesToTheEvidenceItemHoldingItsBytesForThoseWhoMaySeeBoth() throws Exception {
        byte[] letterPdf = pdf(20_000);
        String item = register("UN_LETTER", "application/pdf", letterPdf.length, null);
        assertThat(send(item, 0, letterPdf).getResponse().getStatus()).isEqualTo(204);
        RequestPostProcessor hrd = rapporteurIfShared();
        int number = 90_000 + new Random().nextInt(9_999);
        ObjectNode letter = json.createObjectNode().put("reference", "AL OTH " + number + "/2023")
                .put("addresseeName", "NSO Group " + seed.suffix).put("sentOn", "2023-07-03");
        letter.putArray("mandates").addObject().put("code", "SR_HRD").put("hrcResolution", "52/4");
        letter.putArray("citedIncidents").addObject().put("incidentId", incident).put("note", "the case");
        letter.putObject("letterDocument").put("sha256", Digests.sha256Hex(letterPdf)).put("reference", "spcommreports " + number);
        MvcResult recorded = perform(post("/api/v1/communications").with(hrd).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(letter)));
        String letterId = body(recorded, 201).path("id").asString();

        JsonNode documents = body(perform(get("/api/v1/communications/" + letterId + "/documents").with(hrd)), 200);
        assertThat(documents.get(0).path("role").asString()).isEqualTo("letter");
        assertThat(documents.get(0).path("evidenceIds").get(0).asString()).isEqualTo(item);
        JsonNode forOfficer = body(perform(get("/api/v1/communications/" + letterId + "/documents").with(officer())), 200);
        assertThat(forOfficer.get(0).path("evidenceIds").get(0).asString()).isEqualTo(item);
        assertThat(perform(get("/api/v1/communications/" + letterId + "/documents").with(officer2())).getResponse().getStatus())
                .as("a letter citing only another team's incident does not exist for officer2").isEqualTo(404);
    }

    @Test
    void anAbandonedUploadExpiresLeavingNoBlobAndNoKey() throws Exception {
        byte[] file = pdf(StreamingAead.FIRST_PLAINTEXT + 10_000);
        String id = register("LAB_REPORT", "application/pdf", file.length, null);
        String dek = db.getCollection("evidence_items").find(Filters.eq("_id", id)).first().getString("dek");
        assertThat(send(id, 0, Arrays.copyOf(file, StreamingAead.FIRST_PLAINTEXT + 5)).getResponse().getHeader("Upload-Offset"))
                .isEqualTo(Integer.toString(StreamingAead.FIRST_PLAINTEXT));
        assertThat(Files.exists(blobDir().resolve(id + ".part"))).isTrue();

        assertThat(service.expireAbandoned(java.time.Instant.now().plusSeconds(1))).isPositive();

        assertRefused(id, dek);
        MvcResult late = send(id, StreamingAead.FIRST_PLAINTEXT, Arrays.copyOfRange(file, StreamingAead.FIRST_PLAINTEXT, file.length));
        assertThat(late.getResponse().getStatus()).isEqualTo(409);
        assertThat(db.getCollection("audit_log").countDocuments(Filters.and(Filters.eq("action", "evidence.refuse"),
                Filters.eq("targetIds", id)))).isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** The demo rapporteur, once the incident is shared with SR_HRD (its defender consents). */
    private RequestPostProcessor rapporteurIfShared() throws Exception {
        JsonNode i = body(perform(get("/api/v1/incidents/" + incident).with(officer())), 200);
        if (i.path("sharedWith").isEmpty()) {
            seed.shareWithRapporteur(incident, i.path("version").asLong());
        }
        return rapporteur();
    }

    private ObjectNode registration(String kind, String mediaType, long size) {
        return json.createObjectNode().put("kind", kind).put("mediaType", mediaType).put("size", size)
                .put("fileName", "Informe Citizen Lab " + seed.suffix + ".pdf").put("collector", "Citizen Lab")
                .put("tool", "MVT").put("toolVersion", "2.6.1").put("collectedAt", "2022-10-03T10:00:00Z");
    }

    private MvcResult registerReply(ObjectNode body) throws Exception {
        return perform(post("/api/v1/incidents/" + incident + "/evidence").with(officer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)));
    }

    private String register(String kind, String mediaType, long size, String reprDigest) throws Exception {
        MockHttpServletRequestBuilder b = post("/api/v1/incidents/" + incident + "/evidence").with(officer())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(registration(kind, mediaType, size)));
        if (reprDigest != null) {
            b.header("Repr-Digest", reprDigest);
        }
        MvcResult r = perform(b);
        assertThat(r.getResponse().getHeader("Upload-Offset")).isEqualTo("0");
        return body(r, 201).path("id").asString();
    }

    private MvcResult send(String id, long offset, byte[] bytes) throws Exception {
        return perform(patch("/api/v1/evidence/" + id + "/content").with(officer()).contentType(OFFSET_STREAM)
                .header("Upload-Offset", Long.toString(offset)).content(bytes));
    }

    private MvcResult download(String id, RequestPostProcessor who) throws Exception {
        MvcResult started = mvc.perform(get("/api/v1/evidence/" + id + "/content").with(who)).andReturn();
        return started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)).andReturn() : started;
    }

    private void assertRefused(String id, String dek) throws Exception {
        JsonNode item = body(perform(get("/api/v1/evidence/" + id).with(officer())), 200);
        assertThat(item.path("status").asString()).isEqualTo("REFUSED");
        assertThat(item.path("sha256").isNull() || item.path("sha256").isMissingNode()).isTrue();
        assertThat(Files.exists(blobDir().resolve(id + ".part"))).isFalse();
        assertThat(Files.exists(blobDir().resolve(id + ".blob"))).isFalse();
        assertThat(db.getCollection("data_keys").find(Filters.eq("_id", dek)).first()).containsKey("destroyedAt");
    }

    private Path blobDir() {
        return props.blobDir() != null ? props.blobDir() : store.dataDir().resolve("evidence");
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private JsonNode body(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return parse(r.getResponse().getContentAsString());
    }

    private String violation(MvcResult r) throws Exception {
        JsonNode v = parse(r.getResponse().getContentAsString()).path("violations");
        assertThat(v.size()).as(r.getResponse().getContentAsString()).isEqualTo(1);
        return v.get(0).path("field").asString() + " " + v.get(0).path("rule").asString();
    }

    /** A PDF-looking file of {@code size} bytes, random after its header. */
    private static byte[] pdf(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        byte[] magic = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, b, 0, Math.min(magic.length, size));
        return b;
    }

    private static String sha512(byte[] b) {
        return java.util.HexFormat.of().formatHex(Digests.newSha512().digest(b));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
