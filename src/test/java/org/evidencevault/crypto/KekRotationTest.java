package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.evidencevault.admin.KeyAdministration;
import org.evidencevault.common.Actor;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KEK rotation: a new KEK version is added, the vault re-wraps every data key under it without
 * re-encrypting any record (the sealed bytes stay identical), and afterwards the old version can be
 * removed from the key set and everything still opens.
 */
class KekRotationTest {

    @Test
    void rewrapMovesDataKeysToTheNewKekWithoutReencryptingRecords(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        Path data = dir.resolve("data");
        List<DefenderId> ids = new ArrayList<>();
        List<Document> sealedBefore = new ArrayList<>();

        try (ConfigurableApplicationContext ctx = VaultContexts.start(data, keys, "test")) {
            DefenderService defenders = ctx.getBean(DefenderService.class);
            for (int i = 0; i < 3; i++) {
                ids.add(defenders.register(org.evidencevault.support.TestActors.SEED, new DefenderProfile("Rotation Person " + i, null, null, "MEX", null, null)).id());
            }
            MongoDatabase db = ctx.getBean(MongoDatabase.class);
            db.getCollection("defenders").find().forEach(d -> sealedBefore.add(d.get("sealed", Document.class)));
        }

        KeyRing rotated = KeySetFile.addKekVersion(keys);
        assertThat(rotated.activeKek().version()).isEqualTo(2);

        try (ConfigurableApplicationContext ctx = VaultContexts.start(data, keys, "test")) {
            DefenderService defenders = ctx.getBean(DefenderService.class);
            assertThat(defenders.get(Actor.SYSTEM, ids.get(0)).profile().fullName()).isEqualTo("Rotation Person 0");
            KeyAdministration.RewrapResult result = ctx.getBean(KeyAdministration.class).rewrap(Actor.SYSTEM);
            assertThat(result.rewrapped()).isEqualTo(3);
            assertThat(result.dataKeysByKek()).isEqualTo(Map.of("kek/v2", 3L));
            List<Document> sealedAfter = new ArrayList<>();
            ctx.getBean(MongoDatabase.class).getCollection("defenders").find().forEach(d -> sealedAfter.add(d.get("sealed", Document.class)));
            assertThat(sealedAfter).as("records are not re-encrypted").isEqualTo(sealedBefore);
            assertThat(ctx.getBean(MongoDatabase.class).getCollection("audit_log").countDocuments(new Document("action", "keys.rewrap"))).isEqualTo(1);
        }

        dropKekVersion(keys, 1);
        try (ConfigurableApplicationContext ctx = VaultContexts.start(data, keys, "test")) {
            DefenderService defenders = ctx.getBean(DefenderService.class);
            for (int i = 0; i < 3; i++) {
                assertThat(defenders.get(Actor.SYSTEM, ids.get(i)).profile().fullName()).isEqualTo("Rotation Person " + i);
            }
        }
    }

    private static void dropKekVersion(Path keys, int version) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = (ObjectNode) json.readTree(Files.readAllBytes(keys));
        ArrayNode keks = (ArrayNode) root.get("keks");
        for (int i = keks.size() - 1; i >= 0; i--) {
            if (keks.get(i).get("version").asInt() == version) {
                keks.remove(i);
            }
        }
        Files.write(keys, json.writeValueAsBytes(root));
    }
}
