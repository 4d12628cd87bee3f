package org.evidencevault.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.LeafHashes;
import org.evidencevault.ledger.MerkleTree;
import org.springframework.stereotype.Component;

/**
 * The log's half of the integrity sweep: re-checks the whole log from what is signed, a slice at a time.
 * Each pass goes from entry 0 to the tail: every body parses, has the next seq, names the previous body's
 * hash and carries a valid signature ({@link EntryScan}); at the end of a pass the tree of all bodies must
 * have the root of the newest checkpoint that verifies, and the log must be at least as long as the
 * checkpoint anchored outside the store ({@link LogAnchor}). Every CHANGE entry's record must still be
 * stored, at that version or later (a deleted record is found here). What fails raises a log alarm (an
 * entry) or a record alarm (a record), naming the seq or the record.
 */
@Component
public class LogSweep {

    /** Whether the record a CHANGE entry created is still stored at that version or later. */
    public interface RecordPresence {
        /** Empty if present; else why not. Types without a stored form are unknown: they answer empty. */
        Optional<Missing> missing(String type, String id, long version);
    }

    /** A record not stored as recorded: its subject ({@code collection/id}, as record alarms name it) and why. */
    public record Missing(String subject, String reason) {
    }

    /** How far the current pass is, and the outcome of the last complete one. */
    public record Progress(long position, long size, boolean passDone) {
    }

    private final AuditStore store;
    private final EntrySignatures signatures;
    private final CheckpointStore checkpoints;
    private final LogAnchor anchor;
    private final IntegrityAlarms alarms;
    private final AuditVerification verification;
    private final AuditRepair repair;
    private final RecordSeals seals;
    private EntryScan scan;
    private List<byte[]> leaves = new ArrayList<>();

    LogSweep(AuditStore store, EntrySignatures signatures, CheckpointStore checkpoints, LogAnchor anchor, IntegrityAlarms alarms,
             AuditVerification verification, AuditRepair repair, RecordSeals seals) {
        this.repair = repair;
        this.seals = seals;
        this.store = store;
        this.signatures = signatures;
        this.checkpoints = checkpoints;
        this.anchor = anchor;
        this.alarms = alarms;
        this.verification = verification;
    }

    /** Checks up to {@code max} more entries; at the tail the pass ends (checks the tree) and the next one starts at 0. */
    public synchronized Progress step(int max, RecordPresence presence) {
        if (scan == null) {
            scan = new EntryScan(store, signatures, 0);
            leaves = new ArrayList<>();
        }
        long size = store.size();
        long from = scan.next();
        long to = Math.min(size - 1, from + max - 1);
        if (from <= to) {
            store.forEachInRange(from, to, d -> {
                long before = scan.next();
                scan.accept(d);
                if (scan.next() > before) {
                    byte[] body = d.getString("body").getBytes(StandardCharsets.UTF_8);
                    leaves.add(MerkleTree.leafHash(body));
                    checkRecord(AuditEntry.parse(body), presence);
                }
            });
            scan.finish(to);
        }
        Optional<EntryScan.Bad> bad = scan.bad();
        if (bad.isPresent()) {
            fail(bad.get().seq(), bad.get().reason());
            return new Progress(bad.get().seq(), size, true);
        }
        if (scan.next() < size) {
            return new Progress(scan.next(), size, false);
        }
        if (!endOfPass(size)) {
            return new Progress(scan.next(), store.size(), false);
        }
        return new Progress(size, size, true);
    }

    private void checkRecord(AuditEntry e, RecordPresence presence) {
        if (!"CHANGE".equals(e.kind()) || e.targets().size() != 1 || e.targets().get(0).version() == null) {
            return;
        }
        AuditEntry.Target t = e.targets().get(0);
        Optional<Missing> missing = presence.missing(t.type(), t.id(), t.version());
        if (missing.isPresent() && seals.recent(e.time())) {
            // recorded moments ago: the change may still be on its way (its apply failed in a store outage, say);
            // apply it as repair would (only if it matches its signed commitment), then look again
            repair.repairClaim(t.type() + "/" + t.id() + "@" + t.version());
            missing = presence.missing(t.type(), t.id(), t.version());
        }
        missing.ifPresent(m -> alarms.raise(m.subject(), e.seq(), m.reason()));
    }

    /**
     * Checks the tree at the end of a pass; false if the pass is not over after all: the log grew, and its anchor
     * with it, while this step read the entries (then the next step goes on to the new tail).
     */
    private boolean endOfPass(long size) {
        Optional<LogAnchor.Anchor> anchored = anchor.current();
        // the anchor is read before the store's size: an anchor ahead of a size read afterwards is a cut-off log, an
        // anchor ahead of the size read when this step began may only mean that entries and a checkpoint came since
        if (anchored.isPresent() && anchored.get().size() > size && store.size() >= anchored.get().size()) {
            return false;
        }
        LeafHashes all = LeafHashes.of(List.copyOf(leaves));
        checkpoints.latestUpTo(size).filter(checkpoints::verifies).ifPresent(c -> {
            if (!Arrays.equals(MerkleTree.root(all, c.size()), c.root())) {
                fail(null, "the entries up to " + c.size() + " do not have the root of the signed checkpoint of that size");
            }
        });
        anchored.ifPresent(a -> {
            if (size < a.size()) {
                fail(size, "the store's log has " + size + " entries, but this vault signed or verified a checkpoint of size "
                        + a.size() + ": entries were cut off or the store rolled back");
            } else if (!Arrays.equals(MerkleTree.root(all, a.size()), a.root())) {
                fail(null, "the store's first " + a.size() + " entries do not have the root of the anchored checkpoint");
            }
        });
        scan = null;
        return true;
    }

    private void fail(Long seq, String reason) {
        alarms.raiseLog(seq, reason);
        verification.report(new AuditVerification.Result(false, 0, store.size() - 1, seq, reason));
        scan = null;
    }
}
