package org.evidencevault.audit;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import org.bson.Document;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.LeafHashes;
import org.evidencevault.ledger.MerkleTree;
import org.evidencevault.ledger.SubtreeMemo;
import org.evidencevault.store.StoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The leaf hashes of the log, in memory (32 bytes per entry, in one flat array), extended from the store as the log
 * grows, so checkpoints and proofs do not re-read the whole log. Nothing derived from the store is trusted: each hash
 * is computed from the entry's signed bytes, and an entry joins the cache only if it parses, has the next seq and
 * names the previous hash as its {@code prev}; entries beyond the newest stored checkpoint that verifies must also
 * carry a valid signature by a key of the ring, and those up to it must produce that checkpoint's root (its signature
 * covers them all, so one check replaces thousands). Before the cache is used to sign, {@link #confirm} checks that
 * the store still holds the first and the last entry it has seen: a store replaced or rolled back under a running
 * instance is found there, never signed over.
 *
 * <p>The hashes of their aligned perfect subtrees are remembered as they are first needed ({@link SubtreeMemo}), so a
 * checkpoint's roots and a proof cost O(log n) hashes, not O(n); what is remembered always comes from hashes the cache
 * already holds (and is forgotten with them).
 *
 * <p>So that a start does not re-read the whole log, the hashes up to each anchored checkpoint are also kept in
 * {@code <data-dir>/audit-leaves.bin} (written and forced before the anchor moves, {@link #persistUpTo}). At start
 * ({@link #loadAnchored}) they are taken from there only if they have the root of the anchor's checkpoint and its
 * signed note verifies: then they are the hashes of the entries this vault signed, whatever the store holds now.
 * Whether the store still holds those entries is checked at once for the first and the last ({@link #confirm}) and
 * for all of them by the integrity sweep. A file that is missing, short or does not match is ignored (and
 * rewritten): the cache is then built from the store, as on a first start.
 */
@Component
class LeafHashCache {

    private static final HexFormat HEX = HexFormat.of();
    private static final Logger log = LoggerFactory.getLogger(LeafHashCache.class);
    static final String FILE = "audit-leaves.bin";
    private static final byte[] MAGIC = "evidence-vault-leaves/1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH = 32;

    private final AuditStore store;
    private final EntrySignatures signatures;
    private final CheckpointStore checkpoints;
    private final Path file;
    /** The hashes, {@code count} of them; replaced (never overwritten below {@code count}) when it grows or is cleared. */
    private byte[] flat = new byte[HASH * 1024];
    private int count;
    /** How many hashes the file holds (-1: unknown, rewrite it whole). */
    private long persisted = -1;
    /** The perfect subtrees of these hashes, so a checkpoint's root costs O(log n) hashes, not O(n) (replaced by clear). */
    private SubtreeMemo memo = new SubtreeMemo();

    LeafHashCache(AuditStore store, EntrySignatures signatures, CheckpointStore checkpoints,
                  StoreProperties storeProps) {
        this.store = store;
        this.signatures = signatures;
        this.checkpoints = checkpoints;
        this.file = storeProps.dataDir().resolve(FILE);
    }

    /** How many entries the cache holds (verified, in order). */
    synchronized long size() {
        return count;
    }

    /**
     * The first {@code size} leaf hashes, extending the cache from the store (each new entry checked).
     *
     * @throws StaleLogException if a new entry does not continue the chain this cache holds
     * @throws IllegalStateException if the log is shorter than {@code size}
     */
    synchronized LeafHashes upTo(long size) {
        if (size > count) {
            extend(size);
        }
        if (count < size) {
            throw new IllegalStateException("the log has " + count + " entries, not " + size);
        }
        return LeafHashes.ofFlat(flat, (int) size, memo);
    }

    /**
     * Takes the hashes of the anchored checkpoint's entries from the file, if it holds them: they must have the anchor's
     * root, and its note must verify. Returns whether it did; if not, the cache stays as it was.
     */
    synchronized boolean loadAnchored(LogAnchor.Anchor anchor) {
        if (count > 0 || anchor.size() <= 0 || anchor.size() > Integer.MAX_VALUE / HASH) {
            return false;
        }
        int n = (int) anchor.size();
        // read straight into the cache's array, with room to grow, so the start does not copy it once more
        byte[] read = new byte[(int) Math.max(Math.min(Integer.MAX_VALUE - 8, (long) n * HASH * 3 / 2), HASH * 1024)];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
            readFully(ch, magic, 0);
            if (!Arrays.equals(magic.array(), MAGIC) || ch.size() < MAGIC.length + (long) n * HASH) {
                log.info("audit: {} does not hold the anchored checkpoint's {} leaf hashes; they are read from the store", FILE, n);
                return false;
            }
            readFully(ch, ByteBuffer.wrap(read, 0, n * HASH), MAGIC.length);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.warn("audit: {} could not be read ({}); the leaf hashes are read from the store", FILE, e.getClass().getSimpleName());
            return false;
        }
        SubtreeMemo loaded = new SubtreeMemo();
        if (!Arrays.equals(MerkleTree.root(LeafHashes.ofFlat(read, n, loaded), n), anchor.root())
                || !checkpoints.verifies(new CheckpointStore.Stored(anchor.size(), anchor.root(), anchor.note()))) {
            log.warn("audit: {} does not have the root of the anchored checkpoint; the leaf hashes are read from the store", FILE);
            return false;
        }
        flat = read;
        count = n;
        memo = loaded;
        persisted = n; // anything after it in the file is rewritten by the next checkpoint
        return true;
    }

    /**
     * Writes the hashes up to {@code size} (which the cache holds) to the file and forces them to disk, before the anchor
     * moves to a checkpoint of that size. A failure is logged: the next start then reads the store instead.
     */
    synchronized void persistUpTo(long size) {
        if (size > count || size <= persisted) {
            return;
        }
        long from = Math.max(0, persisted);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            if (persisted < 0) {
                ch.truncate(0);
                writeFully(ch, ByteBuffer.wrap(MAGIC), 0);
            }
            writeFully(ch, ByteBuffer.wrap(flat, (int) from * HASH, (int) (size - from) * HASH), MAGIC.length + from * HASH);
            ch.force(false);
            persisted = size;
        } catch (IOException e) {
            persisted = -1;
            log.warn("audit: {} not written ({}); the next start reads the leaf hashes from the store", FILE,
                    e.getClass().getSimpleName());
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new EOFException();
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long base = at - b.position();
        while (b.hasRemaining()) {
            ch.write(b, base + b.position());
        }
    }

    /**
     * Confirms that the store still holds the log this cache describes: its entry 0 and the last entry the
     * cache holds hash as they did when they were read.
     *
     * @throws StaleLogException otherwise
     */
    synchronized void confirm() {
        if (count == 0) {
            return;
        }
        long last = count - 1;
        for (long seq : last == 0 ? new long[] {0} : new long[] {0, last}) {
            Document d = store.bySeq(seq);
            if (d == null) {
                throw new StaleLogException(seq, "entry " + seq + ", already verified by this instance, is gone from the store: "
                        + (seq == 0 ? "the store was replaced" : "the log was truncated or rolled back"));
            }
            if (!Arrays.equals(leafHash(d), hash((int) seq))) {
                throw new StaleLogException(seq, "entry " + seq + ", already verified by this instance, has changed in the store: "
                        + (seq == 0 ? "the store is not the one this instance was signing for" : "the log was rewritten or rolled back"));
            }
        }
    }

    /**
     * Compares the store's entries from 0 on with the cached hashes (taken from the file, of the signed log), a page at a
     * time, until {@code size} or the deadline ({@link System#nanoTime}); returns how many entries were compared. Only a
     * SHA-256 per entry: the cached hashes are those of the signed checkpoint, so an entry that hashes as cached is the
     * one that was signed.
     *
     * @throws StaleLogException naming the first entry that is missing or differs
     */
    long compareWithStore(long size, long deadlineNanos) {
        LeafHashes cached;
        synchronized (this) {
            cached = LeafHashes.ofFlat(flat, (int) Math.min(size, count), memo);
        }
        long seq = 0;
        while (seq < cached.size() && System.nanoTime() - deadlineNanos < 0) {
            long end = Math.min(cached.size() - 1, seq + AuditStore.PAGE - 1);
            long[] next = {seq};
            store.forEachInRange(seq, end, d -> {
                long at = next[0];
                Object id = d.get("_id");
                if (!(id instanceof Number n) || n.longValue() != at) {
                    throw new StaleLogException(at, "entry " + at + " is missing from the store");
                }
                if (!Arrays.equals(leafHash(d), cached.leafHash(at))) {
                    throw new StaleLogException(at, "entry " + at + ", under the checkpoint this vault signed or verified,"
                            + " has changed in the store");
                }
                next[0]++;
            });
            if (next[0] != end + 1) {
                throw new StaleLogException(next[0], "entry " + next[0] + " is missing from the store");
            }
            seq = end + 1;
        }
        return seq;
    }

    /** Forgets everything (after a rotation test or a deliberate reload); the next use re-reads and re-checks. */
    synchronized void clear() {
        flat = new byte[HASH * 1024];
        count = 0;
        persisted = -1;
        memo = new SubtreeMemo();
    }

    private void extend(long size) {
        int from = count;
        CheckpointStore.Stored trusted = checkpoints.latestUpTo(size).filter(c -> c.size() > from)
                .filter(checkpoints::verifies).orElse(null);
        long signedUpTo = trusted == null ? 0 : trusted.size();
        try {
            store.forEachInRange(from, size - 1, d -> append(d, count >= signedUpTo));
            if (count < size) {
                throw new StaleLogException((long) count, "entry " + count + " is missing from the store");
            }
            if (trusted != null && !Arrays.equals(MerkleTree.root(LeafHashes.ofFlat(flat, count, memo), trusted.size()), trusted.root())) {
                throw new StaleLogException(null, "the entries up to " + trusted.size()
                        + " do not have the root of the signed checkpoint of that size");
            }
        } catch (RuntimeException e) {
            count = from; // the hashes above it were never handed out
            memo.truncate(from); // the checkpoint's root above may have kept subtrees of them
            throw e;
        }
    }

    /** Checks one entry against the chain so far (and its signature if asked) and adds its leaf hash. */
    private void append(Document d, boolean checkSignature) {
        long seq = count;
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
        String expectedPrev = seq == 0 ? AuditEntry.GENESIS_PREV : HEX.formatHex(hash((int) seq - 1));
        if (!entry.prev().equals(expectedPrev)) {
            throw new StaleLogException(seq, "entry " + seq + " does not continue the chain this instance has verified");
        }
        byte[] hash = MerkleTree.leafHash(body);
        if (checkSignature && !signatures.valid(entry, hash, d.getString("sig"))) {
            throw new StaleLogException(seq, "entry " + seq + " does not carry a valid signature by a key of this vault");
        }
        if ((count + 1) * HASH > flat.length) {
            // a new array: views handed out keep reading the old one, which nothing writes below their size
            flat = Arrays.copyOf(flat, Math.max(flat.length + flat.length / 2, (count + 1) * HASH));
        }
        System.arraycopy(hash, 0, flat, count * HASH, HASH);
        count++;
    }

    private byte[] hash(int index) {
        return Arrays.copyOfRange(flat, index * HASH, (index + 1) * HASH);
    }

    private static byte[] leafHash(Document d) {
        Object body = d.get("body");
        return body instanceof String text ? MerkleTree.leafHash(text.getBytes(StandardCharsets.UTF_8)) : new byte[0];
    }
}
