package org.evidencevault.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill -9 must never leave half a write on disk. Under 8 concurrent writers (each insert touches the
 * document, its {@code _id} index and a unique secondary index), a child JVM running the production
 * embedded store is killed at a random moment, many times over one data directory. After each kill the
 * file is read directly: every index must hold exactly the documents; then the store is started again
 * (it must start) and every insert the child saw acknowledged must be there.
 *
 * <p>{@code -Dstore.kill.rounds=N} runs more rounds (default 40).
 */
class StoreCrashAtomicityTest {

    private static final int WRITERS = 8;

    @Test
    void killedUnderConcurrentWritesTheFileHoldsWholeWritesOnly(@TempDir Path dir) throws Exception {
        int rounds = Integer.getInteger("store.kill.rounds", 40);
        Random random = new Random(Long.getLong("store.kill.seed", System.nanoTime()));
        Set<String> acked = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            acked.addAll(runAndKill(dir, round, 50 + random.nextInt(600)));
            problems.addAll(StoreFileConsistency.problems(dir.resolve(EmbeddedStore.fileName())).stream()
                    .map(p -> "after kill " + (acked.size()) + ": " + p).toList());
            assertThat(problems).as("indexes that disagree with documents after a kill").isEmpty();
        }
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("atomicity").getCollection("writes");
            Set<String> present = new HashSet<>();
            c.find().projection(new Document("_id", 1)).forEach(d -> present.add(d.getString("_id")));
            assertThat(acked).as("acknowledged writes after %d kills", rounds).isNotEmpty();
            assertThat(acked.stream().filter(id -> !present.contains(id)).toList()).as("acknowledged writes lost").isEmpty();
            for (String id : present) {
                assertThat(c.find(Filters.eq("_id", id)).first()).as("found by its _id index: " + id).isNotNull();
            }
        }
    }

    /** Starts the child, lets it write for {@code millis} after it is ready, kills it; returns what it acknowledged. */
    private static List<String> runAndKill(Path dir, int round, long millis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ConcurrentWritesChild.class.getName(), dir.toString(), Integer.toString(WRITERS), "r" + round)
                .redirectErrorStream(true).start();
        List<String> acked = new ArrayList<>();
        Thread killer = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("READY") && killer == null) {
                    killer = new Thread(() -> {
                        try {
                            Thread.sleep(millis);
                        } catch (InterruptedException ignored) {
                            // kill now
                        }
                        child.toHandle().destroyForcibly(); // SIGKILL; the handle leaves our end of the pipe open
                    });
                    killer.start();
                } else if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killer).as("the child started (round %d)", round).isNotNull();
        return acked;
    }
}
