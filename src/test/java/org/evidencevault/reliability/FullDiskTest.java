package org.evidencevault.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.common.Actor;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A full disk, for real, on a small file system the test mounts. With a free-space floor, the vault stops
 * accepting writes before the disk is full, answers 503 saying why, health (anonymous too) is DOWN; once
 * space is freed it takes writes again without a restart. Without a floor the disk fills up in the middle
 * of a commit: the write is never acknowledged, the store reopens from its last commit once space is back,
 * again without a restart; nothing acknowledged is lost either way.
 */
class FullDiskTest {

    private static final Logger log = LoggerFactory.getLogger(FullDiskTest.class);

    @Test
    void belowTheFloorWritesAre503AndComeBackWhenSpaceReturns(@TempDir Path dir) throws Exception {
        try (SmallFileSystem fs = SmallFileSystem.mount(dir.resolve("disk"), 64)) {
            run(dir, fs, 8L * 1024 * 1024, "storage below the floor");
        }
    }

    @Test
    void aDiskThatFillsUpMidCommitLosesNothingAndRecovers(@TempDir Path dir) throws Exception {
        try (SmallFileSystem fs = SmallFileSystem.mount(dir.resolve("disk"), 64)) {
            run(dir, fs, 0, "no floor");
        }
    }

    private void run(Path dir, SmallFileSystem fs, long floor, String label) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        Path data = fs.path().resolve("data");
        try (ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("demo", "test")
                .run("--vault.store.data-dir=" + data, "--vault.keys.path=" + keys, "--server.port=0",
                        "--vault.store.min-free-space=" + floor + "B", "--vault.demo.seed=false")) {
            String token = Http.officerToken(vault);
            IncidentService incidents = vault.getBean(IncidentService.class);
            Defender defender = vault.getBean(DefenderService.class).register(org.evidencevault.support.TestActors.SEED,
                    new DefenderProfile("Full Disk Defender", null, null, "MEX", null, null));
            IncidentDetails details = new IncidentDetails("full disk incident", List.of(defender.id()), Spyware.PEGASUS, null,
                    null, null, IncidentStatus.SUSPECTED, List.of(new InfectionEvent(PartialDate.of("2022-06"), defender.id(), null,
                    IncidentStatus.SUSPECTED)), List.of(), null);
            List<String> acked = new ArrayList<>();
            acked.add(incidents.register(org.evidencevault.support.TestActors.SEED, details).id().value());

            Path filler = fs.fill(floor > 0 ? floor + 2 * 1024 * 1024 : 2 * 1024 * 1024);
            int refused = 0;
            String lastRefusal = null;
            for (int i = 0; i < 5_000 && refused < 3; i++) {
                Http.Reply r = Http.post(vault, "/api/v1/defenders", "{\"fullName\":\"Disk Filler " + i + "\",\"country\":\"MEX\"}", token);
                if (r.status() == 201) {
                    acked.add(null);
                } else {
                    assertThat(r.status()).as(r.body()).isEqualTo(503);
                    assertThat(r.retryAfter()).isNotNull();
                    lastRefusal = r.body();
                    refused++;
                }
            }
            assertThat(refused).as("writes were refused once the disk (floor) was reached").isEqualTo(3);
            assertThat(lastRefusal).contains("urn:evidence-vault:problem:").doesNotContain("Exception");
            if (floor > 0) {
                assertThat(lastRefusal).contains("disk");
            }
            Http.Reply health = Http.get(vault, "/actuator/health", null);
            assertThat(health.status()).as(health.body()).isEqualTo(503);

            Files.delete(filler);
            long freedAt = System.nanoTime();
            String after = null;
            for (int i = 0; i < 100 && after == null; i++) {
                try {
                    after = incidents.register(org.evidencevault.support.TestActors.SEED, details).id().value();
                } catch (RuntimeException e) {
                    Thread.sleep(200);
                }
            }
            assertThat(after).as("writes work again without a restart").isNotNull();
            long recoveredMillis = (System.nanoTime() - freedAt) / 1_000_000;
            acked.add(after);
            for (String id : acked) {
                if (id != null) {
                    assertThat(incidents.exists(new IncidentId(id))).as("acknowledged incident %s", id).isTrue();
                }
            }
            awaitHealthUp(vault);
            log.info("full disk ({}): {} writes acknowledged, then refused with 503; recovered {} ms after space was freed",
                    label, acked.size(), recoveredMillis);
        }
    }

    private static void awaitHealthUp(ConfigurableApplicationContext vault) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Http.get(vault, "/actuator/health", null).status() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("health did not come back UP: " + Http.get(vault, "/actuator/health", null));
    }
}
