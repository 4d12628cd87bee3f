package org.evidencevault.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.evidencevault.crypto.DataKeyDestroyedException;
import org.evidencevault.crypto.FieldSealer;
import org.evidencevault.crypto.Sealer;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.TestDecryptionProof;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Erasing a defender destroys their data key: their sealed data cannot be opened by anyone (even from
 * a copy of the ciphertext taken before), other records stay intact, and the erasure is recorded.
 */
class CryptoShreddingTest extends ApiTestSupport {

    @Autowired
    MongoDatabase db;

    @Autowired
    Sealer sealer;

    @Test
    void erasingADefenderDestroysTheirKeyAndKeepsEverythingElse() throws Exception {
        String name = "Shredded Epsilon Defender";
        String erased = defender(name);
        String kept = defender("Kept Zeta Defender");
        String incident = incident(erased, kept);
        Document before = db.getCollection("defenders").find(Filters.eq("_id", erased)).first();
        Document stolenCopy = before.get("sealed", Document.class).get("fullName", Document.class);
        String dek = before.getString("dek");

        String body = eraseUnderApproval(erased, 1)
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(parse(body).path("erasedAt").asString()).isNotBlank();

        mvc.perform(get("/api/v1/defenders/" + erased).with(officer())).andExpect(status().isGone());
        Document key = db.getCollection("data_keys").find(Filters.eq("_id", dek)).first();
        assertThat(key).containsKey("destroyedAt").doesNotContainKey("wrapped").doesNotContainKey("nonce");
        assertThatThrownBy(() -> new FieldSealer(sealer, "defenders")
                .open(new Document("fullName", stolenCopy), erased, TestDecryptionProof.ALWAYS))
                .isInstanceOf(DataKeyDestroyedException.class);
        Document tombstone = db.getCollection("defenders").find(Filters.eq("_id", erased)).first();
        assertThat(tombstone).doesNotContainKey("sealed").doesNotContainKey("nameIndex").containsKey("erasedAt");

        mvc.perform(get("/api/v1/defenders/" + kept).with(officer())).andExpect(status().isOk());
        String inc = mvc.perform(get("/api/v1/incidents/" + incident).with(officer()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(parse(inc).path("defenderIds").toString()).contains(erased, kept);
        String search = mvc.perform(post("/api/v1/defenders/search").with(officer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(json.createObjectNode().put("name", name))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(parse(search).path("totalItems").asLong()).isZero();
        assertThat(db.getCollection("audit_log").countDocuments(Filters.and(
                Filters.eq("action", "defender.erase"), Filters.eq("targetIds", erased)))).isPositive();
    }

    @Test
    void erasedDefenderCannotBeCitedByANewIncident() throws Exception {
        String erased = defender("Shredded Eta Defender");
        eraseUnderApproval(erased, 1).andExpect(status().isOk());
        mvc.perform(post("/api/v1/incidents").with(officer()).contentType(MediaType.APPLICATION_JSON).content(incidentJson(erased)))
                .andExpect(status().isUnprocessableContent());
    }

    private String defender(String name) throws Exception {
        String body = mvc.perform(post("/api/v1/defenders").with(officer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fullName\":\"" + name + "\",\"country\":\"MEX\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return parse(body).path("id").asString();
    }

    private String incident(String... defenders) throws Exception {
        String body = mvc.perform(post("/api/v1/incidents").with(officer()).contentType(MediaType.APPLICATION_JSON)
                        .content(incidentJson(defenders)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return parse(body).path("id").asString();
    }

    private static String incidentJson(String... defenders) {
        return """
                {"title":"Shredding test incident","defenderIds":[%s],"spyware":"PEGASUS","status":"SUSPECTED",
                 "infectionEvents":[{"date":{"value":"2022-06","precision":"MONTH"}}]}
                """.formatted(String.join(",", java.util.Arrays.stream(defenders).map(d -> "\"" + d + "\"").toList()));
    }
}
