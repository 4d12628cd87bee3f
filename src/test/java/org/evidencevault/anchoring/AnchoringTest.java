package org.evidencevault.anchoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.evidencevault.audit.AuditQueries;
import org.evidencevault.cli.VaultCommandLine;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.crypto.LocalTsa;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.support.VaultContexts;
import org.evidencevault.witness.Witness;
import org.evidencevault.crypto.WitnessKeyFile;
import org.evidencevault.witness.WitnessServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The vault with two local witnesses and a local Time-Stamp Authority, all on 127.0.0.1: each new checkpoint is
 * cosigned by both and time-stamped; an exported bundle carries the cosignatures and the token, and the offline
 * verifier, pinning the witnesses and the TSA, proves when the checkpoint existed. A rollback (an older bundle shown
 * to an auditor who holds a later cosigned checkpoint) is refused; a TSA that is down delays nothing and is retried.
 */
class AnchoringTest {

    private static final Actor AUDITOR = new Actor("auditor", Set.of(Role.AUDITOR), Set.of(), Set.of());

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<String> vkeys = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private Path keys;
    private Path keyFile;
    private LocalTsa tsa;
    private Path tsaCert;

    @BeforeEach
    void witnessesAndTsa() throws Exception {
        keys = dir.resolve("keys/vault-keys.json");
        KeyRing ring = KeySetFile.generate(keys, false);
        var signing = ring.activeSigningKey();
        AuditPublicKey vault = new AuditPublicKey(signing.keyId(), signing.ed25519PublicKey(), signing.mlDsa65PublicKey());
        keyFile = dir.resolve("audit-v1.json");
        Files.write(keyFile, vault.toJson());
        String origin = "anchoring.test/audit";
        for (int i = 0; i < 2; i++) {
            WitnessKeyFile key = WitnessKeyFile.generate(dir.resolve("w" + i + ".key"), "w" + i + ".partner.example");
            Witness witness = Witness.open(key, Map.of(origin, List.of(Ed25519Keys.trustedKey(vault.keyId(), vault.ed25519()),
                    MlDsa65Keys.trustedKey(vault.mlDsa65KeyName(), vault.mlDsa65()))), dir.resolve("w" + i + ".state"),
                    Clock.systemUTC(), new PrintWriter(new StringWriter()));
            WitnessServer server = WitnessServer.start(witness, new InetSocketAddress("127.0.0.1", 0), "/w");
            running.add(server);
            vkeys.add(key.key().vkey());
            args.add("--vault.anchoring.witnesses[" + i + "].url=http://127.0.0.1:" + server.port() + "/w");
            args.add("--vault.anchoring.witnesses[" + i + "].key=" + key.key().vkey());
        }
        tsa = LocalTsa.start("Anchoring Test TSA");
        running.add(tsa);
        tsaCert = dir.resolve("tsa.pem");
        Files.write(tsaCert, tsa.certificatePem());
        args.addAll(List.of("--vault.anchoring.tsas[0].name=local", "--vault.anchoring.tsas[0].url=" + tsa.uri(),
                "--vault.anchoring.tsas[0].certificate=" + tsaCert, "--vault.anchoring.interval=200ms",
                "--vault.anchoring.tsa-interval=1s", "--vault.audit.checkpoint-interval=200ms", "--vault.audit.origin=" + origin));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    @Test
    void eachCheckpointIsCosignedAndTimeStampedAndTheBundleProvesWhenItExisted() throws Exception {
        try (ConfigurableApplicationContext vault = VaultContexts.start(dir.resolve("data"), keys, args, "test")) {
            incidents(vault, 3);
            Anchoring anchoring = vault.getBean(Anchoring.class);
            long size = awaitAnchored(vault, anchoring);
            AuditQueries audit = vault.getBean(AuditQueries.class);
            AuditQueries.CheckpointView checkpoint = audit.checkpoint(AUDITOR, size);
            assertThat(checkpoint.note()).contains("\u2014 w0.partner.example ").contains("\u2014 w1.partner.example ");
            assertThat(checkpoint.timestamps()).hasSize(1);

            Path bundle = export(audit, size, "bundle.json");
            assertThat(Files.readString(bundle)).contains("\"format\":\"evidence-vault-audit-bundle/2\"");
            // a short range of old entries: its bundle also carries the newest time-stamped checkpoint, not only the one
            // made now (which no TSA has seen yet)
            ByteArrayOutputStream early = new ByteArrayOutputStream();
            audit.exportRange(AUDITOR, 0, 1, null, early);
            assertThat(early.toString(StandardCharsets.UTF_8)).contains("\"format\":\"evidence-vault-audit-bundle/2\"")
                    .contains("\"timestamps\":[{\"size\":" + size + ",");
            StringWriter out = new StringWriter();
            int code = VaultCommandLine.run(new String[] {"verify", bundle.toString(), "--key", keyFile.toString(),
                    "--witness", vkeys.get(0), "--witness", vkeys.get(1), "--tsa", tsaCert.toString()},
                    new PrintWriter(out, true), new PrintWriter(out, true));
            assertThat(code).as(out.toString()).isZero();
            assertThat(out.toString()).contains("OK: ").containsPattern("proven: checkpoint size \\d+ existed by \\d{4}-\\d\\d-\\d\\dT")
                    .contains("witness w0.partner.example").contains("witness w1.partner.example").contains("tsa CN=Anchoring Test TSA");

            // a witness the auditor pins that did not cosign: the quorum is not met
            String stranger = WitnessKeyFile.generate(dir.resolve("stranger.key"), "w1.partner.example").key().vkey();
            StringWriter short1 = new StringWriter();
            assertThat(VaultCommandLine.run(new String[] {"verify", bundle.toString(), "--key", keyFile.toString(),
                    "--witness", vkeys.get(0), "--witness", stranger}, new PrintWriter(short1, true), new PrintWriter(short1, true)))
                    .isEqualTo(1);
            assertThat(short1.toString()).containsPattern("FAIL: the latest checkpoint \\(size \\d+\\) is cosigned by 1 of the 2 "
                    + "witnesses you pinned; 2 needed");
            // without --tsa the token is not checked, and says so
            StringWriter unchecked = new StringWriter();
            assertThat(VaultCommandLine.run(new String[] {"verify", bundle.toString(), "--key", keyFile.toString()},
                    new PrintWriter(unchecked, true), new PrintWriter(unchecked, true))).isZero();
            assertThat(unchecked.toString()).contains("warning: 1 time-stamp token was not checked")
                    .contains("warning: cosignatures were not checked");

            // a rollback: a later, cosigned checkpoint held by the auditor, an older bundle shown to them
            incidents(vault, 2);
            long later = awaitAnchored(vault, anchoring);
            assertThat(later).isGreaterThan(size);
            Path held = dir.resolve("held-checkpoint");
            Files.writeString(held, audit.checkpoint(AUDITOR, later).note());
            StringWriter rollback = new StringWriter();
            assertThat(VaultCommandLine.run(new String[] {"verify", bundle.toString(), "--key", keyFile.toString(),
                    "--witness", vkeys.get(0), "--witness", vkeys.get(1), "--previous-checkpoint", held.toString()},
                    new PrintWriter(rollback, true), new PrintWriter(rollback, true))).isEqualTo(1);
            assertThat(rollback.toString()).contains("FAIL: rollback: the latest checkpoint (size ")
                    .contains(") is older than the checkpoint you hold (size " + later + ")");
        }
    }

    @Test
    void aTsaThatIsDownDelaysNothingAndIsRetried() throws Exception {
        tsa.down(true);
        try (ConfigurableApplicationContext vault = VaultContexts.start(dir.resolve("data"), keys, args, "test")) {
            Anchoring anchoring = vault.getBean(Anchoring.class);
            long started = System.nanoTime();
            incidents(vault, 3);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("three writes while the TSA is down")
                    .isLessThan(Duration.ofSeconds(5));
            await("the TSA's refusal is seen", () -> anchoring.status().stream()
                    .anyMatch(s -> s.kind().equals("tsa") && s.problem() != null && s.problem().contains("503")));
            assertThat(anchoring.health().getStatus().getCode()).as("a TSA that is down is no inconsistency").isEqualTo("UP");
            int refused = tsa.requests();
            tsa.down(false);
            await("the checkpoint is time-stamped once the TSA is back", () -> anchoring.status().stream()
                    .anyMatch(s -> s.kind().equals("tsa") && s.problem() == null && s.size() > 0));
            assertThat(tsa.requests()).isGreaterThan(refused);
        }
    }

    private static void incidents(ConfigurableApplicationContext vault, int n) {
        IncidentService incidents = vault.getBean(IncidentService.class);
        org.evidencevault.incidents.DefenderService defenders = vault.getBean(org.evidencevault.incidents.DefenderService.class);
        Actor system = Actor.systemFor(org.evidencevault.common.DemoTeams.GENEVA);
        for (int i = 0; i < n; i++) {
            var defender = defenders.register(system, new org.evidencevault.incidents.DefenderProfile("Anchored Defender " + i,
                    null, null, null, null, List.of()));
            incidents.register(system, new IncidentDetails("anchored " + i, List.of(defender.id()),
                    org.evidencevault.incidents.Spyware.PEGASUS, null, null, null, org.evidencevault.incidents.IncidentStatus.SUSPECTED,
                    List.of(new org.evidencevault.incidents.InfectionEvent(org.evidencevault.common.PartialDate.of("2022-06"), null, null, null)),
                    List.of(), null));
        }
    }

    /** Waits until the newest checkpoint is cosigned by both witnesses and time-stamped; returns its size. */
    private static long awaitAnchored(ConfigurableApplicationContext vault, Anchoring anchoring) throws InterruptedException {
        AuditQueries audit = vault.getBean(AuditQueries.class);
        long[] size = new long[1];
        await("both witnesses and the TSA at the newest checkpoint", () -> {
            size[0] = audit.latestCheckpoint(AUDITOR).size();
            return anchoring.status().stream().allMatch(s -> s.size() == size[0] && s.problem() == null);
        });
        return size[0];
    }

    private static Path export(AuditQueries audit, long size, String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        audit.exportRange(AUDITOR, 0, size - 1, null, out);
        Path file = Files.createTempFile(name, ".json");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
