package org.evidencevault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The log sweep while the log grows: entries appended and checkpoints signed (the anchor advancing) during a sweep
 * step are not a cut-off log. Found in a test run: a step read the log's size, a write and a checkpoint came, and the
 * end of the pass compared that older size with the newer anchor and halted the vault on a false alarm.
 */
class LogSweepRaceTest {

    @Test
    void aSweepRacingAppendsAndCheckpointsRaisesNoAlarm(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        try (ConfigurableApplicationContext vault = VaultContexts.start(dir.resolve("data"), keys, "test")) {
            VaultFixtures.incident(vault, "before the race");
            LogSweep sweep = vault.getBean(LogSweep.class);
            Checkpointer checkpointer = vault.getBean(Checkpointer.class);
            IntegrityAlarms alarms = vault.getBean(IntegrityAlarms.class);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            AtomicInteger writes = new AtomicInteger();
            long until = System.nanoTime() + 3_000_000_000L;
            Thread writer = new Thread(() -> {
                try {
                    while (System.nanoTime() < until && !alarms.any()) {
                        VaultFixtures.incident(vault, "race " + writes.incrementAndGet());
                        checkpointer.checkpointNow(); // the anchor follows the log at once
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            writer.start();
            int passes = 0;
            while (writer.isAlive()) {
                if (sweep.step(1_000, (type, id, version) -> Optional.empty()).passDone()) {
                    passes++;
                }
            }
            writer.join();
            assertThat(alarms.current()).as("after %d writes and %d passes", writes.get(), passes).isEmpty();
            assertThat(failed.get()).isNull();
            assertThat(passes).isPositive();
            assertThat(writes.get()).isGreaterThan(10);
        }
    }
}
