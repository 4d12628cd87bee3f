package org.evidencevault.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.Checkpoint;
import org.evidencevault.ledger.MerkleTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signed checkpoints: every few seconds, if the log grew, the Merkle root of all entries is signed with
 * the active key's Ed25519 and ML-DSA-65 keys as a C2SP tlog-checkpoint note and stored in
 * {@code audit_checkpoints} ({@code _id} = tree size; a second instance making the same one is harmless).
 *
 * <p>Never from stale state: before signing, the instance confirms that the store still holds the log its
 * cached hashes describe ({@link LeafHashCache#confirm}), that the log is not shorter than what it has
 * seen, and that the store's newest checkpoint verifies and agrees with those hashes. If any of that
 * fails, the store changed under this instance (replaced, rolled back, rewritten): it stops signing for
 * good, raises a log alarm (which also stops every audited operation) and says why in health.
 *
 * <p>{@code vault.audit.checkpoints} counts the checkpoints this instance signed and stored ({@code outcome=signed}) and
 * the attempts that failed ({@code outcome=failed}: the store unreachable, the log halted or found changed).
 */
@Component
class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final AuditStore store;
    private final LeafHashCache leaves;
    private final CheckpointStore checkpoints;
    private final KeyRing keyRing;
    private final AuditProperties props;
    private final Clock clock;
    private final IntegrityAlarms alarms;
    private final LogAnchor anchor;
    private final Counter signed;
    private final Counter failed;

    Checkpointer(AuditStore store, LeafHashCache leaves, CheckpointStore checkpoints, KeyRing keyRing, AuditProperties props,
                 Clock clock, IntegrityAlarms alarms, LogAnchor anchor, MeterRegistry meters) {
        this.signed = checkpointCounter(meters, "signed");
        this.failed = checkpointCounter(meters, "failed");
        this.store = store;
        this.leaves = leaves;
        this.checkpoints = checkpoints;
        this.keyRing = keyRing;
        this.props = props;
        this.clock = clock;
        this.alarms = alarms;
        this.anchor = anchor;
    }

    /**
     * A checkpoint covering every entry now in the log (made now unless one exists), after confirming the
     * store is the one this instance has been reading.
     *
     * @throws StaleLogException if it is not (the instance then signs nothing more)
     */
    synchronized Optional<CheckpointStore.Stored> checkpointNow() {
        try {
            alarms.requireLogTrusted();
            return Optional.ofNullable(confirmedCheckpoint());
        } catch (StaleLogException e) {
            failed.increment();
            alarms.raiseLog(e.seq(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
    }

    private static Counter checkpointCounter(MeterRegistry meters, String outcome) {
        return Counter.builder("vault.audit.checkpoints").description("checkpoints this instance signed, and attempts that failed")
                .tag("outcome", outcome).register(meters);
    }

    private CheckpointStore.Stored confirmedCheckpoint() {
        long seen = leaves.size();
        long size = store.size();
        if (size < seen) {
            throw new StaleLogException(size, "the store's log has " + size + " entries, fewer than the " + seen
                    + " this instance has verified: it was rolled back or replaced");
        }
        leaves.confirm();
        if (size == 0) {
            return null;
        }
        var hashes = leaves.upTo(size);
        Optional<LogAnchor.Anchor> anchored = anchor.current();
        if (anchored.isPresent()) {
            LogAnchor.Anchor a = anchored.get();
            // never two histories under one key: what is signed now must extend what this vault signed or verified
            if (size < a.size() || !Arrays.equals(MerkleTree.root(hashes, a.size()), a.root())) {
                throw new StaleLogException(size < a.size() ? size : null, "the store's log does not extend the checkpoint of size "
                        + a.size() + " this vault signed or verified (its anchor): it was rolled back, rewritten or replaced");
            }
        }
        Optional<CheckpointStore.Stored> latest = checkpoints.latest();
        if (latest.isPresent()) {
            CheckpointStore.Stored l = latest.get();
            if (l.size() > size) {
                throw new StaleLogException(null, "the store holds a checkpoint of size " + l.size() + " but only " + size
                        + " entries: the log was truncated or rolled back");
            }
            if (!checkpoints.verifies(l) || !Arrays.equals(l.root(), MerkleTree.root(hashes, l.size()))) {
                throw new StaleLogException(null, "the store's newest checkpoint (size " + l.size()
                        + ") does not verify against the vault's keys and entries");
            }
            if (l.size() == size) {
                anchorAt(l);
                return l;
            }
        }
        byte[] root = MerkleTree.root(hashes, size);
        AuditSigningKey key = keyRing.activeSigningKey();
        Checkpoint checkpoint = new Checkpoint(props.origin(), size, root, List.of("time " + EntrySigner.format(clock.instant())));
        String note = new String(checkpoint.sign(List.of(key.ed25519NoteSigner(), key.mlDsa65NoteSigner())).toBytes(),
                StandardCharsets.UTF_8);
        CheckpointStore.Stored made = new CheckpointStore.Stored(size, root, note);
        if (checkpoints.insert(made, Date.from(clock.instant()))) {
            signed.increment();
        } else {
            CheckpointStore.Stored other = checkpoints.at(size).orElseThrow();
            if (!checkpoints.verifies(other) || !Arrays.equals(other.root(), root)) {
                throw new StaleLogException(null, "another checkpoint of size " + size + " is stored with a different root");
            }
            made = other;
        }
        anchorAt(made);
        return made;
    }

    /** Moves the anchor to {@code c}, its leaf hashes kept first, so that a start finds the hashes of what it anchors. */
    private void anchorAt(CheckpointStore.Stored c) {
        leaves.persistUpTo(c.size());
        anchor.advance(c);
    }

    Optional<CheckpointStore.Stored> latest() {
        return checkpoints.latest().filter(checkpoints::verifies);
    }

    /** The stored checkpoint of this size, if it verifies. */
    Optional<CheckpointStore.Stored> at(long size) {
        return checkpoints.at(size).filter(checkpoints::verifies);
    }

    /** The oldest checkpoint of a size in {@code [from, to]} that verifies. */
    Optional<CheckpointStore.Stored> firstBetween(long fromSize, long toSize) {
        return checkpoints.firstVerifiedBetween(fromSize, toSize);
    }

    @Scheduled(fixedDelayString = "${vault.audit.checkpoint-interval:5s}", initialDelayString = "${vault.audit.checkpoint-interval:5s}")
    void scheduled() {
        try {
            checkpointNow();
        } catch (RuntimeException e) {
            log.error("audit checkpoint failed: {}", e.getClass().getSimpleName());
        }
    }
}
