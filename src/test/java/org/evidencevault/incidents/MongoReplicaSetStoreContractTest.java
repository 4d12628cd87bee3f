package org.evidencevault.incidents;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The store contract on a real MongoDB 8 single-node replica set, the production store. Skipped (not
 * failed) where no Docker engine runs, as on the development machines; runs wherever Docker exists.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoReplicaSetStoreContractTest extends StoreContract {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0").withReplicaSet();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("evidence_vault"));
    }
}
