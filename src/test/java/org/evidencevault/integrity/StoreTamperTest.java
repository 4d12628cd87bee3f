package org.evidencevault.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.integrity.TamperedVault.officer;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.evidencevault.audit.AuditQueries;
import org.evidencevault.audit.IntegrityAlarms;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.ledger.AuditBundle;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.ledger.BundleVerifier;
import org.evidencevault.ledger.SignatureMode;
import org.evidencevault.ledger.TrustPolicy;
import org.evidencevault.store.EmbeddedStore;
import org.evidencevault.support.VaultTestDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit log changed behind the vault's back, one thing at a time, through the wire: every signed field of
 * an entry's body, entries deleted, swapped, forged, a derived field, a stored change (payload), the repair
 * marker, and the whole store rolled back. Each tampering must be found by the integrity sweep of the running
 * vault and again at the next start (after the operator acknowledged, so nothing is restored from the log: the
 * start-up checks and the first sweep pass must find it themselves), with the right seq; the record whose
 * entry was touched is withheld; the vault keeps answering its health and its operator.
 *
 * <p>One vault serves the cases that can be undone (the entry is put back, the operator acknowledges, and the
 * next case starts from a clean sweep); cases that leave the log unrepairable (the tail deleted or forged, the
 * store rolled back) get a vault of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreTamperTest {

    private static final Actor ADMIN = new Actor("admin", java.util.Set.of(Role.ADMIN));
    private static final DateTimeFormatter TIMES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private TamperedVault vault;
    /** An incident nobody touches: what is still served. */
    private Incident bystander;

    @BeforeAll
    void start() {
        vault = TamperedVault.fresh("store-tamper").start();
        bystander = vault.incident("Bystander");
        vault.checkpoint();
    }

    @AfterAll
    void stop() {
        vault.close();
    }

    @BeforeEach
    void clean() {
        vault.expectClean();
    }

    // ---- entries: the signed body -----------------------------------------------------------------------

    /** One field of an entry's signed body, changed to another well-formed value (the signature is kept). */
    enum BodyField {
        SEQ(e -> new AuditEntry(e.seq() + 1000, e.time(), e.actor(), e.role(), e.kind(), e.action(), e.targets(),
                e.commitment(), e.prev(), e.keyId())),
        TIME(e -> new AuditEntry(e.seq(), StoreTamperTest.TIMES.format(Instant.parse(e.time()).minusMillis(1)), e.actor(), e.role(), e.kind(),
                e.action(), e.targets(), e.commitment(), e.prev(), e.keyId())),
        ACTOR(e -> new AuditEntry(e.seq(), e.time(), "someone-else", e.role(), e.kind(), e.action(), e.targets(),
                e.commitment(), e.prev(), e.keyId())),
        ROLE(e -> new AuditEntry(e.seq(), e.time(), e.actor(), "RAPPORTEUR", e.kind(), e.action(), e.targets(),
                e.commitment(), e.prev(), e.keyId())),
        KIND(e -> new AuditEntry(e.seq(), e.time(), e.actor(), e.role(), "KEY", e.action(), e.targets(),
                e.commitment(), e.prev(), e.keyId())),
        ACTION(e -> new AuditEntry(e.seq(), e.time(), e.actor(), e.role(), e.kind(), "incident.revise", e.targets(),
                e.commitment(), e.prev(), e.keyId())),
        TARGETS(e -> new AuditEntry(e.seq(), e.time(), e.actor(), e.role(), e.kind(), e.action(),
                List.of(new AuditEntry.Target(e.targets().get(0).type(), e.targets().get(0).id(), 2L)),
                e.commitment(), e.prev(), e.keyId())),
        COMMITMENT(e -> new AuditEntry(e.seq(), e.time(), e.actor(), e.role(), e.kind(), e.action(), e.targets(),
                "sha256:" + "0".repeat(64), e.prev(), e.keyId())),
        PREV(e -> new AuditEntry(e.seq(), e.time(), e.actor(), e.role(), e.kind(), e.action(), e.targets(),
                e.commitment(), AuditEntry.GENESIS_PREV, e.keyId())),
        KEY_ID(e -> new AuditEntry(e.seq(), e.time(), e.actor(), e.role(), e.kind(), e.action(), e.targets(),
                e.commitment(), e.prev(), "audit-v2"));

        final UnaryOperator<AuditEntry> edit;

        BodyField(UnaryOperator<AuditEntry> edit) {
            this.edit = edit;
        }
    }

    @ParameterizedTest
    @EnumSource(BodyField.class)
    void anEntryWithOneSignedFieldChangedIsFound(BodyField field) {
        Incident x = vault.incident("Body " + field);
        long seq = vault.seqOf("incident", id(x), 1);
        entriesAfter(seq);
        Document original = vault.entry(seq);
        byte[] edited = field.edit.apply(vault.signed(original)).canonicalBytes();
        assertThat(new String(edited, StandardCharsets.UTF_8)).isNotEqualTo(original.getString("body"));

        logTamperingIsFound(seq, x,
                () -> vault.putEntry(seq, new Document(original).append("body", new String(edited, StandardCharsets.UTF_8))),
                () -> vault.putEntry(seq, original));
    }

    // ---- entries: deleted, swapped, forged ----------------------------------------------------------------

    @Test
    void theFirstEntryDeletedIsFound() {
        Document first = vault.entry(0);
        logTamperingIsFound(0, null,
                () -> vault.log().deleteOne(Filters.eq("_id", 0L)),
                () -> vault.putEntry(0, first));
    }

    @Test
    void aMiddleEntryDeletedIsFound() {
        Incident x = vault.incident("Deleted entry");
        long seq = vault.seqOf("incident", id(x), 1);
        entriesAfter(seq);
        Document original = vault.entry(seq);
        logTamperingIsFound(seq, x,
                () -> vault.log().deleteOne(Filters.eq("_id", seq)),
                () -> vault.putEntry(seq, original));
    }

    @Test
    void twoEntriesSwappedAreFound() {
        Incident x = vault.incident("Swapped");
        long seq = vault.seqOf("incident", id(x), 1);
        entriesAfter(seq);
        Document a = vault.entry(seq);
        Document b = vault.entry(seq + 1);
        // each entry is still whole and validly signed: only its place in the log is wrong
        logTamperingIsFound(seq, null,
                () -> {
                    vault.log().deleteMany(Filters.in("_id", seq, seq + 1));
                    vault.log().insertMany(List.of(new Document(b).append("_id", seq), new Document(a).append("_id", seq + 1)));
                },
                () -> {
                    vault.log().deleteMany(Filters.in("_id", seq, seq + 1));
                    vault.log().insertMany(List.of(a, b));
                });
    }

    @Test
    void anEntrySignedWithAnotherKeyIsFound() {
        Incident x = vault.incident("Forged");
        long seq = vault.seqOf("incident", id(x), 1);
        entriesAfter(seq);
        Document original = vault.entry(seq);
        AuditEntry genuine = vault.signed(original);
        // well formed, in its place, chained to its predecessor, with the vault's key id: only the key is another
        AuditEntry forged = new AuditEntry(genuine.seq(), genuine.time(), "officer", "PROTECTION_OFFICER", genuine.kind(),
                genuine.action(), genuine.targets(), genuine.commitment(), genuine.prev(), genuine.keyId());
        Document forgedDoc = signedByAnotherKey(original, forged);

        logTamperingIsFound(seq, x, () -> vault.putEntry(seq, forgedDoc), () -> vault.putEntry(seq, original));
    }

    /** The tail entry deleted: the store's log is shorter than the anchored checkpoint. Its own vault. */
    @Test
    void theLastEntryDeletedIsFound() {
        try (TamperedVault own = TamperedVault.fresh("tail-deleted").start()) {
            Incident other = own.incident("Other");
            Incident x = own.incident("Last");
            long seq = own.seqOf("incident", id(x), 1);
            assertThat(own.tailSeq()).isEqualTo(seq);
            own.checkpoint();
            own.expectClean();

            own.log().deleteOne(Filters.eq("_id", seq));

            own.sweepPass();
            own.expectLogAlarm(seq);
            own.expectReadsHalted(incidentPath(other), officer());
            own.acknowledge();
            own.restart();
            own.sweepPass();
            own.expectLogAlarm(seq);
            own.expectWithheld(incidentPath(x), id(x), officer());
            own.acknowledge();
            own.expectServed(incidentPath(other), officer());
        }
    }

    /** A forged entry appended after the tail (chained, but signed with another key). Its own vault. */
    @Test
    void aForgedEntryAppendedAfterTheTailIsFound() {
        try (TamperedVault own = TamperedVault.fresh("tail-forged").start()) {
            Incident other = own.incident("Other");
            own.checkpoint();
            own.expectClean();
            Document tail = own.entry(own.tailSeq());
            long seq = own.tailSeq() + 1;
            AuditEntry last = own.signed(tail);
            AuditEntry forged = new AuditEntry(seq, last.time(), "admin", "ADMIN", "ADMIN", "audit.export",
                    List.of(new AuditEntry.Target("audit-range", "0..1", null)), null, TamperedVault.bodyHash(tail), last.keyId());
            Document forgedDoc = signedByAnotherKey(new Document("_id", seq).append("claim", "op/forged"), forged);

            own.log().insertOne(forgedDoc);

            own.sweepPass();
            own.expectLogAlarm(seq);
            own.expectReadsHalted(incidentPath(other), officer());
            own.acknowledge();
            own.restart();
            own.sweepPass();
            own.expectLogAlarm(seq);
            own.acknowledge();
            own.expectServed(incidentPath(other), officer());
        }
    }

    // ---- entries: what is derived, what is stored beside the body -----------------------------------------

    /**
     * The {@code hash} field is derived and never trusted: changing it (on the tail, which the next entry chains
     * to, and on an entry in the middle) must not make the vault chain or sign anything from it.
     */
    @Test
    void theDerivedHashFieldChangedIsNeverChainedOrSigned() throws Exception {
        vault.incident("Before hash edit");
        long middle = vault.tailSeq() - 1;
        long tail = vault.tailSeq();
        String bogus = "f".repeat(64);
        vault.log().updateOne(Filters.eq("_id", middle), Updates.set("hash", bogus));
        vault.log().updateOne(Filters.eq("_id", tail), Updates.set("hash", bogus));
        // the appender of the running vault continues from what it wrote; a new start from what is stored
        vault.restart();
        String trueTailHash = TamperedVault.bodyHash(vault.entry(tail));

        vault.defender("After hash edit");

        AuditEntry next = vault.signed(vault.entry(tail + 1));
        assertThat(next.prev()).as("the next entry chains to the hash of the signed body").isEqualTo(trueTailHash);
        long size = vault.checkpoint();
        assertThat(size).isGreaterThan(tail + 1);
        verifyOffline(vault, size - 1);
        vault.sweepPass();
        assertThat(vault.alarms()).as("nothing signed was changed").noneMatch(a -> a.scope() == IntegrityAlarms.Scope.LOG);
        vault.log().updateOne(Filters.eq("_id", middle), Updates.set("hash", TamperedVault.bodyHash(vault.entry(middle))));
        vault.log().updateOne(Filters.eq("_id", tail), Updates.set("hash", trueTailHash));
    }

    /**
     * A stored change (payload) that no longer matches its entry's signed commitment, found by the sweep of the
     * running vault: the record it stored is still as recorded, but the log's own copy of the change was altered.
     */
    @Test
    void aPayloadChangedIsFoundByTheSweep() {
        Incident x = vault.incident("Payload sweep");
        long seq = vault.seqOf("incident", id(x), 1);
        Document original = vault.entry(seq);

        vault.putEntry(seq, withStatusInPayload(original, "CONFIRMED_INFECTION"));
        try {
            vault.sweepPass();
            assertThat(vault.alarms()).as("an alarm naming seq %s", seq)
                    .anyMatch(a -> Long.valueOf(seq).equals(a.seq()));
        } finally {
            vault.putEntry(seq, original);
            if (!vault.alarms().isEmpty()) {
                vault.acknowledge();
            }
        }
    }

    /**
     * A change recorded but lost before it was applied (the record is missing and repair has not run since) is
     * re-applied at the next start: the control for {@link #aPayloadChangedIsNeverApplied()}.
     */
    @Test
    void aChangeLostInACrashIsRepairedAtStart() {
        Incident x = vault.incident("Crash repaired");
        long seq = vault.seqOf("incident", id(x), 1);
        Document stored = vault.stored("incidents", id(x));

        vault.collection("incidents").deleteOne(Filters.eq("_id", id(x)));
        repairMarker(seq - 1);
        vault.restart();

        assertThat(vault.stored("incidents", id(x))).as("re-applied from the recorded change").isEqualTo(stored);
        assertThat(vault.alarms()).isEmpty();
        vault.expectServed(incidentPath(x), officer());
    }

    /**
     * The same crash, but the stored change was altered first: repair must not apply it (its commitment does not
     * match), must say so naming the seq, and the sweep reports the record as missing.
     */
    @Test
    void aPayloadChangedIsNeverApplied() {
        Incident x = vault.incident("Payload repair");
        long seq = vault.seqOf("incident", id(x), 1);
        Document original = vault.entry(seq);
        Document stored = vault.stored("incidents", id(x));

        vault.putEntry(seq, withStatusInPayload(original, "CONFIRMED_INFECTION"));
        vault.collection("incidents").deleteOne(Filters.eq("_id", id(x)));
        repairMarker(seq - 1);
        vault.restart();

        assertThat(vault.stored("incidents", id(x))).as("the altered change was not applied").isNull();
        vault.expectRecordAlarm("audit_log/" + seq, seq);
        vault.sweepPass();
        assertThat(vault.alarms()).as("the record is reported missing, naming its entry")
                .anyMatch(a -> a.subject().endsWith("/" + id(x)) && Long.valueOf(seq).equals(a.seq()));
        assertThat(vault.get(incidentPath(x), officer()).status()).isEqualTo(404);
        vault.expectServed(incidentPath(bystander), officer());
        vault.expectChangesHalted();

        vault.putEntry(seq, original);
        vault.putRecord("incidents", stored);
        vault.acknowledge();
    }

    /**
     * The repair marker moved past a change that was never applied: repair at start skips it, but the sweep,
     * finding a record missing whose change was recorded moments ago (it may still be on its way), applies the
     * recorded change (its commitment checked) and finds it present: nothing is lost. Past the grace, a
     * missing record is reported instead ({@code RecordTamperTest#aDeletedIncidentIsReportedMissing}).
     */
    @Test
    void aRepairMarkerMovedForwardDoesNotLoseAnUnappliedChange() {
        Incident x = vault.incident("Marker forward");
        Document stored = vault.stored("incidents", id(x));

        vault.collection("incidents").deleteOne(Filters.eq("_id", id(x)));
        repairMarker(1_000_000);
        vault.restart();

        assertThat(vault.stored("incidents", id(x))).as("repair at start skipped it").isNull();
        vault.sweepPass();
        assertThat(vault.stored("incidents", id(x))).as("applied by the sweep, as recorded").isEqualTo(stored);
        assertThat(vault.alarms()).isEmpty();
        vault.expectServed(incidentPath(x), officer());
        repairMarker(vault.tailSeq());
    }

    /** The repair marker moved back to before the first entry: everything is re-applied, harmlessly. */
    @Test
    void aRepairMarkerMovedBackReappliesNothingAndRaisesNothing() {
        Incident x = vault.incident("Marker back");
        Incident revised = vault.revise(x, org.evidencevault.incidents.IncidentStatus.INCONCLUSIVE);
        var erased = vault.defender("Erased defender");
        org.evidencevault.support.Erasures.erase(vault.bean(DefenderService.class),
                vault.bean(org.evidencevault.approvals.ApprovalService.class), erased.id(), 1);
        List<Document> before = snapshot();

        vault.collection("vault_meta").deleteOne(Filters.eq("_id", "audit-repair"));
        vault.restart();

        assertThat(vault.alarms()).isEmpty();
        assertThat(snapshot()).as("nothing stored changed").isEqualTo(before);
        assertThat(vault.get(incidentPath(revised), officer()).json().path("version").asLong()).isEqualTo(2);
    }

    // ---- the whole store rolled back ----------------------------------------------------------------------

    /**
     * The store restored from an older copy while the vault was stopped (its anchor, outside the store, kept):
     * found at start through the anchor, and by the sweep.
     */
    @Test
    void aStoreRolledBackToAnOlderCopyIsFoundThroughTheAnchor() throws Exception {
        try (TamperedVault own = TamperedVault.fresh("store-rollback").start()) {
            Incident old = own.incident("Before the copy");
            own.checkpoint();
            long oldSize = own.tailSeq() + 1;
            own.stop();
            Path copy = VaultTestDirs.fresh("store-rollback-copy");
            Path storeFile = own.dataDir().resolve(EmbeddedStore.fileName());
            Files.copy(storeFile, copy.resolve(EmbeddedStore.fileName()));
            own.start();
            Incident lost = own.incident("After the copy");
            own.incident("After the copy too");
            long newSize = own.checkpoint();
            assertThat(newSize).isGreaterThan(oldSize);
            own.stop();

            Files.copy(copy.resolve(EmbeddedStore.fileName()), storeFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            own.start();

            assertThat(own.alarms()).as("found at start, naming the first entry the store lacks")
                    .anyMatch(a -> a.scope() == IntegrityAlarms.Scope.LOG && Long.valueOf(oldSize).equals(a.seq()));
            assertThat(own.stored("incidents", id(lost))).isNull();
            own.expectReadsHalted(incidentPath(old), officer());
            own.expectChangesHalted();
            own.sweepPass();
            assertThat(own.auditHealth().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
            assertThat(own.get("/api/v1/admin/integrity", TamperedVault.as("admin", "ADMIN")).status()).isEqualTo(200);

            own.acknowledge();
            own.restart();
            assertThat(own.alarms()).as("found again at the next start").anyMatch(a -> a.scope() == IntegrityAlarms.Scope.LOG);
            own.sweepPass();
            assertThat(own.auditHealth().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
        }
    }

    /**
     * The anchored checkpoint's last entry rewritten (same size, so the anchor's size cannot show it) and the vault
     * restarted: a start takes the anchored leaf hashes from the data directory instead of re-reading the log, and
     * the first and last anchored entries must still hash as they did, so it is found at start, before any sweep,
     * naming that entry.
     */
    @Test
    void theLastAnchoredEntryRewrittenIsFoundAtStartBeforeAnySweep() {
        rewrittenAnchoredEntryIsFoundAtStart("anchored-last-rewritten", size -> size - 1);
    }

    /**
     * An entry in the middle of the anchored log rewritten and the vault restarted: on a log this small the start-up
     * comparison with the anchored hashes ({@code vault.audit.startup-check}) covers every entry, so it is found
     * before any sweep too.
     */
    @Test
    void aMiddleAnchoredEntryRewrittenIsFoundAtStartBeforeAnySweep() {
        rewrittenAnchoredEntryIsFoundAtStart("anchored-middle-rewritten", size -> size / 2);
    }

    /**
     * The control: with no time for the start-up comparison ({@code vault.audit.startup-check=0s}, as for the part of a
     * large log beyond it) the same middle entry is not found at start, and the first sweep pass finds it.
     */
    @Test
    void withoutStartUpCheckTimeAMiddleAnchoredEntryRewrittenIsFoundByTheSweep() {
        try (TamperedVault own = TamperedVault.fresh("anchored-middle-no-check", "--vault.audit.checkpoint-interval=1h",
                "--vault.audit.startup-check=0s").start()) {
            long seq = rewriteAnchoredEntry(own, size -> size / 2);

            own.restart();

            assertThat(own.alarms()).as("not compared at start").noneMatch(a -> a.scope() == IntegrityAlarms.Scope.LOG);
            own.sweepPass();
            own.expectLogAlarm(seq);
        }
    }

    private void rewrittenAnchoredEntryIsFoundAtStart(String name, java.util.function.LongUnaryOperator which) {
        // checkpoints only when asked, so the anchor stays where this case put it
        try (TamperedVault own = TamperedVault.fresh(name, "--vault.audit.checkpoint-interval=1h").start()) {
            long seq = rewriteAnchoredEntry(own, which);

            own.restart();

            assertThat(own.alarms()).as("found at start, naming the rewritten anchored entry %s", seq)
                    .anyMatch(a -> a.scope() == IntegrityAlarms.Scope.LOG && Long.valueOf(seq).equals(a.seq()));
            own.expectChangesHalted();
        }
    }

    /** A checkpoint (the anchor moves to it), then the actor of one of its entries changed; returns that entry's seq. */
    private static long rewriteAnchoredEntry(TamperedVault own, java.util.function.LongUnaryOperator which) {
        own.incident("Other");
        own.expectClean();
        long size = own.checkpoint();
        long seq = which.applyAsLong(size);
        assertThat(seq).isBetween(1L, size - 1);
        Document original = own.entry(seq);
        AuditEntry e = own.signed(original);
        byte[] edited = new AuditEntry(e.seq(), e.time(), "someone-else", e.role(), e.kind(), e.action(), e.targets(),
                e.commitment(), e.prev(), e.keyId()).canonicalBytes();
        own.putEntry(seq, new Document(original).append("body", new String(edited, StandardCharsets.UTF_8)));
        return seq;
    }

    /**
     * The leaf hashes kept beside the anchor are a cache, never trusted on their own: one bit flipped in them while
     * the vault was stopped, and they no longer have the anchor's signed root, so the start reads the hashes from the
     * store's entries instead (no alarm: the log is whole) and the next checkpoint writes the file whole again.
     */
    @Test
    void aDamagedLeafHashFileIsIgnoredAndWrittenAgain() throws Exception {
        try (TamperedVault own = TamperedVault.fresh("leaves-damaged", "--vault.audit.checkpoint-interval=1h").start()) {
            own.incident("One");
            own.incident("Two");
            long size = own.checkpoint();
            Path file = own.dataDir().resolve("audit-leaves.bin");
            byte[] written = Files.readAllBytes(file);
            int header = written.length - 32 * (int) size;
            assertThat(header).as("a header, then 32 bytes per anchored entry").isBetween(1, 64);
            own.stop();
            byte[] damaged = written.clone();
            damaged[header + 32 * (int) (size / 2)] ^= 1;
            Files.write(file, damaged);

            own.start();

            assertThat(own.alarms()).as("a damaged cache is not a damaged log").isEmpty();
            own.incident("Three");
            long next = own.checkpoint();
            assertThat(next).isGreaterThan(size);
            byte[] rewritten = Files.readAllBytes(file);
            assertThat(rewritten).hasSize(header + 32 * (int) next);
            assertThat(java.util.Arrays.copyOf(rewritten, written.length)).as("the damaged hash written again from the entry")
                    .isEqualTo(written);
            own.expectClean();
        }
    }

    /**
     * After a rollback was found, even once an operator acknowledged it, the vault must not sign a checkpoint of a
     * log that does not extend the one it anchored: that would be two incompatible histories under its key.
     */
    @Test
    void aVaultOnARolledBackStoreSignsNoCheckpointThatContradictsItsAnchor() throws Exception {
        try (TamperedVault own = TamperedVault.fresh("store-rollback-sign").start()) {
            own.incident("Before the copy");
            own.checkpoint();
            own.stop();
            Path copy = VaultTestDirs.fresh("store-rollback-sign-copy");
            Path storeFile = own.dataDir().resolve(EmbeddedStore.fileName());
            Files.copy(storeFile, copy.resolve(EmbeddedStore.fileName()));
            own.start();
            own.incident("After the copy");
            long anchored = own.checkpoint();
            own.stop();
            Files.copy(copy.resolve(EmbeddedStore.fileName()), storeFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            own.start();
            own.acknowledge();

            java.util.Optional<Long> signed;
            try {
                signed = java.util.Optional.of(own.checkpoint());
            } catch (RuntimeException refused) {
                signed = java.util.Optional.empty();
            }
            assertThat(signed).as("a checkpoint signed over a log that is not an extension of the anchored one (size %s)", anchored)
                    .isEmpty();
        }
    }

    // ---- the shared verdict -------------------------------------------------------------------------------

    /**
     * Tampers, then: the running vault's sweep raises a log alarm naming {@code seq} (audit health DOWN with it,
     * reads and changes halted, health and the operator still answered); the operator acknowledges and the vault
     * starts again: the start-up checks and the first sweep pass find it again, and the record whose entry it was
     * (if {@code recorded}) is withheld with a record-integrity problem; once acknowledged, other records are
     * served. Finally the store is put back.
     */
    private void logTamperingIsFound(long seq, Incident recorded, Runnable tamper, Runnable restore) {
        tamper.run();
        try {
            vault.sweepPass();
            vault.expectLogAlarm(seq);
            vault.expectReadsHalted(incidentPath(bystander), officer());
            vault.expectChangesHalted();

            vault.acknowledge();
            vault.restart();
            vault.sweepPass();
            vault.expectLogAlarm(seq);
            vault.expectReadsHalted(incidentPath(bystander), officer());
            if (recorded != null) {
                vault.expectWithheld(incidentPath(recorded), id(recorded), officer());
            }
            vault.acknowledge();
            vault.expectServed(incidentPath(bystander), officer());
        } catch (RuntimeException | AssertionError failed) {
            vault.ensureStarted();
            throw failed;
        } finally {
            vault.ensureStarted();
            restore.run();
            if (!vault.alarms().isEmpty()) {
                vault.acknowledge();
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** More entries after {@code seq} and a checkpoint over them: the entry is in the middle, under a signed root. */
    private void entriesAfter(long seq) {
        vault.incident("After " + seq);
        vault.checkpoint();
    }

    private static String id(Incident i) {
        return i.id().value();
    }

    private static String incidentPath(Incident i) {
        return "/api/v1/incidents/" + i.id().value();
    }

    private void repairMarker(long appliedThrough) {
        vault.collection("vault_meta").replaceOne(Filters.eq("_id", "audit-repair"),
                new Document("_id", "audit-repair").append("appliedThrough", appliedThrough),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    /** The entry with the stored incident in its payload given another (plain) status. */
    private static Document withStatusInPayload(Document entry, String status) {
        Document copy = Document.parse(entry.toJson());
        copy.put("_id", entry.get("_id"));
        Document payload = copy.get("payload", Document.class);
        boolean changed = false;
        for (Document op : payload.getList("ops", Document.class)) {
            if ("put".equals(op.getString("op"))) {
                Document stored = op.get("document", Document.class);
                assertThat(stored.getString("status")).isNotEqualTo(status);
                stored.put("status", status);
                changed = true;
            }
        }
        assertThat(changed).isTrue();
        return copy;
    }

    /** {@code entry} as a stored document, signed by a freshly generated key set's key (same key id as the vault's). */
    private static Document signedByAnotherKey(Document base, AuditEntry entry) {
        KeyRing other = KeySetFile.generate(VaultTestDirs.fresh("other-keys").resolve("vault-keys.json"), false);
        AuditSigningKey key = other.activeSigningKey();
        assertThat(key.keyId()).isEqualTo(entry.keyId());
        byte[] body = entry.canonicalBytes();
        byte[] hash = org.evidencevault.ledger.MerkleTree.leafHash(body);
        Document d = new Document(base);
        d.put("body", new String(body, StandardCharsets.UTF_8));
        d.put("hash", java.util.HexFormat.of().formatHex(hash));
        d.put("sig", Base64.getEncoder().encodeToString(key.signEntry(AuditEntry.signedMessage(hash))));
        d.put("keyId", entry.keyId());
        d.put("prev", entry.prev());
        d.put("kind", entry.kind());
        d.put("action", entry.action());
        return d;
    }

    /** Every stored record and data key, in order: to compare before and after. */
    private List<Document> snapshot() {
        List<Document> all = new ArrayList<>();
        for (String c : List.of("incidents", "defenders", "organisations", "communications", "accounts", "data_keys")) {
            vault.collection(c).find().sort(new Document("_id", 1)).into(all);
        }
        return all;
    }

    /** Exports entries 0..to and verifies the bundle as an auditor would, pinning the vault's keys. */
    private static void verifyOffline(TamperedVault v, long to) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        v.bean(AuditQueries.class).exportRange(Actor.SYSTEM, 0, to, null, out);
        List<AuditPublicKey> pinned = KeySetFile.load(v.keysFile()).signingKeys().stream()
                .map(k -> new AuditPublicKey(k.keyId(), k.ed25519PublicKey(), k.mlDsa65PublicKey())).toList();
        new BundleVerifier(Ed25519Keys::verify, Ed25519Keys.noteVerifier(), MlDsa65Keys.noteVerifier())
                .verify(AuditBundle.parse(out.toByteArray()), TrustPolicy.pinning(pinned).withSignatures(SignatureMode.ALL));
    }
}
