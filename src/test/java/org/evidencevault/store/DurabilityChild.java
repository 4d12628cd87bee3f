package org.evidencevault.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import org.bson.Document;

/**
 * Child process for {@link KillDurabilityTest}: starts the production embedded store on a directory and
 * inserts documents one by one, printing {@code ACK <n>} after each insert the server acknowledged,
 * until it is killed.
 */
public final class DurabilityChild {

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        boolean fsync = Boolean.parseBoolean(args[1]);
        EmbeddedStore store = EmbeddedStore.start(dir, 0, fsync);
        try (MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("durability").getCollection("writes");
            System.out.println("READY");
            System.out.flush();
            for (int i = 0; i < 1_000_000; i++) {
                c.insertOne(new Document("_id", i).append("payload", "x".repeat(200)));
                System.out.println("ACK " + i);
                System.out.flush();
            }
        }
    }
}
