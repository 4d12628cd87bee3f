package org.evidencevault.evidence;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The blob store contract on GridFS of a real MongoDB 8 replica set; skipped (not failed) where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridFsBlobStoreMongoTest extends BlobStoreContract {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0").withReplicaSet();

    private MongoClient client;

    @BeforeAll
    void connect() {
        client = MongoClients.create(MONGO.getReplicaSetUrl("blobs"));
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Override
    BlobStore store() {
        GridFsBlobStore store = new GridFsBlobStore(client.getDatabase("blobs_" + UUID.randomUUID().toString().substring(0, 8)));
        store.ensureIndexes();
        return store;
    }
}
