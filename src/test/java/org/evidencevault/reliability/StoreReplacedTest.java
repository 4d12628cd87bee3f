package org.evidencevault.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.audit.AuditQueries;
import org.evidencevault.audit.IntegrityAlarms;
import org.evidencevault.audit.IntegrityHaltException;
import org.evidencevault.common.Actor;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.ledger.AuditBundle;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.ledger.BundleVerifier;
import org.evidencevault.ledger.SignatureMode;
import org.evidencevault.ledger.TrustPolicy;
import org.evidencevault.store.EmbeddedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An instance that outlives its store: instance B works on store 1; store 1 is replaced by a fresh store on
 * the same port, which another instance starts writing. B must not sign a checkpoint from its cached
 * hashes over the new store's log: it notices at its next checkpoint, stops signing and every audited
 * operation, says why in health; the new store's own log still verifies offline.
 */
class StoreReplacedTest {

    @Test
    void anInstanceWhoseStoreWasReplacedStopsSigningAndSaysSo(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeyRing ring = KeySetFile.generate(keys, false);
        EmbeddedStore first = EmbeddedStore.start(dir.resolve("store1"), 0, true);
        int port = first.port();
        try (ConfigurableApplicationContext b = vault(dir.resolve("b"), keys, port)) {
            DefenderService onB = b.getBean(DefenderService.class);
            onB.register(org.evidencevault.support.TestActors.SEED, profile("Replaced Store Defender 1"));
            onB.register(org.evidencevault.support.TestActors.SEED, profile("Replaced Store Defender 2"));
            AuditQueries auditOnB = b.getBean(AuditQueries.class);
            long sizeBefore = auditOnB.latestCheckpoint(Actor.SYSTEM).size();
            assertThat(sizeBefore).isPositive();

            first.close();
            EmbeddedStore second = EmbeddedStore.start(dir.resolve("store2"), port, true);
            try (ConfigurableApplicationContext a = vault(dir.resolve("a"), keys, port)) {
                DefenderService onA = a.getBean(DefenderService.class);
                for (int i = 0; i < 5; i++) {
                    onA.register(org.evidencevault.support.TestActors.SEED, profile("New Store Defender " + i));
                }
                AuditQueries auditOnA = a.getBean(AuditQueries.class);
                long size = auditOnA.latestCheckpoint(Actor.SYSTEM).size();

                assertThatThrownBy(() -> auditOnB.latestCheckpoint(Actor.SYSTEM))
                        .as("B refuses to sign over a log it has not verified").isInstanceOf(RuntimeException.class);
                IntegrityAlarms alarms = b.getBean(IntegrityAlarms.class);
                assertThat(alarms.current()).anySatisfy(alarm -> {
                    assertThat(alarm.scope()).isEqualTo(IntegrityAlarms.Scope.LOG);
                    assertThat(alarm.reason()).contains("entry 0").contains("not the one this instance was signing for");
                });
                assertThat(alarms.health().getStatus().getCode()).isEqualTo("DOWN");
                assertThatThrownBy(() -> onB.register(org.evidencevault.support.TestActors.SEED, profile("Must Not Be Written")))
                        .isInstanceOf(IntegrityHaltException.class);
                assertThat(Http.get(b, "/actuator/health", null).status()).isEqualTo(503);

                ByteArrayOutputStream bundle = new ByteArrayOutputStream();
                auditOnA.exportRange(Actor.SYSTEM, 0, size - 1, null, bundle);
                List<AuditPublicKey> pinned = ring.signingKeys().stream()
                        .map(k -> new AuditPublicKey(k.keyId(), k.ed25519PublicKey(), k.mlDsa65PublicKey())).toList();
                new BundleVerifier(Ed25519Keys::verify, Ed25519Keys.noteVerifier(), MlDsa65Keys.noteVerifier())
                        .verify(AuditBundle.parse(bundle.toByteArray()), TrustPolicy.pinning(pinned).withSignatures(SignatureMode.ALL));
            } finally {
                second.close();
            }
        }
    }

    private static DefenderProfile profile(String name) {
        return new DefenderProfile(name, null, null, "MEX", null, null);
    }

    private static ConfigurableApplicationContext vault(Path data, Path keys, int storePort) {
        return new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("test")
                .run("--vault.store.data-dir=" + data, "--vault.keys.path=" + keys, "--server.port=0",
                        "--spring.mongodb.uri=mongodb://127.0.0.1:" + storePort + "/evidence_vault");
    }
}
