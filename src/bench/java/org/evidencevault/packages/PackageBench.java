package org.evidencevault.packages;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalService;
import org.evidencevault.cli.VaultCommandLine;
import org.evidencevault.common.Actor;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.common.PartialDate;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.evidence.EvidenceItem;
import org.evidencevault.evidence.EvidenceKind;
import org.evidencevault.evidence.EvidenceService;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.support.VaultContexts;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Package build and verify throughput for an incident of {@code MiB} MiB of evidence (one device backup of random
 * bytes), with a plain copy of the same bytes (cp of the stored file... here: the JDK copying the package file) as
 * the baseline measured in the same run. Build: approval, export of the ORIGINAL variant to a file (decrypting every
 * segment, SHA-256 and SHA-512 while zipping, custody bundles). Verify: {@code verify-package} in this JVM.
 * Arguments: MiB (1024), rounds (3).
 */
public final class PackageBench {

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("package-bench");
        Path keys = dir.resolve("keys/vault-keys.json");
        KeyRing ring = KeySetFile.generate(keys, false);
        var k = ring.activeSigningKey();
        Path keyFile = dir.resolve("audit-v1.json");
        Files.write(keyFile, new AuditPublicKey(k.keyId(), k.ed25519PublicKey(), k.mlDsa65PublicKey()).toJson());
        System.out.printf("PackageBench: %d MiB, %d rounds; %s, %d cores, max heap %d MiB%n", mib, rounds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        try (ConfigurableApplicationContext vault = VaultContexts.start(dir.resolve("data"), keys,
                List.of("--logging.level.root=WARN", "--vault.evidence.max-size=" + (mib + 1) + "MB"), "test")) {
            Defender d = vault.getBean(DefenderService.class).register(officer(), new DefenderProfile("Bench Defender", null, null, null,
                    null, List.of()));
            Incident incident = vault.getBean(IncidentService.class).register(officer(), new IncidentDetails("bench", List.of(d.id()),
                    Spyware.PEGASUS, null, null, null, IncidentStatus.SUSPECTED,
                    List.of(new InfectionEvent(PartialDate.of("2022-06"), null, null, null)), List.of(), null));
            long size = (long) mib << 20;
            EvidenceService evidence = vault.getBean(EvidenceService.class);
            EvidenceItem item = evidence.register(officer(), incident.id(), new EvidenceItem.Details(EvidenceKind.DEVICE_BACKUP,
                    "application/octet-stream", size, "backup.tar", null, null, null, null, null, null, null, null, null, null), null);
            evidence.append(officer(), item.id(), 0, random(size), null);
            for (int r = 1; r <= rounds; r++) {
                Path zip = dir.resolve("package-" + r + ".zip");
                long t0 = System.nanoTime();
                EvidencePackages packages = vault.getBean(EvidencePackages.class);
                Approval asked = packages.requestExport(officer(), incident.id(), incident.version(), EvidencePackages.Variant.ORIGINAL, "bench");
                vault.getBean(ApprovalService.class).decide(second(), asked.id(), asked.version(), true);
                try (OutputStream out = Files.newOutputStream(zip)) {
                    packages.export(officer(), incident.id(), incident.version(), EvidencePackages.Variant.ORIGINAL, asked.id()).writeTo(out);
                }
                long t1 = System.nanoTime();
                StringWriter report = new StringWriter();
                int code = VaultCommandLine.run(new String[] {"verify-package", zip.toString(), "--key", keyFile.toString()},
                        new PrintWriter(report, true), new PrintWriter(report, true));
                long t2 = System.nanoTime();
                Path copy = dir.resolve("copy.zip");
                Files.copy(zip, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                long t3 = System.nanoTime();
                if (code != 0) {
                    throw new IllegalStateException("the package did not verify:\n" + report);
                }
                double mb = size / 1e6;
                System.out.printf("round %d: build %.1f s (%.0f MB/s), verify-package %.1f s (%.0f MB/s), baseline copy of the zip %.1f s (%.0f MB/s); zip %d MiB%n",
                        r, (t1 - t0) / 1e9, mb / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, mb / ((t2 - t1) / 1e9), (t3 - t2) / 1e9,
                        mb / ((t3 - t2) / 1e9), Files.size(zip) >> 20);
                Files.delete(zip);
                Files.delete(copy);
            }
        }
    }

    private static Actor officer() {
        return new Actor("officer", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.GENEVA), Set.of(), Instant.now());
    }

    private static Actor second() {
        return new Actor("second-officer", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.GENEVA), Set.of(), Instant.now());
    }

    /** {@code size} random bytes, generated as they are read (never all in memory). */
    private static InputStream random(long size) {
        Random random = new Random(42);
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }
}
