package org.evidencevault.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server, made durable and crash-atomic per command.
 *
 * <p>Measured here, the stock backend lost 247 of 762 acknowledged inserts on {@code kill -9}: it commits
 * to its file only now and then. Committing after each write was not enough either: mongo-java-server
 * writes a document and each of its index entries as separate map writes, and a commit made for one
 * connection (or by H2's own auto-commit) while another connection's insert was half done persisted the
 * document without its {@code _id} index entry; after a kill the vault could never start on that store.
 *
 * <p>So here: the MVStore never commits on its own (the store is opened with auto-commit off, see
 * {@link EmbeddedStore}); a write command holds the write lock from its first map write until its commit
 * (and fsync) returned, and reads share a read lock. A commit therefore only ever captures whole commands.
 * Compaction takes the write lock too (reads wait while a round runs): a try that let reads run during rounds
 * (2026-12-03) ended, in a long load, with a store file that referenced a chunk it no longer held. That build also
 * still called {@code MVStore.rollback()} (below); which of the two did it is not established, and neither is done now
 * (docs/BENCHMARKS.md, section 15, has what a full-size load since left).
 * A command that throws without having changed anything (an unknown command, a malformed one) just answers its
 * error. One that fails half-way, and a commit that fails (disk full, I/O error), are never acknowledged: the command answers an
 * error and this backend is marked broken, so the {@link EmbeddedBackend} reopens the file from its last good commit,
 * exactly as after a kill.
 *
 * <p>H2's {@code MVStore.rollback()} is not used. In H2 2.4.240 it does not merely drop the uncommitted changes: it
 * marks the file header clean and rewrites it, forgets the chunks waiting out their retention time, re-reads the whole
 * chunk layout from the file as when the file is opened, and empties the page cache (read in
 * {@code FileStore.rollbackTo} and {@code RandomAccessStore.adjustStoreToLastChunk}); H2's own SQL engine never takes
 * that path (it rolls back through its transaction store), and H2's maintainers call it lightly tested and not
 * thread-safe by design (h2database/h2database#3097). Reopening the file is the path every kill test takes.
 * Failures that reach here are rare: duplicate keys and other per-document errors of insert, update and delete are
 * answered in the reply, not thrown, and change nothing of the document that failed.
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that never change stored data; everything else is treated as a write. */
    private static final Set<String> READS = Set.of(
            "find", "getmore", "killcursors", "count", "distinct", "listcollections", "listindexes",
            "listdatabases", "ping", "ismaster", "hello", "buildinfo", "whatsmyuri", "serverstatus", "dbstats",
            "collstats", "getlasterror", "getlog", "endsessions", "connectionstatus", "getparameter", "hostinfo",
            "getcmdlineopts", "explain");

    private final MVStore store;
    private final boolean fsync;
    private final FreeSpace space;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private volatile String broken;
    /** How much the next compaction round may rewrite (0: none ran yet); only compaction's thread uses it. */
    private int roundBytes;

    DurableH2Backend(MVStore store, boolean fsync, FreeSpace space) {
        super(store);
        this.store = store;
        this.fsync = fsync;
        this.space = space;
    }

    /** Databases whose non-unique indexes are real and whose queries use them (see {@link IndexedH2Database}). */
    @Override
    protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /**
     * One compaction round (see {@link Compaction}): when the chunks hold less live data than the fill rate,
     * rewrites the live pages of the sparsest ones, then commits and syncs like a write command, under the
     * write lock, so the file only ever holds whole commands. Returns whether anything was rewritten.
     */
    boolean compact(Compaction c) {
        if (!c.enabled() || brokenReason() != null || store.getFileStore().getChunksFillRate() >= c.fillRate()) {
            return false;
        }
        lock.writeLock().lock();
        try {
            if (brokenReason() != null) {
                return false;
            }
            int write = nextRoundBytes(c);
            long started = System.nanoTime();
            boolean rewritten;
            try {
                rewritten = store.compact(c.fillRate(), write);
            } catch (RuntimeException e) {
                discardUncommitted("a compaction round failed half-way (" + StoreErrors.describe(e) + ")");
                throw e;
            }
            if (rewritten) {
                commitDurably();
            }
            adapt(c, write, rewritten, System.nanoTime() - started);
            return rewritten;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How much the next round may rewrite (see {@link #adapt}); the first round may rewrite {@code maxWriteBytes}. */
    private int nextRoundBytes(Compaction c) {
        int least = Math.min(Compaction.MIN_ROUND_BYTES, c.maxWriteBytes());
        return roundBytes <= 0 ? c.maxWriteBytes() : Math.max(least, Math.min(c.maxWriteBytes(), roundBytes));
    }

    /**
     * A round that held writes longer than {@code maxPause} halves the next round's size; one that took less than half
     * of it, or rewrote nothing (its budget may be smaller than the sparsest chunk), lets the next grow by a quarter. A
     * round's time does not follow its size (most of it may be reading pages back from disk), so it is steered by the
     * time rounds take, not by a speed estimate.
     */
    private void adapt(Compaction c, int write, boolean rewritten, long tookNanos) {
        long pause = c.maxPause().toNanos();
        if (rewritten && tookNanos > pause) {
            roundBytes = write / 2;
        } else if (!rewritten || tookNanos < pause / 2) {
            roundBytes = (int) Math.min(Integer.MAX_VALUE, write + (long) write / 4);
        } else {
            roundBytes = write;
        }
    }

    /**
     * Copies the store file as of its last commit into {@code out}, holding the read lock meanwhile: writes (and
     * compaction) wait until the copy is done, so the copy is exactly one commit and opens like the file after a
     * clean stop; reads go on, except those queued behind a waiting write. Returns the bytes copied.
     */
    long copyCommitted(OutputStream out) throws IOException {
        lock.readLock().lock();
        try {
            requireUsable();
            try (FileChannel in = FileChannel.open(Path.of(store.getFileStore().getFileName()), StandardOpenOption.READ)) {
                long size = in.size();
                ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
                long copied = 0;
                while (copied < size) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), size - copied));
                    int n = in.read(buffer, copied);
                    if (n < 0) {
                        throw new IOException("the store file ended at " + copied + " of " + size + " bytes while it was copied");
                    }
                    out.write(buffer.array(), 0, n);
                    copied += n;
                }
                return copied;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The store file's size and how much of its chunks is live, in percent (for health and benchmarks). */
    EmbeddedStore.FileUse fileUse() {
        var fs = store.getFileStore();
        return new EmbeddedStore.FileUse(fs.size(), fs.getChunksFillRate(), fs.getFillRate());
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (isRead(command, query)) {
            lock.readLock().lock();
            try {
                requireUsable();
                return super.handleCommand(channel, database, command, query);
            } finally {
                lock.readLock().unlock();
            }
        }
        lock.writeLock().lock();
        try {
            requireUsable();
            space.requireAboveFloor();
            Document reply;
            try {
                reply = super.handleCommand(channel, database, command, query);
            } catch (RuntimeException e) {
                discardUncommitted("a write failed half-way (" + StoreErrors.describe(e) + ")");
                throw e;
            }
            commitDurably();
            return reply;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Why this backend may no longer be used (its store failed), or null while it is healthy. */
    String brokenReason() {
        if (broken == null && store.isClosed()) {
            broken = "the store file was closed";
        }
        return broken;
    }

    /**
     * Waits for the commands in flight, then closes the store. A healthy store is closed normally (every
     * command is committed already); a broken one is closed without writing anything, so the file keeps
     * its last good commit.
     */
    void closeQuietly() {
        lock.writeLock().lock();
        try {
            if (brokenReason() == null) {
                close();
            } else if (!store.isClosed()) {
                store.closeImmediately();
            }
        } catch (RuntimeException e) {
            // the store already failed; what is on disk is its last good commit
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void requireUsable() {
        String reason = brokenReason();
        if (reason != null) {
            throw new MongoServerError(StoreErrors.UNAVAILABLE, StoreErrors.UNAVAILABLE_NAME,
                    "the embedded store is recovering: " + reason);
        }
    }

    private void commitDurably() {
        try {
            store.commit();
            if (fsync) {
                store.sync();
            }
        } catch (RuntimeException e) {
            broken = "a write could not be made durable (" + StoreErrors.describe(e) + ")";
            throw new MongoServerError(StoreErrors.isNoSpace(e) ? StoreErrors.OUT_OF_DISK_SPACE : StoreErrors.UNAVAILABLE,
                    StoreErrors.isNoSpace(e) ? StoreErrors.OUT_OF_DISK_SPACE_NAME : StoreErrors.UNAVAILABLE_NAME,
                    "the write was not made durable and is not acknowledged: " + broken);
        }
    }

    /**
     * After a failed command or compaction round: if it left changes in the maps that are not committed, this backend is
     * marked broken, so the file is reopened from its last commit before the next command (see the class comment for why
     * not {@code MVStore.rollback()}); if it changed nothing, there is nothing to undo.
     */
    private void discardUncommitted(String why) {
        try {
            if (!store.isClosed() && store.hasUnsavedChanges()) {
                broken = why + "; its changes are discarded by reopening the file from its last commit";
            }
        } catch (RuntimeException e) {
            broken = why + "; whether it changed anything could not be told (" + StoreErrors.describe(e) + ")";
        }
    }

    private static boolean isRead(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            Object pipeline = query.get("pipeline");
            return !(pipeline instanceof List<?> stages) || stages.stream()
                    .noneMatch(s -> s instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
        }
        return READS.contains(name);
    }
}
