package org.evidencevault.reliability;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import org.bson.Document;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.common.Actor;
import org.evidencevault.common.PartialDate;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Child process of {@link KillLoopTest}: starts a whole vault (profile "test") on a data directory. Once it
 * is up it prints {@code STARTED}, then checks the store against what earlier rounds saw acknowledged (the
 * file {@code acked}: one incident id per line) and prints {@code CHECKED lost=<n> unindexed=<n> orphanKeys=<n>
 * health=<status>}; then {@code writers} threads register incidents through the real service and print
 * {@code ACK <id>} after each one returns, until the parent kills the process.
 */
public final class KillLoopChild {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path keys = Path.of(args[1]);
        int writers = Integer.parseInt(args[2]);
        Path ackedFile = Path.of(args[3]);
        ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("test")
                .run("--vault.store.data-dir=" + data, "--vault.keys.path=" + keys, "--server.port=0",
                        "--vault.store.min-free-space=0", "--logging.level.root=error");
        say("STARTED");
        MongoDatabase db = vault.getBean(MongoDatabase.class);
        List<String> ackedInOrder = Files.exists(ackedFile) ? Files.readAllLines(ackedFile) : List.of();
        Set<String> acked = new HashSet<>(ackedInOrder);
        MongoCollection<Document> incidents = db.getCollection("incidents");
        Set<String> byScan = new HashSet<>();
        incidents.find(Filters.gte("version", 0)).projection(new Document("_id", 1)).forEach(d -> byScan.add(d.getString("_id")));
        long lost = acked.stream().filter(id -> !byScan.contains(id)).count();
        // by the id index: the newest creates (those a kill is likeliest to have caught half-written) and a random sample
        // of the others; the parent reads the store file itself after every kill and checks every index against every
        // document, so this bounded check keeps a round's cost from growing with the store
        List<String> byIndex = new java.util.ArrayList<>(ackedInOrder.subList(Math.max(0, ackedInOrder.size() - 500), ackedInOrder.size()));
        List<String> others = new java.util.ArrayList<>(byScan);
        java.util.Collections.shuffle(others);
        byIndex.addAll(others.subList(0, Math.min(200, others.size())));
        long unindexed = byIndex.stream().filter(byScan::contains).filter(id -> incidents.countDocuments(Filters.eq("_id", id)) != 1).count();
        Map<String, List<String>> ownersByCollection = new HashMap<>();
        db.getCollection("data_keys").find().projection(new Document("owner", 1)).forEach(d -> {
            String o = d.getString("owner");
            int slash = o.indexOf('/');
            ownersByCollection.computeIfAbsent(o.substring(0, slash), k -> new java.util.ArrayList<>()).add(o.substring(slash + 1));
        });
        long orphans = 0;
        for (Map.Entry<String, List<String>> e : ownersByCollection.entrySet()) {
            Set<String> present = new HashSet<>();
            db.getCollection(e.getKey()).find().projection(new Document("_id", 1)).forEach(d -> present.add(String.valueOf(d.get("_id"))));
            orphans += e.getValue().stream().filter(id -> !present.contains(id)).count();
        }
        Status health = vault.getBean(HealthEndpoint.class).health().getStatus();
        say("CHECKED lost=" + lost + " unindexed=" + unindexed + " orphanKeys=" + orphans + " health=" + health);

        Defender defender = vault.getBean(DefenderService.class).register(org.evidencevault.support.TestActors.SEED,
                new DefenderProfile("Kill Loop Defender", null, null, "MEX", null, null));
        IncidentService service = vault.getBean(IncidentService.class);
        IncidentDetails details = new IncidentDetails("kill loop incident", List.of(defender.id()), Spyware.PEGASUS, null, null,
                null, IncidentStatus.SUSPECTED,
                List.of(new InfectionEvent(PartialDate.of("2022-06"), defender.id(), null, IncidentStatus.SUSPECTED)), List.of(),
                "kill loop notes");
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        Incident i = service.register(org.evidencevault.support.TestActors.SEED, details);
                        say("ACK " + i.id().value());
                    } catch (RuntimeException e) {
                        say("FAILED " + e.getClass().getSimpleName());
                    }
                }
            }, "writer-" + w);
            t.setDaemon(false);
            t.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
