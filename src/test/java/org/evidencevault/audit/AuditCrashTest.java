package org.evidencevault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.evidencevault.audit.AuditLogAssertions.Stored;
import org.evidencevault.common.Actor;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.store.EmbeddedStore;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Crash consistency with a real process kill. A child JVM ({@link AuditCrashChild}) runs a whole vault and
 * is killed with SIGKILL while it sits at all three crash points at once:
 * <ol type="a">
 * <li>incident A: its revision's entry is durable, its change not applied (the applier stalls before the store);</li>
 * <li>incident B: its revision is applied, the caller not yet answered (the applier stalls after the store);</li>
 * <li>eight threads revising eight other incidents, so the kill lands in the middle of concurrent group commits.</li>
 * </ol>
 * The store is then first inspected as the kill left it (the chain is intact, A is recorded but not applied,
 * B is applied, and no stored version lacks its entry), and a vault is restarted on it: start-up repair
 * must apply every recorded change, add no entry, and leave log and state agreeing both ways.
 */
class AuditCrashTest {

    private static final int LOAD_THREADS = 8;
    private static final int ACKS_BEFORE_KILL = 120;

    @Test
    void afterSigkillAtEachCrashPointTheRestartedVaultHasEveryRecordedChangeAndNoChangeWithoutEntry(@TempDir Path dir)
            throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeyRing keyRing = KeySetFile.generate(keys, false);
        Path data = dir.resolve("data");
        Child child = runAndKill(data, keys);

        // ---- the store as the kill left it ------------------------------------------------------------
        int logSize;
        try (EmbeddedStore store = EmbeddedStore.start(data, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoDatabase db = client.getDatabase("evidence_vault");
            List<Stored> log = AuditLogAssertions.verifiedChain(db, keyRing);
            logSize = log.size();
            Map<String, Stored> changes = AuditLogAssertions.changesByClaim(log);
            AuditLogAssertions.everyStoredVersionClaimed(db, changes, AuditLogAssertions.RECORD_TYPES);

            Stored a = changes.get("incident/" + child.a + "@2");
            assertThat(a).as("crash point a: the entry is durable").isNotNull();
            assertThat(version(db, child.a)).as("crash point a: the change is not applied").isEqualTo(1);
            Stored b = changes.get("incident/" + child.b + "@2");
            assertThat(b).as("crash point b: the entry is durable").isNotNull();
            assertThat(db.getCollection("incidents").find(Filters.eq("_id", child.b)).first())
                    .as("crash point b: the change is applied").isEqualTo(putDocument(b));

            int unapplied = 0;
            for (Stored s : changes.values()) {
                Document op = putOp(s);
                long recorded = op.get("version", Number.class).longValue();
                Document current = db.getCollection(op.getString("collection")).find(Filters.eq("_id", op.getString("id"))).first();
                long stored = current == null ? 0 : current.get("version", Number.class).longValue();
                if (stored < recorded) {
                    assertThat(recorded).as("a change not applied at the kill (%s) is the next version, so repair can apply it", s.claim())
                            .isEqualTo(stored + 1);
                    unapplied++;
                }
            }
            System.out.printf("AuditCrashTest: %d entries, %d acknowledged revisions, %d recorded changes not applied at the kill%n",
                    logSize, child.acks, unapplied);
        }

        // ---- a vault restarted on it ------------------------------------------------------------------
        try (ConfigurableApplicationContext vault = VaultContexts.start(data, keys, "test")) {
            MongoDatabase db = vault.getBean(MongoDatabase.class);
            List<Stored> log = AuditLogAssertions.verifiedChain(db, keyRing);
            assertThat(log).as("repair adds no entry").hasSize(logSize);
            AuditLogAssertions.stateMatchesLog(db, log);
            db.getCollection("vault_meta").deleteOne(Filters.eq("_id", "audit-repair"));
            assertThat(vault.getBean(AuditRepair.class).repair()).as("re-applying the whole log from seq 0 finds nothing to do").isZero();
            assertThat(AuditLogAssertions.entries(db)).as("nor does it add entries").hasSize(logSize);

            IncidentService incidents = vault.getBean(IncidentService.class);
            Incident a = incidents.get(Actor.SYSTEM, new IncidentId(child.a));
            assertThat(a.version()).isEqualTo(2);
            assertThat(a.details().title()).as("the recorded revision of A, applied by repair").isEqualTo(AuditCrashChild.TITLE_A);
            Incident b = incidents.get(Actor.SYSTEM, new IncidentId(child.b));
            assertThat(b.version()).isEqualTo(2);
            assertThat(b.details().title()).isEqualTo(AuditCrashChild.TITLE_B);
            child.acked.forEach((id, version) -> assertThat(version(db, id))
                    .as("acknowledged revision %s@%d survived", id, version).isGreaterThanOrEqualTo(version));
            for (String id : child.load) {
                Incident i = incidents.get(Actor.SYSTEM, new IncidentId(id));
                assertThat(i.version()).as("the load reached %s", id).isGreaterThan(1);
                assertThat(i.details().title()).as("%s holds the content of its latest recorded revision", id)
                        .isEqualTo("load title " + i.version());
            }
        }
    }

    private static long version(MongoDatabase db, String id) {
        return db.getCollection("incidents").find(Filters.eq("_id", id)).first().get("version", Number.class).longValue();
    }

    private static Document putDocument(Stored s) {
        return putOp(s).get("document", Document.class);
    }

    /** The change's put step (a registration's first step stores the new record's data key). */
    private static Document putOp(Stored s) {
        return s.payload().getList("ops", Document.class).stream().filter(op -> "put".equals(op.getString("op")))
                .findFirst().orElseThrow();
    }

    /** What the child reported before it was killed. */
    private static final class Child {
        String a;
        String b;
        final List<String> load = new ArrayList<>();
        final Map<String, Long> acked = new HashMap<>();
        int acks;
    }

    private static Child runAndKill(Path data, Path keys) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AuditCrashChild.class.getName(), data.toString(), keys.toString(), Integer.toString(LOAD_THREADS))
                .redirectErrorStream(true)
                .start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                // the test ended first
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Child child = new Child();
        Deque<String> tail = new ArrayDeque<>();
        boolean recorded = false;
        boolean applied = false;
        int acks = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                tail.addLast(line);
                if (tail.size() > 40) {
                    tail.removeFirst();
                }
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "INCIDENT" -> {
                        switch (f[1]) {
                            case "a" -> child.a = f[2];
                            case "b" -> child.b = f[2];
                            default -> child.load.add(f[2]);
                        }
                    }
                    case "RECORDED" -> recorded = f[1].equals(child.a) && f[2].equals("2");
                    case "APPLIED" -> applied = f[1].equals(child.b) && f[2].equals("2");
                    case "ACK" -> {
                        child.acked.merge(f[1], Long.parseLong(f[2]), Math::max);
                        acks++;
                        child.acks = acks;
                    }
                    default -> {
                    }
                }
                if (recorded && applied && acks >= ACKS_BEFORE_KILL) {
                    process.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, mid-load
                    break;
                }
            }
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(recorded && applied && acks >= ACKS_BEFORE_KILL)
                .as("the child reached every crash point before it was killed; its last output:%n%s", String.join("\n", tail))
                .isTrue();
        assertThat(process.exitValue()).as("the child was killed, not finished").isNotZero();
        assertThat(child.load).hasSize(LOAD_THREADS);
        return child;
    }
}
