package org.evidencevault.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.Binary;
import org.evidencevault.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Associated data binds each ciphertext to its collection, record and field: a sealed value moved
 * behind the application's back into another record or field no longer opens, and the read fails
 * closed (500 integrity-failure, no plaintext of either record in the response).
 */
class SealedFieldTamperTest extends ApiTestSupport {

    /** Its own store: tampering with it must not stop the vault that other test classes share. */
    private static final java.nio.file.Path OWN_STORE = org.evidencevault.support.VaultTestDirs.fresh("sealed-field-tamper");

    @org.springframework.test.context.DynamicPropertySource
    static void ownStore(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("vault.test.own-store", OWN_STORE::toString);
    }

    @Autowired
    MongoDatabase db;

    @Autowired
    org.evidencevault.audit.IntegrityAdministration integrity;

    /** The tampered record was put back; the operator acknowledges, so changes resume for the next test. */
    @org.junit.jupiter.api.AfterEach
    void acknowledge() {
        integrity.acknowledge(new org.evidencevault.common.Actor("admin", java.util.Set.of(org.evidencevault.common.Role.ADMIN)));
    }

    /** The record is withheld before anything is decrypted (the log says its content is not what was recorded). */
    private void assertWithheld(String id, String... absent) throws Exception {
        String body = mvc.perform(get("/api/v1/defenders/" + id).with(officer()))
                .andExpect(status().isInternalServerError())
                .andReturn().getResponse().getContentAsString();
        assertThat(parse(body).path("type").asString()).isEqualTo("urn:evidence-vault:problem:record-integrity");
        assertThat(parse(body).path("detail").asString()).contains(id);
        for (String a : absent) {
            assertThat(body).doesNotContain(a);
        }
    }

    @Test
    void nameMovedToAnotherDefenderFailsToDecrypt() throws Exception {
        String a = createDefender("Tamper Source Alpha Person");
        String b = createDefender("Tamper Target Beta Person");
        MongoCollection<Document> defenders = db.getCollection("defenders");
        Document sealedOfA = defenders.find(Filters.eq("_id", a)).first().get("sealed", Document.class);
        Document originalOfB = defenders.find(Filters.eq("_id", b)).first().get("sealed", Document.class);

        defenders.updateOne(Filters.eq("_id", b), Updates.set("sealed.fullName", sealedOfA.get("fullName")));

        assertWithheld(b, "Alpha", "Beta");
        mvc.perform(get("/api/v1/defenders/" + a).with(officer())).andExpect(status().isOk());

        defenders.updateOne(Filters.eq("_id", b), Updates.set("sealed", originalOfB));
        mvc.perform(get("/api/v1/defenders/" + b).with(officer())).andExpect(status().isOk());
    }

    @Test
    void valueMovedToAnotherFieldOfTheSameRecordFailsToDecrypt() throws Exception {
        String a = createDefender("Tamper Field Gamma Person");
        MongoCollection<Document> defenders = db.getCollection("defenders");
        Document sealed = defenders.find(Filters.eq("_id", a)).first().get("sealed", Document.class);

        defenders.updateOne(Filters.eq("_id", a), Updates.set("sealed.role", sealed.get("fullName")));

        assertWithheld(a, "Gamma");
        defenders.updateOne(Filters.eq("_id", a), Updates.set("sealed", sealed));
    }

    @Test
    void oneFlippedCiphertextByteFailsToDecrypt() throws Exception {
        String a = createDefender("Tamper Byte Delta Person");
        MongoCollection<Document> defenders = db.getCollection("defenders");
        Document envelope = defenders.find(Filters.eq("_id", a)).first().get("sealed", Document.class).get("fullName", Document.class);
        byte[] c = envelope.get("c", Binary.class).getData();
        c[0] ^= 0x01;

        defenders.updateOne(Filters.eq("_id", a), Updates.set("sealed.fullName.c", new Binary(c)));

        assertWithheld(a, "Delta");
        c[0] ^= 0x01;
        defenders.updateOne(Filters.eq("_id", a), Updates.set("sealed.fullName.c", new Binary(c)));
        mvc.perform(get("/api/v1/defenders/" + a).with(officer())).andExpect(status().isOk());
    }

    private String createDefender(String name) throws Exception {
        String body = mvc.perform(post("/api/v1/defenders").with(officer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fullName\":\"" + name + "\",\"role\":\"Lawyer\",\"country\":\"MEX\"}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return parse(body).path("id").asString();
    }
}
