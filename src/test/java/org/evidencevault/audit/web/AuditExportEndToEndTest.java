package org.evidencevault.audit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.evidencevault.cli.VaultCommandLine;
import org.evidencevault.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The auditor's path end to end: changes and reads through the API, a bundle exported through the API,
 * verified offline by the {@code verify} command with a key fetched separately; one changed byte fails.
 */
class AuditExportEndToEndTest extends ApiTestSupport {

    @Test
    void rangeBundleFromTheApiVerifiesOfflineAndOneChangedByteFails(@TempDir Path dir) throws Exception {
        String incident = someIncidentId();
        mvc.perform(get("/api/v1/incidents/" + incident).with(rapporteur())).andExpect(status().isOk());
        long size = parse(mvc.perform(get("/api/v1/audit/checkpoints/latest").with(auditor())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).path("size").asLong();
        Path key = pinnedKey(dir);

        byte[] bundle = mvc.perform(get("/api/v1/audit/export").param("from", "0").param("to", Long.toString(size - 1)).with(auditor()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        Path file = dir.resolve("bundle.json");
        Files.write(file, bundle);
        assertThat(new String(bundle, StandardCharsets.UTF_8)).doesNotContain("Aguilar").doesNotContain("Prodh");

        assertThat(VaultCommandLine.run(new String[] {"verify", file.toString(), "--key", key.toString()})).isZero();

        ObjectNode tampered = (ObjectNode) json.readTree(bundle);
        ObjectNode first = (ObjectNode) tampered.path("entries").get(1);
        first.put("entry", first.path("entry").asString().replace("\"system\"", "\"systen\""));
        Path bad = dir.resolve("tampered.json");
        Files.write(bad, json.writeValueAsBytes(tampered));
        assertThat(VaultCommandLine.run(new String[] {"verify", bad.toString(), "--key", key.toString()})).isEqualTo(1);
    }

    @Test
    void incidentBundleCarriesItsEntriesWithProofsAndVerifies(@TempDir Path dir) throws Exception {
        String incident = someIncidentId();
        mvc.perform(get("/api/v1/incidents/" + incident).with(officer())).andExpect(status().isOk());
        byte[] bundle = mvc.perform(get("/api/v1/audit/export").param("incident", incident).with(auditor()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        JsonNode parsed = json.readTree(bundle);
        assertThat(parsed.path("entries").size()).isGreaterThanOrEqualTo(2);
        assertThat(parsed.path("inclusionProofs").size()).isEqualTo(parsed.path("entries").size());
        Path file = dir.resolve("incident.json");
        Files.write(file, bundle);
        assertThat(VaultCommandLine.run(new String[] {"verify", file.toString(), "--key", pinnedKey(dir).toString()})).isZero();
    }

    @Test
    void serverSideVerificationOfARangeSucceeds() throws Exception {
        long size = parse(mvc.perform(get("/api/v1/audit/checkpoints/latest").with(auditor()))
                .andReturn().getResponse().getContentAsString()).path("size").asLong();
        JsonNode result = parse(mvc.perform(post("/api/v1/audit/verify").param("from", "0").param("to", Long.toString(size - 1))
                .with(auditor())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(result.path("ok").asBoolean()).isTrue();
    }

    @Test
    void onlyAuditorsReachTheLog() throws Exception {
        mvc.perform(get("/api/v1/audit/export").param("from", "0").param("to", "0").with(officer())).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/keys").with(rapporteur())).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/keys")).andExpect(status().isUnauthorized());
    }

    @Test
    void proofsAreServedForCheckpointedSizes() throws Exception {
        JsonNode latest = parse(mvc.perform(get("/api/v1/audit/checkpoints/latest").with(auditor()))
                .andReturn().getResponse().getContentAsString());
        long size = latest.path("size").asLong();
        JsonNode proof = parse(mvc.perform(get("/api/v1/audit/proofs/inclusion").param("seq", "0")
                .param("treeSize", Long.toString(size)).with(auditor())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(proof.path("proof").size()).isGreaterThan(0);
        mvc.perform(get("/api/v1/audit/proofs/inclusion").param("seq", Long.toString(size)).param("treeSize", Long.toString(size))
                .with(auditor())).andExpect(status().isUnprocessableContent());
    }

    /** README's auditor step 1: the response of GET /keys saved as it is, and pin-key writing the key file. */
    private Path pinnedKey(Path dir) throws Exception {
        byte[] keys = mvc.perform(get("/api/v1/audit/keys").with(auditor())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        Path list = Files.write(dir.resolve("keys.json"), keys);
        String keyId = json.readTree(keys).get(0).path("keyId").asString();
        Path key = dir.resolve(keyId + ".json");
        Files.deleteIfExists(key);
        assertThat(VaultCommandLine.run(new String[] {"pin-key", "--keys", list.toString(), "--key-id", keyId,
                "--out", key.toString()})).isZero();
        return key;
    }

    private String someIncidentId() throws Exception {
        JsonNode page = parse(mvc.perform(post("/api/v1/incidents/search").with(officer())
                .contentType(MediaType.APPLICATION_JSON).content("{\"defenderName\":\"Maria Luisa Aguilar Rodriguez\"}")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        return page.path("items").get(0).path("id").asString();
    }
}
