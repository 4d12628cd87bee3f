package org.evidencevault.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.evidencevault.crypto.KeySetFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM under a write load: the vault stops taking requests, finishes those in flight (their audit entries
 * written and their changes applied), drains the audit writer and exits by itself; every create a client saw
 * acknowledged is there after a restart, and that restart re-applies nothing (its crash repair finds no
 * recorded change missing).
 */
class GracefulShutdownTest {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdownTest.class);
    private static final int WRITERS = 8;

    @Test
    void sigtermDrainsAndTheRestartNeedsNoRepair(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        Path data = dir.resolve("data");

        Process serving = child(data, keys, "serve", null);
        BufferedReader out = new BufferedReader(new InputStreamReader(serving.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder servingOutput = new StringBuilder();
        String port = null;
        for (String line; port == null && (line = out.readLine()) != null; ) {
            if (line.startsWith("PORT ")) {
                port = line.substring(5);
            } else {
                servingOutput.append(line).append('\n');
            }
        }
        assertThat(port).as("the vault started: %s", servingOutput).isNotNull();
        Thread drain = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (servingOutput) {
                        servingOutput.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the child exited
            }
        });
        drain.start();
        String base = "http://127.0.0.1:" + port;
        String token = Http.officerToken(base);

        Set<String> acked = ConcurrentHashMap.newKeySet();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                for (int n = 0; !stop.get(); n++) {
                    String body = "{\"fullName\":\"Shutdown Defender " + writer + "-" + n + "\",\"role\":\"Lawyer\",\"country\":\"MEX\"}";
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/defenders"))
                                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        outcomes.merge("HTTP " + r.statusCode(), 1, Integer::sum);
                        if (r.statusCode() == 201) {
                            acked.add(r.body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1"));
                        }
                    } catch (IOException e) {
                        outcomes.merge("refused or reset", 1, Integer::sum);
                        if (!serving.isAlive()) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "shutdown-writer-" + w);
            t.start();
            writers.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acked.size() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(acked).as("creates acknowledged before the signal: %s", outcomes).hasSizeGreaterThanOrEqualTo(40);

        long signalled = System.nanoTime();
        serving.destroy(); // SIGTERM
        boolean exited = serving.waitFor(60, TimeUnit.SECONDS);
        long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
        stop.set(true);
        for (Thread t : writers) {
            t.join(40_000);
        }
        drain.join(5_000);
        assertThat(exited).as("exited by itself within 60 s of SIGTERM").isTrue();
        assertThat(serving.exitValue()).as("exit status after SIGTERM (143: the JVM's for the signal)").isIn(0, 143);
        synchronized (servingOutput) {
            assertThat(servingOutput.toString()).as("nothing logged at ERROR while stopping").doesNotContain("ERROR");
        }

        Path ackedFile = dir.resolve("acked.txt");
        Files.write(ackedFile, acked);
        Process check = child(data, keys, "check", ackedFile);
        String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(checkOutput).as(checkOutput).contains("CHECKED lost=0 of=" + acked.size());
        assertThat(checkOutput).as("the restart re-applied a recorded change: the shutdown was not clean")
                .doesNotContain("audit repair: applied");
        log.info("graceful shutdown: {} creates acknowledged ({}), exited {} ms after SIGTERM with {}, 0 lost, nothing repaired",
                acked.size(), outcomes, exitMillis, serving.exitValue());
    }

    private static Process child(Path data, Path keys, String mode, Path acked) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), GracefulShutdownChild.class.getName(),
                data.toString(), keys.toString(), mode));
        if (acked != null) {
            cmd.add(acked.toString());
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
