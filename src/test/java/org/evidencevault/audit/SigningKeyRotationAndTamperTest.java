package org.evidencevault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.evidencevault.cli.VaultCommandLine;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Signing-key rotation on a running vault, and a change to the stored log made behind the vault's back.
 */
class SigningKeyRotationAndTamperTest {

    @Test
    void rotatedKeyIsAttestedByTheOldOneAndAnAuditorPinningOnlyTheOldKeyVerifiesEverything(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeyRing v1 = KeySetFile.generate(keys, false);
        Path data = dir.resolve("data");
        try (ConfigurableApplicationContext vault = VaultContexts.start(data, keys, "test")) {
            VaultFixtures.incident(vault, "before rotation");
        }
        KeySetFile.addSigningKeyVersion(keys);
        Path bundle = dir.resolve("bundle.json");
        try (ConfigurableApplicationContext vault = VaultContexts.start(data, keys, "test")) {
            VaultFixtures.incident(vault, "after rotation");
            MongoDatabase db = vault.getBean(MongoDatabase.class);
            Document rotation = db.getCollection("audit_log").find(Filters.eq("action", "audit.signing-key-rotated")).first();
            assertThat(rotation).isNotNull();
            assertThat(rotation.getString("keyId")).as("attested by the old key").isEqualTo("audit-v1");
            AuditEntry entry = AuditEntry.parse(rotation.getString("body").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(entry.targets().get(0).id()).isEqualTo("audit-v2");
            Document last = db.getCollection("audit_log").find().sort(new Document("_id", -1)).first();
            assertThat(last.getString("keyId")).as("new entries use the new key").isEqualTo("audit-v2");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            vault.getBean(AuditExport.class).range(0, last.get("_id", Long.class), null, out);
            Files.write(bundle, out.toByteArray());
        }
        Path oldKey = dir.resolve("audit-v1.json");
        Files.write(oldKey, AuditVerification.publicKey(v1.activeSigningKey()).toJson());
        assertThat(VaultCommandLine.run(new String[] {"verify", bundle.toString(), "--key", oldKey.toString()})).isZero();
    }

    @Test
    void anEntryChangedBehindTheVaultsBackTurnsHealthDownWithItsSeq(@TempDir Path dir) {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        try (ConfigurableApplicationContext vault = VaultContexts.start(dir.resolve("data"), keys, "test")) {
            for (int i = 0; i < 3; i++) {
                VaultFixtures.incident(vault, "tamper " + i);
            }
            AuditVerification verification = vault.getBean(AuditVerification.class);
            assertThat(verification.verifySinceLastVerified().ok()).isTrue();
            assertThat(verification.health().getStatus()).isEqualTo(Status.UP);

            MongoDatabase db = vault.getBean(MongoDatabase.class);
            Document victim = db.getCollection("audit_log").find(Filters.eq("_id", 2L)).first();
            String changed = victim.getString("body").replace("\"CHANGE\"", "\"CHANGF\"");
            assertThat(changed).isNotEqualTo(victim.getString("body"));
            db.getCollection("audit_log").updateOne(Filters.eq("_id", 2L), Updates.set("body", changed));

            // entry 2 is older than the newest checkpoint: the integrity sweep re-checks it from its signed bytes
            LogSweep sweep = vault.getBean(LogSweep.class);
            LogSweep.Progress p;
            do {
                p = sweep.step(1_000, (type, id, version) -> java.util.Optional.empty());
            } while (!p.passDone());
            assertThat(p.position()).isEqualTo(2L);
            assertThat(verification.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(verification.health().getDetails()).containsEntry("firstBadSeq", 2L);
            IntegrityAlarms alarms = vault.getBean(IntegrityAlarms.class);
            assertThat(alarms.current()).anyMatch(a -> a.scope() == IntegrityAlarms.Scope.LOG && Long.valueOf(2L).equals(a.seq()));
        }
    }
}
