package org.evidencevault.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.common.Role;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.store.EmbeddedStore;
import org.evidencevault.store.StoreHandle;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Loads a vault for the scale benchmark (issue 14, point 3; docs/BENCHMARKS.md section 14), a {@code main}: starts
 * the whole vault in-process (profile {@code demo}, so with the seed case and the demo accounts) on {@code dir} and,
 * through the vault's own services (each write its signed entry, its data key and its sealed record, exactly as over
 * HTTP), registers {@code defenders} defenders with distinct names and {@code incidents} incidents naming one of
 * them each, alternately in the teams {@code geneva-desk} (the demo officer's) and {@code mexico-desk}, then records
 * audited reads of random incidents (a real entry each, as a read over HTTP records) until the log holds
 * {@code entries} entries. Writes {@code dir/names.txt}: the names of defenders of the officer's team, for searches.
 *
 * <p>Arguments: {@code dir=/tmp/ev-scale defenders=100000 incidents=100000 entries=1000000 threads=4}; anything
 * starting with {@code --} goes to the vault; {@code defenders=0 incidents=0} on a loaded directory only adds the
 * reads, of random incidents of the store (the loader runs with {@code --vault.store.fsync=false} unless given).
 */
public final class ScaleLoad {

    private static final String[] GIVEN = {"María", "Jorge", "Ana", "Luis", "Carmen", "José", "Lucía", "Miguel", "Elena",
            "Pedro", "Rosa", "Juan", "Sofía", "Diego", "Isabel", "Pablo", "Marta", "Andrés", "Paula", "Raúl", "Nadia", "Omar",
            "Amina", "Yusuf", "Fatou", "Kofi", "Leila", "Tariq", "Mei", "Arjun"};
    private static final String[] FAMILY = {"Aguilar", "Rodríguez", "Santiago", "Espinosa", "García", "Hernández",
            "López", "Martínez", "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz",
            "Cruz", "Morales", "Reyes", "Ortiz", "Castillo", "Mendoza", "Vargas", "Romero", "Herrera", "Medina", "Ruiz"};

    private ScaleLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/tmp/ev-scale");
        int defenders = 100_000;
        int incidents = 100_000;
        long entries = 1_000_000;
        int threads = 4;
        List<String> vaultArgs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--")) {
                vaultArgs.add(a);
            } else if (a.startsWith("dir=")) {
                dir = Path.of(a.substring(4));
            } else if (a.startsWith("defenders=")) {
                defenders = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("incidents=")) {
                incidents = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("entries=")) {
                entries = Long.parseLong(a.substring(8));
            } else if (a.startsWith("threads=")) {
                threads = Integer.parseInt(a.substring(8));
            } else {
                throw new IllegalArgumentException("unknown argument " + a + "; known: dir= defenders= incidents= entries= threads=");
            }
        }
        if (vaultArgs.stream().noneMatch(a -> a.startsWith("--vault.store.fsync"))) {
            vaultArgs.add("--vault.store.fsync=false");
        }
        Files.createDirectories(dir);
        System.out.printf("[load] %s: %d defenders, %d incidents, %d entries, %d threads, %s%n", dir, defenders, incidents,
                entries, threads, vaultArgs);
        ConfigurableApplicationContext ctx = HttpLoadHarness.startDemoVault(dir, vaultArgs);
        try {
            IncidentService incidentService = ctx.getBean(IncidentService.class);
            Audited audited = ctx.getBean(Audited.class);
            Actor seed = Actor.systemFor(DemoTeams.GENEVA);
            Incident template = incidentService.list(seed, null, 0, 1).items().get(0);
            IncidentDetails t = template.details();
            String[] incidentIds;
            if (defenders == 0 && incidents == 0) {
                incidentIds = storedIncidentIds(ctx); // a store loaded before: only its reads to add
            } else {
                incidentIds = register(ctx, dir, defenders, incidents, threads, template, t);
            }
            int incidentCount = incidentIds.length;
            EmbeddedStore store = ctx.getBean(StoreHandle.class).embedded();
            com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(store.connectionString());
            com.mongodb.client.MongoCollection<org.bson.Document> log = client.getDatabase(
                    ctx.getEnvironment().getProperty("vault.store.database", "evidence_vault")).getCollection("audit_log");
            long logged = log.estimatedDocumentCount();
            long reads = Math.max(0, entries - logged);
            Actor officer = new Actor("officer", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.GENEVA), Set.of());
            parallel(threads * 2, reads, "reads", System.nanoTime(), i -> {
                Random r = new Random(i);
                String id = incidentIds[r.nextInt(incidentCount)];
                audited.read(officer, Action.INCIDENT_READ, List.of(new Target("incident", id)), read -> null);
            });
            System.out.printf("[load] done: log %d entries, store file %.1f MB%n", log.estimatedDocumentCount(),
                    store.fileUse().map(u -> u.bytes() / 1e6).orElse(-1.0));
            client.close();
        } finally {
            ctx.close();
        }
        System.out.printf("[load] closed: %s %.1f MB%n", dir.resolve(EmbeddedStore.fileName()),
                Files.size(dir.resolve(EmbeddedStore.fileName())) / 1e6);
    }

    /** Registers the defenders and their incidents; writes {@code names.txt}. Returns the incidents' ids. */
    private static String[] register(ConfigurableApplicationContext ctx, Path dir, int defenders, int incidents, int threads,
                                     Incident template, IncidentDetails t) throws Exception {
        IncidentService incidentService = ctx.getBean(IncidentService.class);
        DefenderService defenderService = ctx.getBean(DefenderService.class);
        String[] teams = {DemoTeams.GENEVA, DemoTeams.MEXICO};
        String[] defenderIds = new String[defenders];
        List<String> genevaNames = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        parallel(threads, defenders, "defenders", t0, i -> {
            String team = teams[i % 2];
            String name = name(i);
            Defender d = defenderService.register(Actor.systemFor(team),
                    new DefenderProfile(name, null, "human rights defender", "MEX", null, List.of()));
            defenderIds[i] = d.id().value();
            if (team.equals(DemoTeams.GENEVA) && genevaNames.size() < 5000) {
                genevaNames.add(name);
            }
        });
        Files.write(dir.resolve("names.txt"), genevaNames);
        int defenderCount = defenders;
        int incidentCount = incidents;
        String[] incidentIds = new String[incidents];
        parallel(threads, incidents, "incidents", System.nanoTime(), i -> {
            int defender = i % defenderCount;
            String team = teams[defender % 2]; // in the team of its defender
            org.evidencevault.incidents.DefenderId owner = new org.evidencevault.incidents.DefenderId(defenderIds[defender]);
            List<org.evidencevault.incidents.InfectionEvent> events = t.infectionEvents().stream()
                    .map(e -> new org.evidencevault.incidents.InfectionEvent(e.date(), owner, e.exploitName(), e.status())).toList();
            IncidentDetails details = new IncidentDetails("Scale incident " + i + " (" + t.title() + ")",
                    List.of(owner), t.spyware(), t.vendorOrganisationId(),
                    t.suspectedOperatorOrganisationId(), t.operatorInvolvement(), t.status(), events,
                    t.forensicConfirmations(), t.contextNotes());
            incidentIds[i] = incidentService.register(Actor.systemFor(team), team, details).id().value();
        });
    return incidentIds;
    }

    /** The ids of the incidents already in the store (for a run that only adds reads). */
    private static String[] storedIncidentIds(ConfigurableApplicationContext ctx) {
        EmbeddedStore store = ctx.getBean(StoreHandle.class).embedded();
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(store.connectionString())) {
            List<String> ids = new ArrayList<>();
            client.getDatabase(ctx.getEnvironment().getProperty("vault.store.database", "evidence_vault")).getCollection("incidents")
                    .find().projection(new org.bson.Document("_id", 1)).forEach(d -> ids.add(d.getString("_id")));
            System.out.printf("[load] %d incidents already stored: only reads are added%n", ids.size());
            return ids.toArray(String[]::new);
        }
    }

    /** A distinct, plausible full name for defender {@code i}. */
    static String name(int i) {
        int g = i % GIVEN.length;
        int f1 = (i / GIVEN.length) % FAMILY.length;
        int f2 = (i / (GIVEN.length * FAMILY.length)) % FAMILY.length;
        int n = i / (GIVEN.length * FAMILY.length * FAMILY.length);
        return GIVEN[g] + " " + FAMILY[f1] + " " + FAMILY[f2] + (n == 0 ? "" : " " + roman(n + 1));
    }

    private static String roman(int n) {
        String[] r = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};
        return n < r.length ? r[n] : "N" + n;
    }

    interface Step {
        void run(int i) throws Exception;
    }

    private static void parallel(int threads, long count, String what, long t0, Step step) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> all = new ArrayList<>();
        long every = Math.max(1, count / 10);
        for (int n = 0; n < threads; n++) {
            Thread th = new Thread(() -> {
                for (long i; (i = next.getAndIncrement()) < count; ) {
                    try {
                        step.run((int) i);
                    } catch (Exception e) {
                        if (failed.incrementAndGet() < 5) {
                            System.out.printf("[load] %s #%d failed: %s%n", what, i, e);
                        }
                    }
                    if ((i + 1) % every == 0) {
                        double s = (System.nanoTime() - t0) / 1e9;
                        System.out.printf("[load] %s %d of %d, %.0f s, %.0f/s%n", what, i + 1, count, s, (i + 1) / s);
                    }
                }
            }, "load-" + what + "-" + n);
            th.start();
            all.add(th);
        }
        for (Thread th : all) {
            th.join();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " " + what + " failed");
        }
    }
}
