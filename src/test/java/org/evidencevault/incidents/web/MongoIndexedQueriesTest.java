package org.evidencevault.incidents.web;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The hot requests of {@link IndexedQueriesTest} on a real MongoDB 8 replica set (the production store): every query
 * they make uses an index. MongoDB's profiler records each operation with its plan; an operation on the vault's
 * database whose plan reads a whole collection ({@code COLLSCAN}) during a request is reported with its collection
 * and command. Skipped (not failed) where no Docker engine runs, as on the development machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoIndexedQueriesTest extends IndexedQueriesTest {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0").withReplicaSet();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("evidence_vault"));
    }

    @Autowired
    MongoDatabase db;

    @BeforeEach
    void profileEverything() {
        db.runCommand(new Document("profile", 2));
    }

    @Override
    protected Map<String, String> scansDuring(String what, Request request) throws Exception {
        Date from = new Date();
        request.run();
        Map<String, String> found = new TreeMap<>();
        for (Document op : db.getCollection("system.profile").find(Filters.and(Filters.gte("ts", from),
                Filters.regex("planSummary", "COLLSCAN")))) {
            String ns = op.getString("ns");
            found.merge(what + " / " + ns.substring(ns.indexOf('.') + 1), op.getString("op") + " " + firstKey(op.get("command")),
                    (a, b) -> a + "; " + b);
        }
        return found;
    }

    private static String firstKey(Object command) {
        return command instanceof Document d && !d.isEmpty() ? d.keySet().iterator().next() : "?";
    }
}
