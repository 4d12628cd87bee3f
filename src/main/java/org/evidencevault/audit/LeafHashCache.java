package org.evidencevault.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bson.Document;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.LeafHashes;
import org.evidencevault.ledger.MerkleTree;
import org.springframework.stereotype.Component;

/**
 * The leaf hashes of the log, in memory (32 bytes per entry), extended from the store as the log grows,
 * so checkpoints and proofs do not re-read the whole log. Nothing derived is trusted: each hash is computed
 * from the entry's signed bytes, and an entry joins the cache only if it parses, has the next seq and names
 * the previous hash as its {@code prev}; entries beyond the newest stored checkpoint that verifies must also
 * carry a valid signature by a key of the ring, and those up to it must produce that checkpoint's root (its
 * signature covers them all, so one check replaces thousands). Before the cache is used to sign,
 * {@link #confirm} checks that the store still holds the first and the last entry it has seen: a store
 * replaced or rolled back under a running instance is found there, never signed over.
 */
@Component
class LeafHashCache {

    private static final HexFormat HEX = HexFormat.of();

    private final AuditStore store;
    private final EntrySignatures signatures;
    private final CheckpointStore checkpoints;
    private final List<byte[]> hashes = new ArrayList<>();

    LeafHashCache(AuditStore store, EntrySignatures signatures, CheckpointStore checkpoints) {
        this.store = store;
        this.signatures = signatures;
        this.checkpoints = checkpoints;
    }

    /** How many entries the cache holds (verified, in order). */
    synchronized long size() {
        return hashes.size();
    }

    /**
     * The first {@code size} leaf hashes, extending the cache from the store (each new entry checked).
     *
     * @throws StaleLogException if a new entry does not continue the chain this cache holds
     * @throws IllegalStateException if the log is shorter than {@code size}
     */
    synchronized LeafHashes upTo(long size) {
        if (size > hashes.size()) {
            extend(size);
        }
        if (hashes.size() < size) {
            throw new IllegalStateException("the log has " + hashes.size() + " entries, not " + size);
        }
        return LeafHashes.of(List.copyOf(hashes.subList(0, (int) size)));
    }

    /**
     * Confirms that the store still holds the log this cache describes: its entry 0 and the last entry the
     * cache holds hash as they did when they were read.
     *
     * @throws StaleLogException otherwise
     */
    synchronized void confirm() {
        if (hashes.isEmpty()) {
            return;
        }
        long last = hashes.size() - 1;
        for (long seq : last == 0 ? new long[] {0} : new long[] {0, last}) {
            Document d = store.bySeq(seq);
            if (d == null) {
                throw new StaleLogException(seq, "entry " + seq + ", already verified by this instance, is gone from the store: "
                        + (seq == 0 ? "the store was replaced" : "the log was truncated or rolled back"));
            }
            if (!java.util.Arrays.equals(leafHash(d), hashes.get((int) seq))) {
                throw new StaleLogException(seq, "entry " + seq + ", already verified by this instance, has changed in the store: "
                        + (seq == 0 ? "the store is not the one this instance was signing for" : "the log was rewritten or rolled back"));
            }
        }
    }

    /** Forgets everything (after a rotation test or a deliberate reload); the next use re-reads and re-checks. */
    synchronized void clear() {
        hashes.clear();
    }

    private void extend(long size) {
        int from = hashes.size();
        CheckpointStore.Stored trusted = checkpoints.latestUpTo(size).filter(c -> c.size() > from)
                .filter(checkpoints::verifies).orElse(null);
        long signedUpTo = trusted == null ? 0 : trusted.size();
        try {
            store.forEachInRange(from, size - 1, d -> append(d, hashes.size() >= signedUpTo));
            if (hashes.size() < size) {
                throw new StaleLogException((long) hashes.size(), "entry " + hashes.size() + " is missing from the store");
            }
            if (trusted != null && !java.util.Arrays.equals(MerkleTree.root(LeafHashes.of(hashes), trusted.size()), trusted.root())) {
                throw new StaleLogException(null, "the entries up to " + trusted.size()
                        + " do not have the root of the signed checkpoint of that size");
            }
        } catch (RuntimeException e) {
            hashes.subList(from, hashes.size()).clear();
            throw e;
        }
    }

    /** Checks one entry against the chain so far (and its signature if asked) and adds its leaf hash. */
    private void append(Document d, boolean checkSignature) {
        long seq = hashes.size();
        byte[] body;
        AuditEntry entry;
        try {
            body = d.getString("body").getBytes(StandardCharsets.UTF_8);
            entry = AuditEntry.parse(body);
        } catch (RuntimeException e) {
            throw new StaleLogException(seq, "entry " + seq + " is malformed");
        }
        if (entry.seq() != seq) {
            throw new StaleLogException(seq, "entry " + seq + " is missing: the next stored entry is " + entry.seq());
        }
        String expectedPrev = seq == 0 ? AuditEntry.GENESIS_PREV : HEX.formatHex(hashes.get((int) seq - 1));
        if (!entry.prev().equals(expectedPrev)) {
            throw new StaleLogException(seq, "entry " + seq + " does not continue the chain this instance has verified");
        }
        byte[] hash = MerkleTree.leafHash(body);
        if (checkSignature && !signatures.valid(entry, hash, d.getString("sig"))) {
            throw new StaleLogException(seq, "entry " + seq + " does not carry a valid signature by a key of this vault");
        }
        hashes.add(hash);
    }

    private static byte[] leafHash(Document d) {
        Object body = d.get("body");
        return body instanceof String text ? MerkleTree.leafHash(text.getBytes(StandardCharsets.UTF_8)) : new byte[0];
    }
}
