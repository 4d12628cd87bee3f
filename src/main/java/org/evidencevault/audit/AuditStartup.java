package org.evidencevault.audit;

import java.util.List;
import org.evidencevault.common.Actor;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.KeyRotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Before the vault serves: repairs changes recorded but not applied (a crash), records a signing-key
 * rotation if the active key differs from the one that signed the last entry, and verifies the log since
 * the last verified checkpoint (health goes DOWN with the first bad seq if that fails).
 */
@Component
class AuditStartup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditStartup.class);

    private final AuditRepair repair;
    private final AuditStore store;
    private final AuditAppender appender;
    private final KeyRing keyRing;
    private final AuditVerification verification;
    private final LogAnchor anchor;
    private final LeafHashCache leaves;
    private final IntegrityAlarms alarms;
    private final AlarmRecorder recorder;
    private final java.nio.file.Path dataDir;
    private final java.time.Duration startupCheck;
    private volatile boolean running;

    AuditStartup(AuditRepair repair, AuditStore store, AuditAppender appender, KeyRing keyRing, AuditVerification verification,
                 LogAnchor anchor, LeafHashCache leaves, IntegrityAlarms alarms, AlarmRecorder recorder,
                 org.evidencevault.store.StoreProperties storeProps,
                 @org.springframework.beans.factory.annotation.Value("${vault.audit.startup-check:1s}") java.time.Duration startupCheck) {
        this.startupCheck = startupCheck;
        this.recorder = recorder;
        this.dataDir = storeProps.dataDir();
        this.repair = repair;
        this.store = store;
        this.appender = appender;
        this.keyRing = keyRing;
        this.verification = verification;
        this.anchor = anchor;
        this.leaves = leaves;
        this.alarms = alarms;
    }

    @Override
    public void start() {
        recorder.restoreFromLog();
        checkAnchor();
        checkRestored();
        int repaired = repair.repair();
        if (repaired > 0) {
            log.warn("audit: {} recorded changes were applied after an interrupted run", repaired);
        }
        if (!alarms.any()) {
            recordKeyRotation();
        }
        verification.verifySinceLastVerified();
        running = true;
    }

    /**
     * The store must hold at least the log of the newest checkpoint this vault signed or verified: a store that is older
     * (a restored backup, a rollback, another store) raises a log alarm, so the vault says that entries are missing
     * instead of serving the log as whole. The anchored checkpoint's leaf hashes come from the data directory when they
     * are kept there and match its signed root ({@link LeafHashCache#loadAnchored}); then the store's first and last
     * anchored entries must hash as they did, which finds a rollback, a replaced store or a rewritten end at once
     * without reading the whole log; then entries are compared with those hashes from 0 on for at most
     * {@code vault.audit.startup-check} (a small log whole, a large one in part: the rest is the integrity sweep's).
     * Otherwise the store's first entries must have the anchor's root, read from the store.
     */
    private void checkAnchor() {
        anchor.current().ifPresent(a -> {
            long size = store.size();
            if (size < a.size()) {
                alarms.raiseLog(size, "the store's log has " + size + " entries, but this vault signed or verified a checkpoint of size "
                        + a.size() + ": the store is older than the vault's newest checkpoint (restored from a backup, rolled back or replaced)");
                return;
            }
            try {
                if (leaves.loadAnchored(a)) {
                    leaves.confirm();
                    long compared = leaves.compareWithStore(a.size(), System.nanoTime() + startupCheck.toNanos());
                    if (compared < a.size()) {
                        log.info("audit: start-up compared entries 0 to {} of {} with the anchored hashes ({} budget);"
                                + " the integrity sweep checks the rest", compared - 1, a.size(), startupCheck);
                    }
                } else if (!firstEntriesHaveRoot(a.size(), a.root())) {
                    alarms.raiseLog(null, "the store's first " + a.size() + " entries do not have the root of the checkpoint this vault"
                            + " signed or verified: the log was rewritten or the store replaced");
                }
            } catch (StaleLogException e) {
                alarms.raiseLog(e.seq(), e.getMessage());
            }
        });
    }

    /** Whether the log's first {@code size} entries have the Merkle root {@code root} (of a checkpoint of that size). */
    private boolean firstEntriesHaveRoot(long size, byte[] root) {
        return java.util.Arrays.equals(org.evidencevault.ledger.MerkleTree.root(leaves.upTo(size), size), root);
    }

    /**
     * After a restore ({@link RestoredFrom}): the log must hold the backup's signed checkpoint. If it does, the log is
     * the backup's and is trusted, but entries recorded after the backup are missing: an alarm on the store stops
     * changes (reads go on, sign-ins work) until an ADMIN acknowledges it. If it does not, a log alarm: the restored
     * file is not the backup's. The note stays until the acknowledgement ({@link IntegrityAdministration}), so a start
     * that could not record the alarm raises it again at the next one.
     */
    private void checkRestored() {
        RestoredFrom.read(dataDir).ifPresent(m -> {
            long size = store.size();
            boolean matches;
            try {
                matches = size >= m.size() && firstEntriesHaveRoot(m.size(), m.root());
            } catch (StaleLogException e) {
                matches = false;
            }
            if (matches && alarms.current().stream().anyMatch(a -> a.subject().equals(RestoredFrom.ALARM_SUBJECT))) {
                return; // raised at an earlier start (read back from the log), not acknowledged yet
            }
            if (matches) {
                alarms.raise(RestoredFrom.ALARM_SUBJECT, size, "this store was restored from backup " + m.backupId()
                        + ", made at " + m.createdAt() + ": its log holds " + size + " entries (the backup's signed checkpoint"
                        + " covers " + m.size() + "); whatever the vault recorded after the backup was made is missing from this"
                        + " store. Nothing is changed until an ADMIN acknowledges this alarm");
            } else {
                alarms.raiseLog(Math.min(size, m.size()), "this store was restored from backup " + m.backupId()
                        + ", but its log does not hold that backup's signed checkpoint of size " + m.size()
                        + ": the restored file is not the backup's");
            }
            log.warn("audit: restored from backup {} made at {}; an integrity alarm says that later entries are missing",
                    m.backupId(), m.createdAt());
        });
    }

    private void recordKeyRotation() {
        AuditStore.Tail tail = store.tail();
        AuditSigningKey active = keyRing.activeSigningKey();
        if (tail.keyId() == null || tail.keyId().equals(active.keyId())) {
            return;
        }
        boolean known = keyRing.signingKeys().stream().anyMatch(k -> k.keyId().equals(tail.keyId()));
        if (!known) {
            throw new IllegalStateException("the last audit entry is signed by " + tail.keyId()
                    + ", which the key ring no longer holds: keep old signing key versions so the rotation can be attested");
        }
        try {
            appender.append(new EntryDraft(Actor.SYSTEM, Action.KEY_ROTATION,
                    List.of(new AuditEntry.Target(KeyRotation.TARGET_TYPE, active.keyId(), null)),
                    "key-rotation/" + active.keyId(), AuditVerification.publicKey(active).commitment(), null, tail.keyId()));
            log.info("audit: signing key rotated from {} to {} (attested by the old key)", tail.keyId(), active.keyId());
        } catch (ClaimConflictException e) {
            log.info("audit: rotation to {} was already recorded", active.keyId());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the appender, long before the web server. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 200;
    }
}
