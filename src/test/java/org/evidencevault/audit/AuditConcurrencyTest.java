package org.evidencevault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.audit.AuditLogAssertions.Stored;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.store.StoreHandle;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Concurrency without forks. Two vaults share one store: {@code first} runs the embedded store, and
 * {@code second} is a separate application context (own appender, own writer thread, own cached tail)
 * connected to the first one's store by URI, with the same key set. Every test ends by checking the whole
 * log (gapless from 0, every prev the previous hash, no prev used twice, signatures) and that state and
 * log agree both ways.
 */
class AuditConcurrencyTest {

    /** Synthetic versioned records changed through the seam by the tests, as {@code probe/<id>}. */
    private static final String PROBES = "audit_probes";
    private static final Actor OFFICER = new Actor("officer", Set.of(Role.PROTECTION_OFFICER));
    /**
     * The actions the probes are recorded under. Actions are now an enum of the vault's own actions
     * (no {@code probe.*}): one constant of each kind the probes need.
     */
    private static final Action PROBE_CHANGE = Action.INCIDENT_REVISE;
    private static final Action PROBE_READ = Action.INCIDENT_READ;
    private static final Action PROBE_RECORD = Action.AUDIT_EXPORT;
    private static final Action PROBE_APPEND = Action.KEYS_REWRAP;

    @TempDir
    static Path dir;
    private static KeyRing keyRing;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static MongoDatabase db;

    @BeforeAll
    static void twoVaultsOnOneStore() {
        Path keys = dir.resolve("keys/vault-keys.json");
        keyRing = KeySetFile.generate(keys, false);
        first = VaultContexts.start(dir.resolve("data"), keys, "test");
        int port = first.getBean(StoreHandle.class).embedded().port();
        second = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("test")
                .run("--vault.store.data-dir=" + dir.resolve("unused"), "--vault.keys.path=" + keys, "--server.port=0",
                        "--spring.main.banner-mode=off", "--spring.mongodb.uri=mongodb://127.0.0.1:" + port + "/evidence_vault");
        db = first.getBean(MongoDatabase.class);
    }

    @AfterAll
    static void close() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @AfterEach
    void logAndStateAgree() {
        List<Stored> log = AuditLogAssertions.verifiedChain(db, keyRing);
        Map<String, Stored> changes = AuditLogAssertions.changesApplied(db, log);
        Map<String, String> types = new HashMap<>(AuditLogAssertions.RECORD_TYPES);
        types.put(PROBES, "probe");
        AuditLogAssertions.everyStoredVersionClaimed(db, changes, types);
    }

    @Test
    void sixteenThreadsMixingReadsAndChangesThroughTheSeamMakeOneGaplessChain() throws Exception {
        Audited audited = first.getBean(Audited.class);
        long before = first.getBean(AuditStore.class).size();
        ConcurrentLinkedQueue<long[]> recorded = new ConcurrentLinkedQueue<>();
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            String probe = "seam-" + t;
            int thread = t;
            work.add(() -> {
                long version = 0;
                for (int i = 0; i < 200; i++) {
                    switch (i % 4) {
                        case 0 -> {
                            StateChange change = probeChange(probe, version + 1, thread * 1000 + i);
                            audited.change(OFFICER, PROBE_CHANGE, change);
                            version = change.version();
                        }
                        case 2 -> recorded.add(new long[] {
                                audited.record(OFFICER, PROBE_RECORD, List.of(new Target("probe", probe + "#" + i))), thread, i});
                        default -> audited.read(OFFICER, PROBE_READ, List.of(new Target("probe", probe)), ticket -> {
                            ticket.requireActive();
                            return null;
                        });
                    }
                }
                return null;
            });
        }
        runAll(work);

