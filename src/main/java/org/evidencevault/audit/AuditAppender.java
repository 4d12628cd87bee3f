package org.evidencevault.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bson.Document;
import org.evidencevault.crypto.KeyRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit: callers enqueue drafts; one writer thread drains the queue, chains and signs a batch in
 * memory and writes it in one ordered {@code insertMany}. Another instance that appended first makes
 * the insert fail on a unique index ({@code _id}/{@code prev}); the writer reloads the tail and re-chains,
 * so the chain never forks and never has gaps. A duplicate claim fails only that draft.
 *
 * <p>Metrics: {@code vault.audit.appends} counts the entries this instance wrote; {@code vault.audit.append} times each
 * caller's wait, from the call to the store's acknowledgement, tagged {@code outcome=ok|failed} (fixed values only).
 */
@Component
class AuditAppender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditAppender.class);
    static final int MAX_BATCH = 512;
    private static final int MAX_RECHAINS = 100;

    private record Pending(EntryDraft draft, CompletableFuture<AppendedEntry> done) {
    }

    private final AuditStore store;
    private final EntrySigner signer;
    private final Clock clock;
    private final IntegrityAlarms alarms;
    private final java.time.Duration maxSkew;
    private final long waitMillis;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private volatile boolean running;
    private Thread writer;
    private AuditStore.Tail tail;
    private final Counter appended;
    private final Timer appendOk;
    private final Timer appendFailed;

    AuditAppender(AuditStore store, KeyRing keyRing, Clock clock, IntegrityAlarms alarms, AuditProperties props, MeterRegistry meters) {
        this.appended = Counter.builder("vault.audit.appends").description("audit entries this instance wrote (acknowledged by the store)")
                .register(meters);
        this.appendOk = appendTimer(meters, "ok");
        this.appendFailed = appendTimer(meters, "failed");
        this.store = store;
        this.signer = new EntrySigner(keyRing);
        this.clock = clock;
        this.alarms = alarms;
        this.maxSkew = props.maxClockSkew();
        this.waitMillis = props.appendTimeout().toMillis();
    }

    private static Timer appendTimer(MeterRegistry meters, String outcome) {
        return Timer.builder("vault.audit.append").description("how long a caller waited for its audit entry to be acknowledged")
                .tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofMillis(1)).maximumExpectedValue(java.time.Duration.ofSeconds(10))
                .register(meters);
    }

    /** Appends durably and returns once the store acknowledged; fails closed with AuditFailureException. */
    AppendedEntry append(EntryDraft draft) {
        alarms.requireLogTrusted();
        return appendEvenIfHalted(draft);
    }

    /** As {@link #append}, also while the log is halted: for the entries that record integrity alarms. */
    AppendedEntry appendEvenIfHalted(EntryDraft draft) {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            AppendedEntry entry = waitFor(draft);
            ok = true;
            return entry;
        } finally {
            (ok ? appendOk : appendFailed).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private AppendedEntry waitFor(EntryDraft draft) {
        if (!running) {
            throw new AuditFailureException("audit log is not running; nothing was done", null);
        }
        CompletableFuture<AppendedEntry> done = new CompletableFuture<>();
        Pending pending = new Pending(draft, done);
        if (!queue.offer(pending)) {
            throw new AuditFailureException("audit queue is full; nothing was done", null);
        }
        try {
            return done.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IntegrityHaltException h) {
                throw new IntegrityHaltException(h.getMessage());
            }
            if (e.getCause() instanceof ClaimConflictException c) {
                throw new ClaimConflictException(c.claim());
            }
            if (e.getCause() instanceof OutcomeUnknown u) {
                throw new AuditOutcomeUnknownException(draft.action().recordedAs(), u.getCause());
            }
            throw new AuditFailureException("audit entry for " + draft.action().recordedAs() + " could not be written; nothing was done", e.getCause());
        } catch (TimeoutException e) {
            if (queue.remove(pending)) {
                throw new AuditFailureException("audit entry for " + draft.action().recordedAs() + " was not written in time; nothing was done", e);
            }
            throw new AuditOutcomeUnknownException(draft.action().recordedAs(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditFailureException("interrupted while appending an audit entry", e);
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("audit writer: unexpected {}", e.getClass().getSimpleName(), e);
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Pending> remaining = batch;
        int rechains = 0;
        while (!remaining.isEmpty()) {
            List<Document> docs;
            try {
                if (tail == null) {
                    tail = store.tail();
                }
                java.time.Instant now = clock.instant();
                if (tail.time() != null && java.time.Instant.parse(tail.time()).isAfter(now.plus(maxSkew))) {
                    alarms.raiseLog(tail.seq(), "the last entry is dated after the store's clock by more than "
                            + maxSkew.toSeconds() + " s: entry times would run ahead of real time");
                    failAll(remaining, new IntegrityHaltException("entry times would run ahead of real time"));
                    return;
                }
                docs = signer.chain(remaining.stream().map(Pending::draft).toList(), tail, now);
                store.insertOrdered(docs);
                complete(remaining, docs, remaining.size());
                return;
            } catch (MongoBulkWriteException e) {
                BulkWriteError error = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
                if (error == null) {
                    resolveUnknown(remaining, e); // e.g. a write concern error: the primary may hold the batch
                    return;
                }
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    List<Document> stored = store.range(tail.seq() + 1, tail.seq() + error.getIndex());
                    complete(remaining, stored, stored.size());
                    failAll(remaining.subList(stored.size(), remaining.size()), e);
                    return;
                }
                remaining = afterDuplicate(remaining, error.getIndex(), e);
                if (remaining == null || ++rechains > MAX_RECHAINS) {
                    if (remaining != null) {
                        failAll(remaining, e);
                    }
                    return;
                }
            } catch (RuntimeException e) {
                resolveUnknown(remaining, e);
                return;
            }
        }
    }

    /**
     * The insert failed without saying how far it got (connection lost, timeout). Reads the seqs it would
     * have taken back: entries found with our hash were written (completed normally), seqs free or taken
     * by someone else were not (failed: nothing was done). If even that read fails, the callers learn that
     * the outcome is unknown, never "nothing was done".
     */
    private void resolveUnknown(List<Pending> pending, Exception cause) {
        AuditStore.Tail from = tail;
        tail = null;
        if (from == null || neverSent(cause)) {
            failAll(pending, cause);
            return;
        }
        java.util.Map<Long, Document> found = new java.util.HashMap<>();
        try {
            store.forEachInRange(from.seq() + 1, from.seq() + pending.size(),
                    d -> found.put(d.get("_id", Number.class).longValue(), d));
        } catch (RuntimeException readBack) {
            log.error("audit writer: outcome of {} entries unknown ({})", pending.size(), cause.getClass().getSimpleName());
            pending.forEach(p -> p.done().completeExceptionally(new OutcomeUnknown(cause)));
            return;
        }
        for (int i = 0; i < pending.size(); i++) {
            long seq = from.seq() + 1 + i;
            Pending p = pending.get(i);
            Document d = found.get(seq);
            if (d != null && p.draft().claim().equals(d.getString("claim"))) {
                appended.increment();
                p.done().complete(new AppendedEntry(seq, d.getString("hash")));
            } else {
                p.done().completeExceptionally(cause);
            }
        }
    }

    /**
     * Failures after which the server cannot have executed the insert: no server selected, no connection
     * opened, or the message could not be written whole (a truncated message is never executed).
     */
    private static boolean neverSent(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof com.mongodb.MongoTimeoutException || t instanceof com.mongodb.MongoSocketOpenException
                    || t instanceof com.mongodb.MongoSocketWriteException) {
                return true;
            }
        }
        return false;
    }

    /** Marks a failure whose outcome is unknown, inside the writer. */
    private static final class OutcomeUnknown extends RuntimeException {
        OutcomeUnknown(Throwable cause) {
            super(cause);
        }
    }

    /**
     * The ordered insert stopped at {@code at}: everything before it is stored. Either another writer took
     * that seq (re-chain the rest from the real tail) or the draft's claim was taken (refuse that draft).
     */
    private List<Pending> afterDuplicate(List<Pending> remaining, int at, MongoBulkWriteException e) {
        List<Document> stored = store.range(tail.seq() + 1, tail.seq() + at);
        if (stored.size() != at) {
            failAll(remaining, e);
            return null;
        }
        complete(remaining, stored, at);
        EntryDraft culprit = remaining.get(at).draft();
        Document claimed = store.byClaim(culprit.claim());
        if (claimed != null) {
            remaining.get(at).done().completeExceptionally(new ClaimConflictException(culprit.claim()));
            return remaining.subList(at + 1, remaining.size());
        }
        tail = null;
        return remaining.subList(at, remaining.size());
    }

    private void complete(List<Pending> pending, List<Document> docs, int count) {
        for (int i = 0; i < count; i++) {
            Document d = docs.get(i);
            pending.get(i).done().complete(new AppendedEntry(d.get("_id", Long.class), d.getString("hash")));
        }
        if (count > 0) {
            appended.increment(count);
            tail = tailOf(docs.get(count - 1));
        }
    }

    private static AuditStore.Tail tailOf(Document d) {
        org.evidencevault.ledger.AuditEntry e = org.evidencevault.ledger.AuditEntry.parse(
                d.getString("body").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new AuditStore.Tail(e.seq(), d.getString("hash"), e.time(), e.keyId());
    }

    private void failAll(List<Pending> pending, Exception cause) {
        tail = null;
        log.error("audit writer: {} entries not written ({})", pending.size(), cause.getClass().getSimpleName());
        pending.forEach(p -> p.done().completeExceptionally(cause));
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server and stops after it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }
}
