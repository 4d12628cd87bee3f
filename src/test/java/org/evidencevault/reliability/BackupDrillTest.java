package org.evidencevault.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.audit.AuditVerification;
import org.evidencevault.audit.IntegrityAlarms;
import org.evidencevault.audit.IntegrityHaltException;
import org.evidencevault.backup.BackupFile;
import org.evidencevault.cli.VaultCommandLine;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.support.TestActors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup drill of README "Backup and restore": load data, back up through the ADMIN API while the vault runs, keep
 * writing, destroy the data directory, restore the backup with the key file into an empty one, start. Then the chain
 * verifies, every record of the backup opens with the key file, what was written after the backup is absent, and the
 * vault says so: a log alarm naming the backup, writes refused until an admin acknowledges it.
 */
class BackupDrillTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void backUpKeepWritingDestroyRestore(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        Path data = dir.resolve("data");
        Path backups = dir.resolve("backups");
        Map<String, String> before = new LinkedHashMap<>();
        List<String> after = new ArrayList<>();
        JsonNode result;
        try (ConfigurableApplicationContext vault = vault(data, keys, backups)) {
            DefenderService defenders = vault.getBean(DefenderService.class);
            for (int i = 0; i < 20; i++) {
                Defender d = defenders.register(TestActors.SEED, new DefenderProfile("Drill Defender " + i, null, "Lawyer", "MEX", null, null));
                before.put(d.id().value(), d.profile().fullName());
            }
            String base = Http.base(vault);
            Http.Reply refused = Http.post(base, "/api/v1/admin/backups", "", Http.officerToken(base));
            assertThat(refused.status()).as("an officer may not back up the store").isEqualTo(403);
            Http.Reply reply = Http.post(base, "/api/v1/admin/backups", "", Http.adminToken(base));
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            result = JSON.readTree(reply.body());
            for (int i = 0; i < 5; i++) {
                after.add(defenders.register(TestActors.SEED, new DefenderProfile("After Backup " + i, null, "Lawyer", "MEX", null, null))
                        .id().value());
            }
        }
        Path backup = backups.resolve(result.path("file").asString());
        assertThat(backup).exists();
        assertThat(Files.size(backup)).isEqualTo(result.path("bytes").asLong());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        byte[] raw = Files.readAllBytes(backup);
        assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)).as("the backup holds no plaintext name")
                .doesNotContain("Drill Defender");
        BackupFile.Header header = BackupFile.readHeader(backup);
        assertThat(header.backupId()).isEqualTo(result.path("backupId").asString());
        assertThat(header.checkpointSize()).isEqualTo(result.path("checkpointSize").asLong()).isPositive();

        deleteTree(data); // the disk is lost

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = VaultCommandLine.run(new String[] {"restore", "--backup", backup.toString(), "--key", keys.toString(),
                "--data-dir", data.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains(header.backupId());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("vault.mv.db"))))
                .as("the restored store is the owner's only").isEqualTo("rw-------");

        try (ConfigurableApplicationContext vault = vault(data, keys, backups)) {
            assertThat(vault.getBean(IntegrityAlarms.class).current()).as("the first start after the restore")
                    .singleElement().satisfies(a -> assertThat(a.reason()).contains("restored from backup " + header.backupId())
                            .contains("recorded after the backup was made is missing"));
        }
        // stopped without an acknowledgement: the next start still says so (from the log, and from the restore's note)
        try (ConfigurableApplicationContext vault = vault(data, keys, backups)) {
            IntegrityAlarms alarms = vault.getBean(IntegrityAlarms.class);
            assertThat(alarms.current()).singleElement().satisfies(a -> {
                assertThat(a.scope()).as("the log is the backup's, trusted; changes stop").isEqualTo(IntegrityAlarms.Scope.RECORD);
                assertThat(a.subject()).as("read back from the log after a restart").contains("restored from a backup");
            });
            AuditVerification verification = vault.getBean(AuditVerification.class);
            long size = vault.getBean(org.evidencevault.audit.Checkpoints.class).latest().orElseThrow().size();
            AuditVerification.Result chain = verification.verifyRange(0, size - 1);
            assertThat(chain.ok()).as(chain.reason()).isTrue();
            assertThat(size).isGreaterThanOrEqualTo(header.checkpointSize());

            DefenderService defenders = vault.getBean(DefenderService.class);
            assertThatThrownBy(() -> defenders.register(TestActors.SEED, new DefenderProfile("Too Early", null, "Lawyer", "MEX", null, null)))
                    .as("changes wait for the acknowledgement").isInstanceOf(IntegrityHaltException.class);
            before.forEach((id, name) -> assertThat(defenders.get(TestActors.SEED, new DefenderId(id)).profile().fullName())
                    .as("a record of the backup opens with the key file, before the acknowledgement too").isEqualTo(name));

            String base = Http.base(vault);
            Http.Reply ack = Http.post(base, "/api/v1/admin/integrity/acknowledge", "", Http.adminToken(base));
            assertThat(ack.status()).as("an ADMIN signs in during the alarm and acknowledges it: %s", ack.body()).isBetween(200, 204);
            assertThat(data.resolve("restored-from.json")).as("the restore's note goes with its alarm").doesNotExist();
            for (String id : after) {
                assertThatThrownBy(() -> defenders.get(TestActors.SEED, new DefenderId(id)))
                        .as("written after the backup: not in the restored store").isInstanceOf(NotFoundException.class);
            }
            assertThat(defenders.register(TestActors.SEED, new DefenderProfile("After Restore", null, "Lawyer", "MEX", null, null)))
                    .isNotNull();
        }
        try (ConfigurableApplicationContext vault = vault(data, keys, backups)) {
            assertThat(vault.getBean(IntegrityAlarms.class).current()).as("acknowledged, and not raised again").isEmpty();
        }
    }

    @Test
    void aRestoreRefusesADataDirectoryInUseAndAWrongKeyFile(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        Path other = dir.resolve("other/vault-keys.json");
        KeySetFile.generate(other, false);
        Path data = dir.resolve("data");
        Path backups = dir.resolve("backups");
        String file;
        try (ConfigurableApplicationContext vault = vault(data, keys, backups)) {
            vault.getBean(DefenderService.class).register(TestActors.SEED, new DefenderProfile("Key Check", null, "Lawyer", "MEX", null, null));
            String base = Http.base(vault);
            Http.Reply reply = Http.post(base, "/api/v1/admin/backups", "", Http.adminToken(base));
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            file = JSON.readTree(reply.body()).path("file").asString();
        }
        Path backup = backups.resolve(file);

        StringWriter err = new StringWriter();
        assertThat(VaultCommandLine.run(new String[] {"restore", "--backup", backup.toString(), "--key", keys.toString(),
                "--data-dir", data.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true))).isEqualTo(1);
        assertThat(err.toString()).contains("not an empty directory");

        Path fresh = dir.resolve("fresh");
        err = new StringWriter();
        assertThat(VaultCommandLine.run(new String[] {"restore", "--backup", backup.toString(), "--key", other.toString(),
                "--data-dir", fresh.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true))).isEqualTo(1);
        assertThat(err.toString()).contains("key file");
        assertThat(fresh.resolve("vault.mv.db")).doesNotExist();

        // one byte of the encrypted store changed: nothing is restored
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length - 100] ^= 1;
        Path changed = dir.resolve("changed.evb");
        Files.write(changed, bytes);
        err = new StringWriter();
        assertThat(VaultCommandLine.run(new String[] {"restore", "--backup", changed.toString(), "--key", keys.toString(),
                "--data-dir", fresh.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true))).isEqualTo(1);
        assertThat(fresh.resolve("vault.mv.db")).doesNotExist();
        assertThat(fresh.resolve("vault.mv.db.part")).doesNotExist();

        // one byte of the header changed (its checkpoint size): the header is authenticated, nothing is restored
        byte[] header = Files.readAllBytes(backup);
        String text = new String(header, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"size\":") + 7;
        header[at] = (byte) (header[at] == '9' ? '8' : header[at] + 1);
        Files.write(changed, header);
        err = new StringWriter();
        assertThat(VaultCommandLine.run(new String[] {"restore", "--backup", changed.toString(), "--key", keys.toString(),
                "--data-dir", fresh.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true))).isEqualTo(1);
        assertThat(fresh.resolve("vault.mv.db")).doesNotExist();
    }

    private static ConfigurableApplicationContext vault(Path data, Path keys, Path backups) {
        return new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("demo", "test")
                .run("--vault.store.data-dir=" + data, "--vault.keys.path=" + keys, "--server.port=0",
                        "--server.address=127.0.0.1", "--vault.demo.seed=false", "--vault.backup.dir=" + backups,
                        "--vault.store.min-free-space=0");
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