        List<Stored> log = AuditLogAssertions.verifiedChain(db, keyRing);
        assertThat(log).hasSize((int) before + 16 * 200);
        List<Stored> mine = log.subList((int) before, log.size());
        assertThat(mine.stream().filter(s -> s.entry().kind().equals("CHANGE"))).hasSize(16 * 50);
        assertThat(mine.stream().filter(s -> s.entry().kind().equals("READ"))).hasSize(16 * 100);
        assertThat(mine.stream().filter(s -> s.entry().kind().equals("ADMIN"))).hasSize(16 * 50);
        assertThat(recorded).hasSize(16 * 50);
        for (long[] r : recorded) {
            Stored s = log.get((int) r[0]);
            assertThat(s.entry().action()).isEqualTo(PROBE_RECORD.recordedAs());
            assertThat(s.entry().targets().get(0).id()).as("the seq acknowledged to thread %d, op %d", r[1], r[2])
                    .isEqualTo("seam-" + r[1] + "#" + r[2]);
        }
        for (int t = 0; t < 16; t++) {
            Document probe = db.getCollection(PROBES).find(Filters.eq("_id", "seam-" + t)).first();
            assertThat(probe.get("version", Number.class).longValue()).isEqualTo(50);
        }
    }

    @Test
    void twoInstancesAppendingConcurrentlyShareOneUnforkedChainAndEveryAcknowledgedSeqHoldsItsEntry() throws Exception {
        record Ack(String claim, AppendedEntry entry) {
        }
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        long before = first.getBean(AuditStore.class).size();
        List<Callable<Void>> work = new ArrayList<>();
        for (ConfigurableApplicationContext vault : List.of(first, second)) {
            String name = vault == first ? "first" : "second";
            AuditAppender appender = vault.getBean(AuditAppender.class);
            Audited audited = vault.getBean(Audited.class);
            for (int t = 0; t < 6; t++) {
                String probe = "two-" + name + "-" + t;
                work.add(() -> {
                    long version = 0;
                    for (int i = 0; i < 100; i++) {
                        if (i % 5 == 0) {
                            StateChange change = probeChange(probe, version + 1, i);
                            audited.change(OFFICER, PROBE_CHANGE, change);
                            version = change.version();
                        } else {
                            String claim = "op/" + probe + "/" + i;
                            acks.add(new Ack(claim, appender.append(EntryDraft.of(OFFICER, PROBE_APPEND,
                                    List.of(new org.evidencevault.ledger.AuditEntry.Target("probe", probe, null)), claim))));
                        }
                    }
                    return null;
                });
            }
        }
        runAll(work);

        List<Stored> log = AuditLogAssertions.verifiedChain(db, keyRing);
        assertThat(log).as("every append of both instances, nothing else").hasSize((int) before + 12 * 100);
        assertThat(acks).hasSize(12 * 80);
        for (Ack ack : acks) {
            Stored s = log.get((int) ack.entry().seq());
            assertThat(s.claim()).as("the entry at acknowledged seq %d", ack.entry().seq()).isEqualTo(ack.claim());
            assertThat(s.doc().getString("hash")).isEqualTo(ack.entry().hash());
        }
        long interleavings = 0;
        for (int i = (int) before + 1; i < log.size(); i++) {
            if (!log.get(i).claim().split("-")[1].equals(log.get(i - 1).claim().split("-")[1])) {
                interleavings++;
            }
        }
        assertThat(interleavings).as("the two instances' entries interleave in the one chain").isPositive();
    }

    @Test
    void twoRevisionsOfTheSameVersionRacingThroughTheSeamOnOneAndOnTwoInstancesHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 12; round++) {
            String probe = "race-" + round;
            probeAt(probe, 1);
            StateChange left = probeChange(probe, 2, 1);
            StateChange right = probeChange(probe, 2, 2);
            Audited a = first.getBean(Audited.class);
            Audited b = (round % 2 == 0 ? first : second).getBean(Audited.class);
            List<Object> outcomes = race(() -> {
                        a.change(OFFICER, PROBE_CHANGE, left);
                        return "left";
                    },
                    () -> {
                        b.change(OFFICER, PROBE_CHANGE, right);
                        return "right";
                    });
            assertOneWinner(outcomes, "probe/" + probe + "@2");
            Document stored = db.getCollection(PROBES).find(Filters.eq("_id", probe)).first();
            StateChange winner = outcomes.contains("left") ? left : right;
            assertThat(stored).as("round %d: the stored record is the winner's", round)
                    .isEqualTo(((StateChange.Put) winner.ops().get(0)).document());
        }
    }

    @Test
    void twoOfficersRevisingTheSameIncidentVersionOnTwoInstancesHaveExactlyOneWinner() throws Exception {
        IncidentService onFirst = first.getBean(IncidentService.class);
        IncidentService onSecond = second.getBean(IncidentService.class);
        for (int round = 0; round < 6; round++) {
            Incident incident = VaultFixtures.incident(first, "Race " + round);
            DefenderId defender = incident.details().defenderIds().get(0);
            List<Object> outcomes = race(
                    () -> onFirst.revise(Actor.SYSTEM, incident.id(), 1, VaultFixtures.details(defender, "first wins", "n1")).details().title(),
                    () -> onSecond.revise(Actor.SYSTEM, incident.id(), 1, VaultFixtures.details(defender, "second wins", "n2")).details().title());
            assertOneWinner(outcomes, "incident/" + incident.id() + "@2");
            Incident stored = onSecond.get(Actor.SYSTEM, incident.id());
            assertThat(stored.version()).isEqualTo(2);
            assertThat(outcomes).as("round %d: the stored incident is the winner's", round).contains(stored.details().title());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static void assertOneWinner(List<Object> outcomes, String claim) {
        assertThat(outcomes.stream().filter(o -> o instanceof StaleVersionException)).as("one loser, refused as stale: %s", outcomes).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o instanceof String)).as("one winner: %s", outcomes).hasSize(1);
        assertThat(db.getCollection("audit_log").countDocuments(Filters.eq("claim", claim))).as("entries claiming %s", claim).isEqualTo(1);
    }

    /** Runs both at once (released together) and returns each one's result or exception. */
    private static List<Object> race(Callable<Object> left, Callable<Object> right) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> c : List.of(left, right)) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return c.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runAll(List<Callable<Void>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<Void>> futures = pool.invokeAll(work, 120, TimeUnit.SECONDS);
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stores version 1 of a probe through the seam (version 1 of anything is created by a recorded change too). */
    private static void probeAt(String probe, long version) {
        first.getBean(Audited.class).change(OFFICER, PROBE_CHANGE, probeChange(probe, version, 0));
    }

    private static StateChange probeChange(String probe, long version, int marker) {
        return new StateChange(new Target("probe", probe), version, List.of(new StateChange.Put(PROBES, probe, version,
                new Document("_id", probe).append("version", version).append("marker", marker))));
    }
}
