package org.evidencevault.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Crash repair. A change is recorded (with its stored form) before it is applied, so a crash between the
 * two leaves an entry whose change is missing. Repair re-applies every recorded change from the last
 * repaired seq on; the steps are idempotent and version-conditional. A stored change is applied only if its
 * entry's signature verifies and the entry's commitment is the hash of that stored change: anything else is
 * reported, never applied. Runs before the vault serves
 * (see {@link AuditStartup}), then every minute, and once more at a clean stop, once the web server has stopped
 * taking requests and before the appender stops (so an alarm it raises is still recorded): the repaired position then
 * reaches the tail, so the next start has next to nothing to re-check.
 */
@Component
class AuditRepair implements org.springframework.context.SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditRepair.class);
    private static final String MARKER = "audit-repair";

    private final AuditStore store;
    private final StateApplier applier;
    private final IntegrityAlarms alarms;
    private final EntrySignatures signatures;
    private final MongoCollection<Document> meta;

    AuditRepair(AuditStore store, StateApplier applier, IntegrityAlarms alarms, EntrySignatures signatures, MongoDatabase db) {
        this.store = store;
        this.applier = applier;
        this.alarms = alarms;
        this.signatures = signatures;
        this.meta = db.getCollection("vault_meta");
    }

    /** Re-applies recorded changes not yet applied; returns how many had to be applied. */
    synchronized int repair() {
        long tailSeq = store.tail().seq();
        Document marker = meta.find(Filters.eq("_id", MARKER)).first();
        long from = marker == null ? 0 : marker.get("appliedThrough", Number.class).longValue() + 1;
        AtomicInteger repaired = new AtomicInteger();
        store.forEachChangeFrom(from, entry -> {
            long seq = entry.get("_id", Number.class).longValue();
            if (seq <= tailSeq && applyReporting(seq, entry)) {
                repaired.incrementAndGet();
                log.warn("audit repair: applied the recorded change of seq {} ({})", seq, entry.getString("action"));
            }
        });
        if (tailSeq >= from) {
            meta.replaceOne(Filters.eq("_id", MARKER), new Document("_id", MARKER).append("appliedThrough", tailSeq),
                    new ReplaceOptions().upsert(true));
        }
        return repaired.get();
    }

    /** Re-applies the change recorded under {@code claim}, if any (used when a claim turns out taken). */
    void repairClaim(String claim) {
        Document entry = store.byClaim(claim);
        if (entry != null && entry.get("payload") != null) {
            applyReporting(entry.get("_id", Number.class).longValue(), entry);
        }
    }

    /**
     * Applies one recorded change. A stored state that contradicts it (already there with other content,
     * a missing base version) is raised as an integrity alarm and skipped: it must never stop the vault
     * from starting, and it is never overwritten. Store failures propagate.
     */
    private boolean applyReporting(long seq, Document entry) {
        // only what the signed entry commits to is ever applied
        org.evidencevault.ledger.AuditEntry signed = signatures.verified(entry);
        Document payload = entry.get("payload", Document.class);
        if (signed == null || signed.seq() != seq || signed.commitment() == null || payload == null
                || !signed.commitment().equals(Commitments.of(payload))) {
            alarms.raise("audit_log/" + seq, seq, "the change stored with entry " + seq
                    + " does not match the entry's signed commitment (or the entry does not verify); it was not applied");
            return false;
        }
        try {
            return applier.apply(seq, StateChange.opsOf(entry.get("payload", Document.class)));
        } catch (StoreConflictException e) {
            alarms.raise(e.subject(), seq, e.reason());
            return false;
        }
    }

    @Scheduled(fixedDelayString = "${vault.audit.repair-interval:60s}", initialDelayString = "${vault.audit.repair-interval:60s}")
    void scheduled() {
        try {
            repair();
        } catch (RuntimeException e) {
            log.error("audit repair failed: {}", e.getClass().getSimpleName());
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true; // the start-up repair is AuditStartup's, once the alarms are read back
    }

    @Override
    public void stop() {
        running = false;
        try {
            repair();
        } catch (RuntimeException e) {
            log.warn("audit repair at stop did not run ({}); the next start repairs from the last position", e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server and {@link AuditStartup}, before the appender ({@code MIN_VALUE + 100}). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 150;
    }
}
