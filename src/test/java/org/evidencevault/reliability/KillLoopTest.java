package org.evidencevault.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.store.EmbeddedStore;
import org.evidencevault.store.StoreFileConsistency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole vault, killed with SIGKILL at random points, again and again, on one data directory, under 8
 * concurrent writers: every start must succeed (also after a kill that landed in the middle of a start, or
 * of a repair), every incident a writer saw acknowledged must be there, found by its id index as by a
 * scan, no data key may be left without its record, and health must be UP. After each kill the store file
 * itself is read: every index holds exactly the documents.
 *
 * <p>{@code -Dvault.kill.rounds=N} (default 12, a few minutes of CI) runs more rounds; docs/BENCHMARKS.md
 * ("Reliability") records a run of 200.
 */
class KillLoopTest {

    private static final Logger log = LoggerFactory.getLogger(KillLoopTest.class);
    private static final int WRITERS = 8;

    /** What one round saw. */
    private record Round(boolean started, String checked, List<String> acked, String output) {
    }

    @Test
    void everyStartSucceedsAndNoAcknowledgedWriteIsLost(@TempDir Path dir) throws Exception {
        int rounds = Integer.getInteger("vault.kill.rounds", 12);
        long seed = Long.getLong("vault.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        Path data = dir.resolve("data");
        Path ackedFile = dir.resolve("acked");
        Files.createFile(ackedFile);
        int failedStarts = 0;
        int killsDuringStart = 0;
        long acknowledged = 0;
        List<String> problems = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            boolean last = round == rounds;
            // one round in five is killed while it starts (repairing, verifying); the last one is only checked
            long killDuringStartAfter = !last && random.nextInt(5) == 0 ? 300 + random.nextInt(3000) : -1;
            long killAfterWriting = 100 + random.nextInt(1500);
            Round r = run(data, keys, ackedFile, killDuringStartAfter, last ? 0 : killAfterWriting);
            if (killDuringStartAfter >= 0 && !r.started()) {
                killsDuringStart++;
            } else if (!r.started()) {
                failedStarts++;
                problems.add("round " + round + ": the vault did not start:\n" + r.output());
            }
            if (r.checked() != null && !r.checked().equals("lost=0 unindexed=0 orphanKeys=0 health=UP")) {
                problems.add("round " + round + ": " + r.checked());
            }
            Files.write(ackedFile, r.acked(), StandardOpenOption.APPEND);
            acknowledged += r.acked().size();
            Path storeFile = data.resolve(EmbeddedStore.fileName());
            List<String> file = Files.exists(storeFile) ? StoreFileConsistency.problems(storeFile) : List.of();
            int done = round;
            file.forEach(p -> problems.add("after round " + done + ": " + p));
            if (!problems.isEmpty()) {
                break;
            }
            if (round % 10 == 9) {
                // progress of a long run, also in target/kill-loop-progress.txt (surefire keeps a test's output until it ends)
                progress(String.format("kill loop: %d of %d rounds, %d acknowledged creates so far, %d failed starts, seed %d",
                        round + 1, rounds, acknowledged, failedStarts, seed));
            }
        }
        progress(String.format("kill loop: %d rounds (%d killed while starting), %d acknowledged creates, %d failed starts, "
                + "problems %d, seed %d", rounds, killsDuringStart, acknowledged, failedStarts, problems.size(), seed));
        assertThat(problems).as("kill loop with seed %d", seed).isEmpty();
        assertThat(acknowledged).isPositive();
    }

    private static void progress(String line) throws IOException {
        log.info(line);
        Path file = Path.of("target", "kill-loop-progress.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, java.time.Instant.now() + " " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Runs the child; kills it {@code killDuringStart} ms after launch if that is not negative and it has
     * not started, else {@code killAfterWriting} ms after its check (0: right after the check).
     */
    private static Round run(Path data, Path keys, Path acked, long killDuringStart, long killAfterWriting) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), KillLoopChild.class.getName(),
                data.toString(), keys.toString(), Integer.toString(WRITERS), acked.toString())
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        List<String> ackedNow = new ArrayList<>();
        boolean[] started = {false};
        String[] checked = {null};
        Thread killer = null;
        if (killDuringStart >= 0) {
            killer = killLater(child, killDuringStart, () -> !started[0]);
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("STARTED")) {
                    started[0] = true;
                } else if (line.startsWith("CHECKED ")) {
                    checked[0] = line.substring(8);
                    if (killAfterWriting <= 0) {
                        child.toHandle().destroyForcibly();
                    } else {
                        killLater(child, killAfterWriting, () -> true);
                    }
                } else if (line.startsWith("ACK ")) {
                    ackedNow.add(line.substring(4));
                } else if (output.length() < 20_000) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the pipe closed with the kill
        } finally {
            child.toHandle().destroyForcibly();
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (killer != null) {
            killer.interrupt();
        }
        return new Round(started[0], checked[0], ackedNow, output.toString());
    }

    private static Thread killLater(Process child, long millis, java.util.function.BooleanSupplier stillWanted) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            if (stillWanted.getAsBoolean()) {
                child.toHandle().destroyForcibly();
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
