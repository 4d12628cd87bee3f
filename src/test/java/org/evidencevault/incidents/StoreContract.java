package org.evidencevault.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.common.GoneException;
import org.evidencevault.common.PartialDate;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the vault needs from its store, run against the embedded store here and against a real MongoDB
 * replica set (Testcontainers) where Docker exists: sealed round trips, blind-index search, optimistic
 * concurrency under contention, crypto-shredding, and associated-data binding.
 */
abstract class StoreContract extends ApiTestSupport {

    /** Its own store: tampering with it must not stop the vault that other test classes share. */
    private static final java.nio.file.Path OWN_STORE = org.evidencevault.support.VaultTestDirs.fresh("store-contract");

    @org.springframework.test.context.DynamicPropertySource
    static void ownStore(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("vault.test.own-store", OWN_STORE::toString);
    }

    @Autowired
    org.evidencevault.audit.IntegrityAdministration integrity;

    @Autowired
    OrganisationService organisations;
    @Autowired
    DefenderService defenders;
    @Autowired
    org.evidencevault.approvals.ApprovalService approvals;
    @Autowired
    IncidentService incidents;
    @Autowired
    MongoDatabase db;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void sealedIncidentRoundTripsAndIsFoundByDefenderName() {
        Organisation lab = organisations.register(org.evidencevault.support.TestActors.SEED, new Organisation.Details("Contract Lab " + suffix, null, "CAN", Organisation.Type.RESEARCH_LAB));
        Defender d = defenders.register(org.evidencevault.support.TestActors.SEED, profile("Contract Person " + suffix));
        IncidentDetails details = details(List.of(d.id()), lab.id());
        Incident created = incidents.register(org.evidencevault.support.TestActors.SEED, details);

        Incident read = incidents.get(Actor.SYSTEM, created.id());
        assertThat(read.details()).isEqualTo(details);
        assertThat(read.version()).isEqualTo(1);
        assertThat(incidents.list(Actor.SYSTEM, "contract PERSON " + suffix, 0, 10).items())
                .extracting(Incident::id).containsExactly(created.id());
        Document raw = db.getCollection("incidents").find(Filters.eq("_id", created.id().value())).first();
        assertThat(raw.toJson()).doesNotContain("Contract Person").doesNotContain("contract test notes");
    }

    @Test
    void staleRevisionChangesNothing() {
        Defender d = defenders.register(org.evidencevault.support.TestActors.SEED, profile("Stale Person " + suffix));
        Incident created = incidents.register(org.evidencevault.support.TestActors.SEED, details(List.of(d.id()), null));
        Incident revised = incidents.revise(Actor.SYSTEM, created.id(), 1, withTitle(created.details(), "second"));
        assertThat(revised.version()).isEqualTo(2);

        assertThatThrownBy(() -> incidents.revise(Actor.SYSTEM, created.id(), 1, withTitle(created.details(), "lost update")))
                .isInstanceOf(StaleVersionException.class);
        Incident now = incidents.get(Actor.SYSTEM, created.id());
        assertThat(now.version()).isEqualTo(2);
        assertThat(now.details().title()).isEqualTo("second");
    }

    @Test
    void concurrentRevisionsOfOneVersionLetExactlyOneWin() throws Exception {
        Defender d = defenders.register(org.evidencevault.support.TestActors.SEED, profile("Race Person " + suffix));
        Incident created = incidents.register(org.evidencevault.support.TestActors.SEED, details(List.of(d.id()), null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String title = "writer " + i;
                Callable<Boolean> task = () -> {
                    try {
                        incidents.revise(Actor.SYSTEM, created.id(), 1, withTitle(created.details(), title));
                        return true;
                    } catch (StaleVersionException e) {
                        return false;
                    }
                };
                results.add(pool.submit(task));
            }
            long winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(incidents.get(Actor.SYSTEM, created.id()).version()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void erasureShredsTheDefenderAndKeepsTheIncident() {
        Defender d = defenders.register(org.evidencevault.support.TestActors.SEED, profile("Erased Person " + suffix));
        Incident created = incidents.register(org.evidencevault.support.TestActors.SEED, details(List.of(d.id()), null));
        org.evidencevault.support.Erasures.erase(defenders, approvals, d.id(), 1);

        assertThatThrownBy(() -> defenders.get(Actor.SYSTEM, d.id())).isInstanceOf(GoneException.class);
        assertThat(incidents.get(Actor.SYSTEM, created.id()).details().defenderIds()).containsExactly(d.id());
        assertThat(incidents.list(Actor.SYSTEM, "Erased Person " + suffix, 0, 10).totalItems()).isZero();
    }

    @Test
    void sealedValueCopiedIntoAnotherRecordDoesNotOpen() {
        Defender a = defenders.register(org.evidencevault.support.TestActors.SEED, profile("Copy Source " + suffix));
        Defender b = defenders.register(org.evidencevault.support.TestActors.SEED, profile("Copy Target " + suffix));
        Object sealedName = db.getCollection("defenders").find(Filters.eq("_id", a.id().value())).first()
                .get("sealed", Document.class).get("fullName");
        Object original = db.getCollection("defenders").find(Filters.eq("_id", b.id().value())).first().get("sealed");
        db.getCollection("defenders").updateOne(Filters.eq("_id", b.id().value()), Updates.set("sealed.fullName", sealedName));

        // withheld by the record's check against the log, before anything is decrypted (the AEAD's associated
        // data would refuse it too: SealerTest)
        assertThatThrownBy(() -> defenders.get(Actor.SYSTEM, b.id())).isInstanceOf(org.evidencevault.common.RecordIntegrityException.class);
        assertThat(defenders.get(Actor.SYSTEM, a.id()).profile().fullName()).isEqualTo("Copy Source " + suffix);

        db.getCollection("defenders").updateOne(Filters.eq("_id", b.id().value()), Updates.set("sealed", original));
        integrity.acknowledge(new Actor("admin", java.util.Set.of(org.evidencevault.common.Role.ADMIN)));
        assertThat(defenders.get(Actor.SYSTEM, b.id()).profile().fullName()).isEqualTo("Copy Target " + suffix);
    }

    private static DefenderProfile profile(String name) {
        return new DefenderProfile(name, null, "Lawyer", "MEX", null, null);
    }

    private static IncidentDetails details(List<DefenderId> defenderIds, OrganisationId labId) {
        List<ForensicConfirmation> confirmations = labId == null ? List.of() : List.of(new ForensicConfirmation(labId,
                ForensicTerms.Trigger.APPLE_THREAT_NOTIFICATION, PartialDate.of("2022-12-15"), null, ForensicTerms.Method.MVT,
                PartialDate.of("2023-01"), PartialDate.of("2023-04-18"), "https://example.org/report", ForensicTerms.Confidence.HIGH));
        return new IncidentDetails("Contract incident", defenderIds, Spyware.PEGASUS, null, null, null,
                labId == null ? IncidentStatus.SUSPECTED : IncidentStatus.CONFIRMED_INFECTION,
                List.of(new InfectionEvent(PartialDate.of("2022-06-22"), defenderIds.get(0), "FORCEDENTRY", IncidentStatus.CONFIRMED_INFECTION)),
                confirmations, "contract test notes");
    }

    private static IncidentDetails withTitle(IncidentDetails d, String title) {
        return new IncidentDetails(title, d.defenderIds(), d.spyware(), d.vendorOrganisationId(), d.suspectedOperatorOrganisationId(),
                d.operatorInvolvement(), d.status(), d.infectionEvents(), d.forensicConfirmations(), d.contextNotes());
    }
}
