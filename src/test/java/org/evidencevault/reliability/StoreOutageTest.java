package org.evidencevault.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.common.PartialDate;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.evidencevault.store.EmbeddedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two vault instances on one store (the test owns it, as a deployment owns its MongoDB), under a write
 * load; the store stops. Within a few seconds both answer 503 with {@code Retry-After} as problem
 * documents (never a 500, never after 30 s), their anonymous health is DOWN; when the store is back on
 * the same port, both recover by themselves, and every write acknowledged before, during and after the
 * outage is there.
 */
class StoreOutageTest {

    private static final Logger log = LoggerFactory.getLogger(StoreOutageTest.class);

    @Test
    void bothInstancesFailFastWith503AndRecoverWhenTheStoreReturns(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        Path storeDir = dir.resolve("store");
        EmbeddedStore store = EmbeddedStore.start(storeDir, 0, true);
        int port = store.port();
        try (ConfigurableApplicationContext a = vault(dir.resolve("a"), keys, port);
             ConfigurableApplicationContext b = vault(dir.resolve("b"), keys, port)) {
            String tokenA = Http.officerToken(a);
            String tokenB = Http.officerToken(b);
            IncidentService incidents = a.getBean(IncidentService.class);
            Defender defender = a.getBean(DefenderService.class).register(org.evidencevault.support.TestActors.SEED,
                    new DefenderProfile("Outage Defender", null, null, "MEX", null, null));
            IncidentDetails details = new IncidentDetails("outage incident", List.of(defender.id()), Spyware.PEGASUS, null, null,
                    null, IncidentStatus.SUSPECTED, List.of(new InfectionEvent(PartialDate.of("2022-06"), defender.id(), null,
                    IncidentStatus.SUSPECTED)), List.of(), null);
            String known = incidents.register(org.evidencevault.support.TestActors.SEED, details).id().value();

            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread load = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        acked.add(incidents.register(org.evidencevault.support.TestActors.SEED, details).id().value());
                    } catch (RuntimeException e) {
                        refused.incrementAndGet();
                    }
                }
            });
            load.start();
            Thread.sleep(500);

            store.close();
            long stoppedAt = System.nanoTime();
            for (ConfigurableApplicationContext v : List.of(a, b)) {
                Http.Reply read = Http.get(v, "/api/v1/incidents/" + known, v == a ? tokenA : tokenB);
                assertThat(read.status()).as(read.body()).isEqualTo(503);
                assertThat(read.retryAfter()).isNotNull();
                assertThat(read.body()).contains("urn:evidence-vault:problem:").doesNotContain("Exception");
                assertThat(read.millis()).as("answered within 2 s (store timeout 1.5 s)").isLessThan(2_000);
                Http.Reply write = Http.post(v, "/api/v1/defenders",
                        "{\"fullName\":\"Outage Write\",\"role\":\"Lawyer\",\"country\":\"MEX\"}", v == a ? tokenA : tokenB);
                assertThat(write.status()).as(write.body()).isEqualTo(503);
                assertThat(write.retryAfter()).isNotNull();
                assertThat(write.body()).contains("urn:evidence-vault:problem:").doesNotContain("Exception");
                assertThat(write.millis()).as("a write refused within 2 s (store timeout 1.5 s)").isLessThan(2_000);
                Http.Reply health = Http.get(v, "/actuator/health", null);
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.body()).contains("DOWN").doesNotContain("components");
                assertThat(health.millis()).as("health DOWN within 2 s").isLessThan(2_000);
                log.info("store outage: read 503 in {} ms, write 503 in {} ms, health DOWN in {} ms", read.millis(), write.millis(),
                        health.millis());
            }
            long downWithinMillis = (System.nanoTime() - stoppedAt) / 1_000_000;

            store = EmbeddedStore.start(storeDir, port, true);
            long restartedAt = System.nanoTime();
            for (ConfigurableApplicationContext v : List.of(a, b)) {
                awaitStatus(v, "/api/v1/incidents/" + known, v == a ? tokenA : tokenB, 200);
                awaitStatus(v, "/actuator/health", null, 200);
            }
            long recoveredWithinMillis = (System.nanoTime() - restartedAt) / 1_000_000;
            Thread.sleep(500);
            stop.set(true);
            load.join();

            IncidentService onB = b.getBean(IncidentService.class);
            List<String> lost = acked.stream().filter(id -> !onB.exists(new IncidentId(id))).toList();
            assertThat(lost).as("acknowledged writes lost").isEmpty();
            assertThat(refused.get()).as("writes refused during the outage").isPositive();
            log.info("store outage: both instances DOWN and answering 503 within {} ms; recovered {} ms after the store returned;"
                    + " {} acknowledged, {} refused, 0 lost", downWithinMillis, recoveredWithinMillis, acked.size(), refused.get());
        } finally {
            store.close();
        }
    }

    private static void awaitStatus(ConfigurableApplicationContext v, String path, String token, int status) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Http.Reply r;
        do {
            r = Http.get(v, path, token);
            if (r.status() == status) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " did not recover: " + r);
    }

    private static ConfigurableApplicationContext vault(Path data, Path keys, int storePort) {
        return new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("demo", "test")
                .run("--vault.store.data-dir=" + data, "--vault.keys.path=" + keys, "--server.port=0",
                        "--spring.mongodb.uri=mongodb://127.0.0.1:" + storePort + "/evidence_vault",
                        "--vault.demo.seed=false");
    }
}
