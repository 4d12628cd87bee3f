package org.evidencevault.anchoring;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evidencevault.audit.AuditQueries;
import org.evidencevault.audit.Checkpoints;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.crypto.WitnessKeyFile;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.evidencevault.support.VaultContexts;
import org.evidencevault.witness.Witness;
import org.evidencevault.witness.WitnessServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Checkpoint-to-cosigned latency with two local witnesses (loopback HTTP, each witness forcing its state file to disk),
 * side by side with the same vault without witnesses, in one process:
 * <ol>
 * <li><b>On demand</b> (what an export and {@code GET /checkpoints/latest} do): after a write, make the checkpoint and
 * have both witnesses cosign it before answering; the baseline makes the checkpoint alone. Rounds alternate.</li>
 * <li><b>In the background</b>: after a write, the time from the checkpoint's own {@code time} line to both
 * cosignatures stored, with {@code checkpoint-interval} and {@code anchoring.interval} as given.</li>
 * </ol>
 * Arguments: writes per round (200), rounds (3), background writes (30), background interval in ms (1000).
 */
public final class AnchoringBench {

    private static final Actor AUDITOR = new Actor("auditor", Set.of(Role.AUDITOR), Set.of(), Set.of());
    private static final Actor SYSTEM = Actor.systemFor(org.evidencevault.common.DemoTeams.GENEVA);

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int background = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        long intervalMs = args.length > 3 ? Long.parseLong(args[3]) : 1000;
        Path dir = Files.createTempDirectory("anchoring-bench");
        Path keys = dir.resolve("keys/vault-keys.json");
        KeyRing ring = KeySetFile.generate(keys, false);
        var k = ring.activeSigningKey();
        String origin = "bench.example/audit";
        List<WitnessServer> servers = new ArrayList<>();
        List<String> witnessArgs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            WitnessKeyFile key = WitnessKeyFile.generate(dir.resolve("w" + i + ".key"), "w" + i + ".bench.example");
            Witness w = Witness.open(key, Map.of(origin, List.of(Ed25519Keys.trustedKey(k.keyId(), k.ed25519PublicKey()),
                    MlDsa65Keys.trustedKey(k.keyId() + "-mldsa65", k.mlDsa65PublicKey()))), dir.resolve("w" + i + ".state"),
                    Clock.systemUTC(), new PrintWriter(new StringWriter()));
            WitnessServer server = WitnessServer.start(w, new InetSocketAddress("127.0.0.1", 0), "");
            servers.add(server);
            witnessArgs.add("--vault.anchoring.witnesses[" + i + "].url=http://127.0.0.1:" + server.port());
            witnessArgs.add("--vault.anchoring.witnesses[" + i + "].key=" + key.key().vkey());
        }
        List<String> common = List.of("--vault.audit.origin=" + origin, "--vault.audit.checkpoint-interval=1h",
                "--vault.anchoring.interval=1h", "--logging.level.root=WARN");
        List<String> withWitnesses = new ArrayList<>(common);
        withWitnesses.addAll(witnessArgs);
        System.out.printf("AnchoringBench: %d writes a round, %d rounds, %d background writes at %d ms; %s, %d cores%n",
                perRound, rounds, background, intervalMs, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try (ConfigurableApplicationContext plain = VaultContexts.start(dir.resolve("plain"), keys, common, "test");
             ConfigurableApplicationContext witnessed = VaultContexts.start(dir.resolve("witnessed"), keys, withWitnesses, "test")) {
            onDemand(plain, 20); // warm-up, both
            onDemand(witnessed, 20);
            List<Long> base = new ArrayList<>();
            List<Long> cosigned = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                base.addAll(onDemand(plain, perRound));
                cosigned.addAll(onDemand(witnessed, perRound));
            }
            print("checkpoint on demand, no witness", base);
            print("checkpoint on demand + cosigned by 2 witnesses", cosigned);
        }
        List<String> bg = new ArrayList<>(List.of("--vault.audit.origin=" + origin,
                "--vault.audit.checkpoint-interval=" + intervalMs + "ms", "--vault.anchoring.interval=" + intervalMs + "ms",
                "--logging.level.root=WARN"));
        bg.addAll(witnessArgs);
        try (ConfigurableApplicationContext vault = VaultContexts.start(dir.resolve("witnessed"), keys, bg, "test")) {
            print("background: checkpoint time line to both cosignatures stored", backgroundLatency(vault, background));
        }
        servers.forEach(WitnessServer::close);
    }

    private static List<Long> onDemand(ConfigurableApplicationContext vault, int n) {
        AuditQueries audit = vault.getBean(AuditQueries.class);
        List<Long> nanos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            write(vault, i);
            long t0 = System.nanoTime();
            audit.latestCheckpoint(AUDITOR);
            nanos.add(System.nanoTime() - t0);
        }
        return nanos;
    }

    private static List<Long> backgroundLatency(ConfigurableApplicationContext vault, int n) throws InterruptedException {
        Checkpoints checkpoints = vault.getBean(Checkpoints.class);
        Anchoring anchoring = vault.getBean(Anchoring.class);
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long before = checkpoints.latest().map(Checkpoints.Signed::size).orElse(0L);
            write(vault, i);
            Checkpoints.Signed c;
            while ((c = checkpoints.latest().orElse(null)) == null || c.size() <= before) {
                Thread.sleep(2);
            }
            long size = c.size();
            Instant signed = Instant.parse(c.note().lines().filter(l -> l.startsWith("time ")).findFirst().orElseThrow().substring(5));
            while (!anchoring.status().stream().allMatch(s -> s.size() >= size && s.problem() == null)) {
                Thread.sleep(1);
            }
            nanos.add(java.time.Duration.between(signed, Instant.now()).toNanos());
        }
        return nanos;
    }

    private static void write(ConfigurableApplicationContext vault, int i) {
        var d = vault.getBean(DefenderService.class).register(SYSTEM, new DefenderProfile("Bench Defender " + i, null, null, null, null,
                List.of()));
        vault.getBean(IncidentService.class).register(SYSTEM, new IncidentDetails("bench " + i, List.of(d.id()), Spyware.PEGASUS,
                null, null, null, IncidentStatus.SUSPECTED, List.of(new InfectionEvent(org.evidencevault.common.PartialDate.of("2022-06"),
                        null, null, null)), List.of(), null));
    }

    private static void print(String what, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%-62s n=%d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", what, sorted.length,
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
