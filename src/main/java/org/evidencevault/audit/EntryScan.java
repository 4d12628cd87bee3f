package org.evidencevault.audit;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.bson.Document;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.MerkleTree;

/**
 * Entry by entry, in seq order, from what is signed: each stored entry must have a body that parses as a
 * canonical entry with the next seq, name the hash of the previous body as its {@code prev}, and carry a
 * valid signature by a key of the ring. Used to name exactly the first entry that fails, whatever a
 * bundle check reported, and by the integrity sweep.
 */
final class EntryScan {

    private static final HexFormat HEX = HexFormat.of();

    /** The first entry that fails, and why (ids and numbers only). */
    record Bad(long seq, String reason) {
    }

    private final AuditStore store;
    private final EntrySignatures signatures;
    private long expected;
    private String prev;
    private Bad bad;

    /** A scan that goes on from entry {@code from}; the entry before it is re-read to know its hash. */
    EntryScan(AuditStore store, EntrySignatures signatures, long from) {
        this.store = store;
        this.signatures = signatures;
        this.expected = from;
        if (from == 0) {
            prev = AuditEntry.GENESIS_PREV;
        } else {
            Document before = store.bySeq(from - 1);
            if (before == null || !(before.get("body") instanceof String body)) {
                bad = new Bad(from - 1, "entry " + (from - 1) + " is missing");
            } else {
                prev = HEX.formatHex(MerkleTree.leafHash(body.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** The first entry among {@code from..to} that fails, if any. */
    static Optional<Bad> firstBad(AuditStore store, EntrySignatures signatures, long from, long to) {
        EntryScan scan = new EntryScan(store, signatures, from);
        store.forEachInRange(from, to, scan::accept);
        scan.finish(to);
        return scan.bad();
    }

    /** Checks the next stored entry (documents in {@code _id} order). */
    void accept(Document d) {
        if (bad != null) {
            return;
        }
        long id = d.get("_id") instanceof Number n ? n.longValue() : -1;
        if (id != expected) {
            bad = new Bad(expected, "entry " + expected + " is missing: the next stored entry is " + id);
            return;
        }
        AuditEntry e = signatures.verified(d);
        if (e == null) {
            bad = new Bad(expected, "entry " + expected + " does not verify: its body is malformed or its signature is not valid");
            return;
        }
        if (e.seq() != expected) {
            bad = new Bad(expected, "entry " + expected + " carries seq " + e.seq());
            return;
        }
        if (!e.prev().equals(prev)) {
            bad = new Bad(expected, "entry " + expected + " does not name the hash of entry " + (expected - 1) + " as its prev");
            return;
        }
        prev = HEX.formatHex(MerkleTree.leafHash(d.getString("body").getBytes(StandardCharsets.UTF_8)));
        expected++;
    }

    /** After the last document: entries up to {@code to} must all have been there. */
    void finish(long to) {
        if (bad == null && expected <= to) {
            bad = new Bad(expected, "entry " + expected + " is missing" + (expected == to ? ": the log was cut off" : ""));
        }
    }

    Optional<Bad> bad() {
        return Optional.ofNullable(bad);
    }

    /** The next seq the scan expects. */
    long next() {
        return expected;
    }
}
