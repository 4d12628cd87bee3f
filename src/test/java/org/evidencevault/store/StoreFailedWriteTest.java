package org.evidencevault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a write that fails leaves behind. A failure that changed nothing (a duplicate key, answered in the reply; a
 * command the store refuses, thrown) must leave the store exactly as it was, file and all: H2's {@code rollback()},
 * which the backend used to call on every thrown failure, rewrote the file header and re-read the store's whole layout
 * from the file each time. A failure that did change the maps must not let those changes reach the file with the next
 * command's commit: the backend is marked broken and the file is reopened from its last commit.
 */
class StoreFailedWriteTest {

    @Test
    void aFailedWriteThatChangedNothingWritesNothingToTheFileAndTheStoreGoesOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(EmbeddedStore.fileName());
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, true, 0, Compaction.OFF);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> claims = client.getDatabase("failed").getCollection("claims");
            claims.createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true));
            claims.insertOne(new Document("_id", "a").append("seq", 1));
            byte[] before = Files.readAllBytes(file);

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> claims.insertOne(new Document("_id", "b").append("seq", 1)))
                        .isInstanceOfSatisfying(MongoWriteException.class,
                                e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            }

            assertThatThrownBy(() -> client.getDatabase("failed").runCommand(new Document("noSuchWriteCommand", 1)))
                    .isInstanceOf(com.mongodb.MongoCommandException.class);

            assertThat(Files.readAllBytes(file)).as("the file after three duplicate keys and a refused command")
                    .isEqualTo(before);
            assertThat(store.reopens()).as("reopens of the file").isZero();
            claims.insertOne(new Document("_id", "c").append("seq", 2));
            assertThat(claims.countDocuments()).isEqualTo(2);
            assertThat(store.status().writable()).isTrue();
        }
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, true, 0, Compaction.OFF);
             MongoClient client = MongoClients.create(store.connectionString())) {
            assertThat(client.getDatabase("failed").getCollection("claims").find().map(d -> d.getString("_id")))
                    .containsExactlyInAnyOrder("a", "c");
        }
    }

    @Test
    void aWriteThatFailsAfterChangingTheMapsIsDiscardedNotCommittedByTheNextOne(@TempDir Path dir) {
        Path file = dir.resolve(EmbeddedStore.fileName());
        MVStore mv = EmbeddedBackend.openStore(file);
        DurableH2Backend backend = new DurableH2Backend(mv, false, new FreeSpace(dir, 0));
        EmbeddedChannel channel = new EmbeddedChannel();
        MVMap<String, String> probe = mv.openMap("probe");
        probe.put("committed", "yes");
        mv.commit();

        backend.handleCommand(channel, "failed", "create", new de.bwaldvogel.mongo.bson.Document("create", "c"));
        // a command that fails with nothing changed leaves the backend usable
        assertThatThrownBy(() -> backend.handleCommand(channel, "failed", "noSuchWriteCommand", new de.bwaldvogel.mongo.bson.Document()))
                .isInstanceOf(RuntimeException.class);
        assertThat(backend.brokenReason()).isNull();

        // the same failure after a map write (as a command failing half-way would leave it)
        probe.put("half", "done");
        assertThatThrownBy(() -> backend.handleCommand(channel, "failed", "noSuchWriteCommand", new de.bwaldvogel.mongo.bson.Document()))
                .isInstanceOf(RuntimeException.class);
        assertThat(backend.brokenReason()).contains("half-way").contains("reopening the file from its last commit");
        assertThatThrownBy(() -> backend.handleCommand(channel, "failed", "ping", new de.bwaldvogel.mongo.bson.Document()))
                .as("a broken backend takes no more commands").hasMessageContaining("recovering");
        backend.closeQuietly();

        MVStore reopened = EmbeddedBackend.openStore(file);
        try {
            MVMap<String, String> again = reopened.openMap("probe");
            assertThat(again.get("committed")).isEqualTo("yes");
            assertThat(again.containsKey("half")).as("the half-done change in the file").isFalse();
        } finally {
            reopened.close();
        }
    }
}
