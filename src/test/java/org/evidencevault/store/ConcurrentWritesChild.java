package org.evidencevault.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Path;
import org.bson.Document;

/**
 * Child process for {@link StoreCrashAtomicityTest}: the production embedded store on a directory, and
 * {@code writers} threads inserting documents (each with a unique secondary key, as audit entries have)
 * over their own connections, printing {@code ACK <id>} after every acknowledged insert, until killed.
 */
public final class ConcurrentWritesChild {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        String round = args[2];
        EmbeddedStore store = EmbeddedStore.start(dir, 0, true);
        MongoClient client = MongoClients.create(store.connectionString() + "/?maxPoolSize=" + (writers + 2));
        MongoCollection<Document> c = client.getDatabase("atomicity").getCollection("writes");
        c.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
        say("READY");
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = round + "-" + writer + "-" + i;
                    c.insertOne(new Document("_id", id).append("key", "k-" + id).append("payload", "x".repeat(300)));
                    say("ACK " + id);
                }
            });
            t.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
