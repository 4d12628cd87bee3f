package org.evidencevault.evidence;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.util.UUID;
import org.evidencevault.store.EmbeddedStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The blob store contract on GridFS, over the MongoDB wire protocol against the embedded server (small blobs
 * only: the embedded server builds every chunk a GridFS read matches in its heap, which is why the vault gives it
 * files). {@code GridFsBlobStoreMongoTest} runs the same on a real MongoDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridFsBlobStoreEmbeddedTest extends BlobStoreContract {

    private final Path dir = org.evidencevault.support.VaultTestDirs.fresh("gridfs-embedded");
    private EmbeddedStore server;
    private MongoClient client;

    @BeforeAll
    void start() {
        server = EmbeddedStore.start(dir, 0, false);
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @org.junit.jupiter.api.Test
    void aBlobWithAMissingPartIsNeverCompletedAroundTheHole() throws Exception {
        com.mongodb.client.MongoDatabase db = client.getDatabase("blobs_" + UUID.randomUUID().toString().substring(0, 8));
        GridFsBlobStore blobs = new GridFsBlobStore(db);
        String id = UUID.randomUUID().toString();
        blobs.append(id, 0, bytes(1000, 1));
        blobs.append(id, 1000, bytes(1000, 2));
        db.getCollection("evidence_parts").deleteOne(com.mongodb.client.model.Filters.eq("_id", id + "/0"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blobs.complete(id)).isInstanceOf(java.io.IOException.class);
        org.assertj.core.api.Assertions.assertThat(blobs.exists(id)).isFalse();
    }

    @Override
    BlobStore store() {
        GridFsBlobStore store = new GridFsBlobStore(client.getDatabase("blobs_" + UUID.randomUUID().toString().substring(0, 8)));
        store.ensureIndexes();
        return store;
    }
}
