package org.evidencevault.store;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the embedded server talks to: the current {@link DurableH2Backend}, replaced by a fresh one on the
 * same file when the store failed (a write that could not be made durable, a disk that filled up). The
 * file then holds its last good commit, which is every acknowledged write. Until the reopen succeeds
 * (tried at most once a second, when a command arrives) every command answers a "recovering" error,
 * so clients see a clear failure and the vault recovers without a restart once space is back.
 */
final class EmbeddedBackend implements MongoBackend {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBackend.class);
    private static final long REOPEN_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private final boolean fsync;
    private final FreeSpace space;
    private final Compaction compaction;
    private final Object reopening = new Object();
    private final ScheduledExecutorService housekeeping;
    private final AtomicInteger reopens = new AtomicInteger();
    private volatile DurableH2Backend current;
    private volatile String lastFailure;
    private long nextReopenNanos;

    EmbeddedBackend(Path file, boolean fsync, FreeSpace space, Compaction compaction) {
        this.file = file;
        this.fsync = fsync;
        this.space = space;
        this.compaction = compaction;
        this.current = open();
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-store-compaction");
            t.setDaemon(true);
            return t;
        });
        if (compaction.enabled()) {
            long every = compaction.interval().toMillis();
            housekeeping.scheduleWithFixedDelay(this::compactOnce, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Opens the file with H2's own auto-commit off: only {@link DurableH2Backend} commits, between whole commands. */
    static MVStore openStore(Path file) {
        return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().autoCommitBufferSize(0).open();
    }

    private DurableH2Backend open() {
        MVStore store = openStore(file);
        // without fsync a commit may sit in the page cache for tens of seconds: a freed chunk is then kept at least
        // H2's default 45 s, so that a power cut never finds it overwritten before the commit that freed it is on disk
        long retention = fsync ? compaction.retention().toMillis() : Math.max(45_000, compaction.retention().toMillis());
        store.setRetentionTime((int) Math.min(Integer.MAX_VALUE, retention));
        return new DurableH2Backend(store, fsync, space);
    }

    /** One compaction round on the current backend; a failure marks nothing here (the backend does). */
    private void compactOnce() {
        DurableH2Backend b = current;
        if (b == null) {
            return;
        }
        try {
            // rounds back to back while there is work, for at most the interval, each round under the write lock on its
            // own (writes run between rounds): under a steady write load compaction keeps pace with it
            long until = System.nanoTime() + compaction.interval().toNanos();
            while (b.compact(compaction) && System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
        } catch (RuntimeException | Error e) { // never let the schedule die: the file would grow without bound
            if (current == b && b.brokenReason() == null) { // not merely closed or failed meanwhile (reported there)
                log.warn("embedded store: a compaction round failed ({}); the file keeps its last commit",
                        StoreErrors.describe(e));
            }
        }
    }

    /** Copies the store file as of its last commit (see {@link DurableH2Backend#copyCommitted}). */
    long copyCommitted(OutputStream out) throws IOException {
        return usable().copyCommitted(out);
    }

    /** The current file's size and fill rates, or null while the store is recovering. */
    EmbeddedStore.FileUse fileUse() {
        DurableH2Backend b = current;
        return b == null || b.brokenReason() != null ? null : b.fileUse();
    }

    /** How often the file was reopened since the store started (after a failed commit or a write that failed half-way). */
    int reopens() {
        return reopens.get();
    }

    /** Why the store cannot take commands right now, or null. */
    String unavailableReason() {
        DurableH2Backend b = current;
        return b == null ? lastFailure : b.brokenReason();
    }

    private DurableH2Backend usable() {
        DurableH2Backend b = current;
        if (b != null && b.brokenReason() == null) {
            return b;
        }
        synchronized (reopening) {
            b = current;
            if (b != null && b.brokenReason() == null) {
                return b;
            }
            if (b != null) {
                lastFailure = b.brokenReason();
                log.error("embedded store failed: {}; reopening it from its last commit", lastFailure);
                current = null;
                b.closeQuietly();
            }
            long now = System.nanoTime();
            if (now - nextReopenNanos < 0) {
                throw recovering();
            }
            nextReopenNanos = now + REOPEN_INTERVAL_NANOS;
            try {
                DurableH2Backend reopened = open();
                current = reopened;
                reopens.incrementAndGet();
                log.warn("embedded store reopened (it had failed: {})", lastFailure);
                lastFailure = null;
                return reopened;
            } catch (RuntimeException e) {
                lastFailure = "reopening failed (" + StoreErrors.describe(e) + ")";
                throw recovering();
            }
        }
    }

    private MongoServerError recovering() {
        return new MongoServerError(StoreErrors.UNAVAILABLE, StoreErrors.UNAVAILABLE_NAME,
                "the embedded store is recovering: " + lastFailure);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return usable().handleCommand(channel, database, command, query);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return usable().handleMessage(message);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return usable().handleQuery(query);
    }

    @Override
    public void handleClose(Channel channel) {
        DurableH2Backend b = current;
        if (b != null && b.brokenReason() == null) {
            b.handleClose(channel);
        }
    }

    @Override
    public void dropDatabase(String database) {
        usable().dropDatabase(database);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return usable().getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return usable().getServerStatus();
    }

    @Override
    public void close() {
        housekeeping.shutdown(); // a round in progress finishes (interrupting H2's I/O would close its channel)
        try {
            housekeeping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DurableH2Backend b = current;
        current = null;
        lastFailure = "closed";
        if (b != null) {
            b.closeQuietly();
        }
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        usable().closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return usable().getClock();
    }

    @Override
    public void enableOplog() {
        throw new UnsupportedOperationException("the vault does not use the embedded store's oplog");
    }

    @Override
    public void disableOplog() {
        // never enabled
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return usable().resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        usable().version(version);
        return this;
    }
}
