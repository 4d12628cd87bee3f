package org.evidencevault.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.common.Actor;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.store.EmbeddedStore;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fail closed when the store itself is gone. The test owns the embedded store (same code and data
 * directory as the vault's own) and points a vault at it by URI, with short driver timeouts so the
 * outage shows in a second rather than after the driver's default 30 s server selection. It stops the
 * store, shows that a change and a read through the seam fail with {@link AuditFailureException} (not
 * {@link ChangePendingException}: nothing was recorded) and that the read's work never ran; then it
 * restarts a vault on the same directory and shows the record unchanged and the log without any entry
 * for the failed change, still one intact chain.
 */
class AuditStoreOutageTest {

    @Test
    void withTheStoreGoneAChangeAndAReadFailClosedAndARestartShowsNothingHappened(@TempDir Path dir) {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeyRing keyRing = KeySetFile.generate(keys, false);
        Path data = dir.resolve("data");
        String id;
        Document before;
        long size;

        EmbeddedStore store = EmbeddedStore.start(data, 0, true);
        boolean stopped = false;
        try (ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("test")
                .run("--vault.store.data-dir=" + dir.resolve("unused"), "--vault.keys.path=" + keys, "--server.port=0",
                        "--spring.mongodb.uri=" + store.connectionString()
                                + "/evidence_vault?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000")) {
            Incident incident = VaultFixtures.incident(vault, "Outage");
            id = incident.id().value();
            MongoDatabase db = vault.getBean(MongoDatabase.class);
            before = db.getCollection("incidents").find(Filters.eq("_id", id)).first();
            size = vault.getBean(AuditStore.class).size();
            Document revised = new Document(before).append("version", 2L).append("status", "INCONCLUSIVE");
            StateChange change = new StateChange(new Target("incident", id), 2,
                    List.of(new StateChange.Put("incidents", id, 2, revised)));
            Audited audited = vault.getBean(Audited.class);

            store.close();
            stopped = true;

            assertThatThrownBy(() -> audited.change(Actor.SYSTEM, Action.INCIDENT_REVISE, change))
                    .isInstanceOf(AuditFailureException.class);
            AtomicBoolean decrypted = new AtomicBoolean();
            assertThatThrownBy(() -> audited.read(Actor.SYSTEM, Action.INCIDENT_READ, List.of(new Target("incident", id)), ticket -> {
                decrypted.set(true);
                return null;
            })).isInstanceOf(AuditFailureException.class);
            assertThat(decrypted).as("the read's work never ran").isFalse();
        } finally {
            if (!stopped) {
                store.close();
            }
        }

        try (ConfigurableApplicationContext vault = VaultContexts.start(data, keys, "test")) {
            MongoDatabase db = vault.getBean(MongoDatabase.class);
            assertThat(db.getCollection("incidents").find(Filters.eq("_id", id)).first()).as("the record is unchanged").isEqualTo(before);
            List<AuditLogAssertions.Stored> log = AuditLogAssertions.verifiedChain(db, keyRing);
            assertThat(log).as("no entry for the failed change or read").hasSize((int) size);
            assertThat(vault.getBean(AuditStore.class).byClaim("incident/" + id + "@2")).isNull();
            AuditLogAssertions.stateMatchesLog(db, log);

            IncidentService incidents = vault.getBean(IncidentService.class);
            assertThat(incidents.get(Actor.SYSTEM, new IncidentId(id)).version()).isEqualTo(1);
            Incident revised = incidents.revise(Actor.SYSTEM, new IncidentId(id), 1, incidents.get(Actor.SYSTEM, new IncidentId(id)).details());
            assertThat(revised.version()).as("the failed attempt did not use up version 2").isEqualTo(2);
        }
    }

    /**
     * The other side of fail closed: an {@link AuditFailureException} promises "nothing was done". Here the
     * store commits the entry of a change but the vault loses the store's reply (the connection drops, as on
     * a network failure or failover; see {@link LossyProxy}). Whatever the seam answers, it must be true
     * after a restart: if the change is then applied (repair applies every recorded change), the caller must
     * not have been told that nothing was done (503 audit-unavailable) or that its version was stale (412).
     */
    @Test
    void aChangeTheCallerWasToldFailedDoesNotHappenLaterWhenOnlyTheStoresReplyWasLost(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeyRing keyRing = KeySetFile.generate(keys, false);
        Path data = dir.resolve("data");
        String id;
        Object outcome;
        try (EmbeddedStore store = EmbeddedStore.start(data, 0, true);
             LossyProxy proxy = new LossyProxy(store.port());
             ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                     .profiles("test")
                     .run("--vault.store.data-dir=" + dir.resolve("unused"), "--vault.keys.path=" + keys, "--server.port=0",
                             "--spring.mongodb.uri=mongodb://127.0.0.1:" + proxy.port()
                                     + "/evidence_vault?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000")) {
            Incident incident = VaultFixtures.incident(vault, "Lost reply");
            id = incident.id().value();
            Document before = vault.getBean(MongoDatabase.class).getCollection("incidents").find(Filters.eq("_id", id)).first();
            StateChange change = new StateChange(new Target("incident", id), 2, List.of(new StateChange.Put("incidents", id, 2,
                    new Document(before).append("version", 2L).append("status", "INCONCLUSIVE"))));

            proxy.loseNextAuditInsertReply();
            try {
                vault.getBean(Audited.class).change(Actor.SYSTEM, Action.INCIDENT_REVISE, change);
                outcome = "applied";
            } catch (RuntimeException e) {
                outcome = e;
            }
            assertThat(proxy.repliesLost()).as("the store's reply to the entry's insert was lost").isEqualTo(1);
        }

        try (ConfigurableApplicationContext vault = VaultContexts.start(data, keys, "test")) {
            MongoDatabase db = vault.getBean(MongoDatabase.class);
            AuditLogAssertions.stateMatchesLog(db, AuditLogAssertions.verifiedChain(db, keyRing));
            boolean happened = vault.getBean(IncidentService.class).get(Actor.SYSTEM, new IncidentId(id)).version() == 2;
            if (happened) {
                assertThat(outcome).as("the change was recorded and, after restart, applied; yet the caller was told: %s", outcome)
                        .isNotInstanceOfAny(AuditFailureException.class, StaleVersionException.class);
            } else {
                assertThat(outcome).as("the change did not happen; the caller was told: %s", outcome)
                        .isInstanceOfAny(AuditFailureException.class, StaleVersionException.class);
            }
        }
    }
}
