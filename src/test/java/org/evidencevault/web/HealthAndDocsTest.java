package org.evidencevault.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Health reports the store and the key ring without key material; API documentation needs no login. */
class HealthAndDocsTest extends ApiTestSupport {

    @Test
    void anonymousHealthSaysOnlyUpOrDown() throws Exception {
        JsonNode health = parse(mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.has("components")).as("components and details need a login").isFalse();
    }

    @Test
    void healthReportsEveryComponentToAdminsAndAuditors() throws Exception {
        JsonNode health = parse(mvc.perform(get("/actuator/health").with(auditor())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        for (String component : new String[] {"store", "keyRing", "audit", "integrity", "clock"}) {
            assertThat(health.path("components").path(component).path("status").asString()).as(component).isEqualTo("UP");
        }
    }

    @Test
    void healthDetailsForAdminsNameKeysButNeverTheirMaterial() throws Exception {
        String body = mvc.perform(get("/actuator/health").with(admin())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        JsonNode keyRing = parse(body).path("components").path("keyRing").path("details");
        assertThat(keyRing.path("activeKek").asString()).isEqualTo("kek/v1");
        assertThat(keyRing.path("demo").asBoolean()).isTrue();
        assertThat(parse(body).path("components").path("store").path("details").path("kind").asString()).isEqualTo("embedded");
        JsonNode keyFile = json.readTree(Files.readString(Path.of("keys-example/vault-keys.json")));
        for (JsonNode k : keyFile.path("keks")) {
            assertThat(body).doesNotContain(k.path("material").asString()).doesNotContain(k.path("fingerprint").asString());
        }
        assertThat(body).doesNotContain(keyFile.path("blindIndexKey").path("material").asString());
    }

    @Test
    void openApiDocumentIsServedWithoutLogin() throws Exception {
        JsonNode api = parse(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(api.path("paths").has("/api/v1/incidents")).isTrue();
        assertThat(api.path("paths").has("/api/v1/incidents/{id}")).isTrue();
        assertThat(api.path("paths").has("/api/v1/defenders")).isTrue();
        // searches by name are POSTs with the name in the body; the listings take paging only
        for (String search : new String[] {"/api/v1/defenders/search", "/api/v1/incidents/search", "/api/v1/organisations/search"}) {
            assertThat(api.path("paths").path(search).has("post")).as(search).isTrue();
            assertThat(api.path("paths").path(search).has("get")).as(search).isFalse();
        }
        assertThat(api.path("paths").path("/api/v1/defenders").has("get")).isFalse();
        for (String listing : new String[] {"/api/v1/incidents", "/api/v1/organisations"}) {
            List<String> params = new ArrayList<>();
            api.path("paths").path(listing).path("get").path("parameters").forEach(p -> params.add(p.path("name").asString()));
            assertThat(params).as(listing).containsExactlyInAnyOrder("page", "size");
        }
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
    }

    @Test
    void everythingElseNeedsAuthentication() throws Exception {
        mvc.perform(get("/api/v1/incidents")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/organisations")).andExpect(status().isUnauthorized());
    }
}
