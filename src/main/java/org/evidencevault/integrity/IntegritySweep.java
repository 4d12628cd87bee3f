package org.evidencevault.integrity;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.evidencevault.audit.LogSweep;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Re-checks the whole store in the background: every entry of the log ({@link LogSweep}) and every stored
 * record of every kind against the entry that last changed it ({@link SealedRecords#sweep}). It runs on a thread of
 * its own every {@code vault.integrity.sweep-tick} (default 5 s) and checks, each time, as many entries and records as it
 * takes for one full pass to end within {@code vault.integrity.sweep-period} (default 24 h), at least
 * {@code vault.integrity.sweep-min-batch} of each (default 200). A tick's share is done in chunks of at most
 * {@code vault.integrity.sweep-chunk} (default 200) entries or records, with a pause after each chunk so that the
 * sweep uses at most {@code vault.integrity.sweep-duty} (default 0.25) of the time: requests keep their latency
 * (docs/BENCHMARKS.md section 5). Chunks are not smaller by default: on the embedded store each record query scans its
 * collection, so many small chunks cost more store time than a few large ones (measured there). Findings raise integrity alarms
 * (health DOWN, changes stop). Health ({@code integritySweep}) shows the progress and when the last full pass ended.
 *
 * <p>Metrics, numbers only: {@code vault.integrity.sweep.position} (entries of the log checked in the current pass),
 * {@code vault.integrity.sweep.entries} (the log's size as the pass last saw it), {@code vault.integrity.sweep.records}
 * (records checked since start, a counter) and {@code vault.integrity.sweep.last.pass.timestamp} (when the last full
 * pass ended, in seconds since the epoch; NaN before the first).
 */
@Component("integritySweepHealthIndicator")
public class IntegritySweep implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(IntegritySweep.class);

    private final LogSweep logSweep;
    private final RecordStores stores;
    private final Clock clock;
    private final Duration period;
    private final Duration tick;
    private final int minBatch;
    private final int chunk;
    private final double duty;
    private final boolean enabled;

    private boolean logDone;
    private List<String> collections = List.of();
    private int collectionIndex;
    private String afterId;
    // written under the lock by the sweep, read without it by health (which must never wait for a chunk's store call)
    private volatile long recordsChecked;
    private volatile long recordsThisPass;
    private long recordsLastPass;
    private volatile long entriesPosition;
    private volatile long entriesSize;
    private Instant passStarted;
    private volatile Instant lastFullPass;
    private volatile Duration lastPassTook;

    IntegritySweep(LogSweep logSweep, RecordStores stores, Clock clock,
                   @Value("${vault.integrity.sweep-period:24h}") Duration period,
                   @Value("${vault.integrity.sweep-tick:5s}") Duration tick,
                   @Value("${vault.integrity.sweep-min-batch:200}") int minBatch,
                   @Value("${vault.integrity.sweep-chunk:200}") int chunk,
                   @Value("${vault.integrity.sweep-duty:0.25}") double duty,
                   @Value("${vault.integrity.sweep-enabled:true}") boolean enabled,
                   MeterRegistry meters) {
        if (chunk < 1 || !(duty > 0 && duty <= 1)) {
            throw new IllegalArgumentException("vault.integrity.sweep-chunk must be at least 1 and sweep-duty in (0, 1]");
        }
        this.chunk = chunk;
        this.duty = duty;
        this.logSweep = logSweep;
        this.stores = stores;
        this.clock = clock;
        this.period = period;
        this.tick = tick;
        this.minBatch = minBatch;
        this.enabled = enabled;
        Gauge.builder("vault.integrity.sweep.position", this, t -> t.entriesPosition)
                .description("entries of the audit log the integrity sweep has checked in its current pass").register(meters);
        Gauge.builder("vault.integrity.sweep.entries", this, t -> t.entriesSize)
                .description("the audit log's size as the integrity sweep last saw it").register(meters);
        FunctionCounter.builder("vault.integrity.sweep.records", this, t -> t.recordsChecked)
                .description("stored records the integrity sweep has checked since start").register(meters);
        Gauge.builder("vault.integrity.sweep.last.pass.timestamp", this,
                        t -> t.lastFullPass == null ? Double.NaN : t.lastFullPass.toEpochMilli() / 1000.0)
                .baseUnit("seconds").description("when the integrity sweep last ended a full pass").register(meters);
    }

    /**
     * The sweep's own thread: its pauses must not hold up the scheduler's single thread, which also writes checkpoints and
     * repairs the log.
     */
    private final java.util.concurrent.ScheduledExecutorService thread = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "integrity-sweep");
        t.setDaemon(true);
        return t;
    });

    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void begin() {
        if (enabled) {
            thread.scheduleWithFixedDelay(this::scheduled, tick.toMillis(), tick.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @jakarta.annotation.PreDestroy
    void end() {
        thread.shutdownNow();
    }

    void scheduled() {
        try {
            tick(chunk, duty);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("integrity sweep step failed ({}); it goes on at the next tick", e.getClass().getSimpleName());
        }
    }

    /** One tick's share of the sweep at once, without pauses (tests, benchmarks); returns true when it ended a full pass. */
    public boolean step() {
        try {
            return tick(Integer.MAX_VALUE, 1.0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One tick's share of the sweep in chunks of at most {@code chunkSize} entries or records, pausing after each so that
     * the sweep's own time is at most {@code dutyCycle} of the tick's (1: no pause). The lock is held per chunk only, so
     * health reads never wait for a pause. Returns true when the tick ended a full pass.
     */
    boolean tick(int chunkSize, double dutyCycle) throws InterruptedException {
        long[] budget = budget();
        while (true) {
            long started = System.nanoTime();
            Chunk done = chunk(budget, chunkSize);
            if (done != Chunk.MORE) {
                return done == Chunk.PASS_ENDED;
            }
            long spent = System.nanoTime() - started;
            long pause = (long) (spent * (1 / dutyCycle - 1));
            if (pause > 0) {
                Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
            }
        }
    }

    private enum Chunk { MORE, TICK_DONE, PASS_ENDED }

    /** This tick's share: {entries, records} (a pass started if none is under way). */
    private synchronized long[] budget() {
        if (passStarted == null) {
            passStarted = clock.instant();
            logDone = false;
            collections = new ArrayList<>(stores.all().keySet());
            collectionIndex = 0;
            afterId = null;
            recordsThisPass = 0;
        }
        long ticksPerPeriod = Math.max(1, period.toMillis() / Math.max(1, tick.toMillis()));
        long entries = logDone ? 0 : Math.max(minBatch, ceilDiv(entriesSize, ticksPerPeriod));
        long records = Math.max(minBatch, ceilDiv(Math.max(recordsLastPass, recordsThisPass), ticksPerPeriod));
        return new long[] {entries, records};
    }

    /** At most {@code size} of the tick's remaining entries, else of its records; then whether the tick or pass ended. */
    private synchronized Chunk chunk(long[] budget, int size) {
        if (passStarted == null) {
            return Chunk.TICK_DONE; // another caller ended the pass meanwhile
        }
        if (!logDone && budget[0] > 0) {
            int batch = (int) Math.min(Math.min(Integer.MAX_VALUE, budget[0]), size);
            LogSweep.Progress p = logSweep.step(batch, this::missing);
            budget[0] -= batch;
            entriesPosition = p.position();
            entriesSize = p.size();
            logDone = p.passDone();
        } else if (budget[1] > 0 && collectionIndex < collections.size()) {
            SealedRecords kind = stores.all().get(collections.get(collectionIndex));
            SealedRecords.SweepStep s = kind.sweep(afterId, (int) Math.min(Math.min(budget[1], 1000), size));
            budget[1] -= Math.max(1, s.checked());
            recordsChecked += s.checked();
            recordsThisPass += s.checked();
            afterId = s.next();
            if (afterId == null) {
                collectionIndex++;
            }
            if (s.checked() == 0) {
                afterId = null;
            }
        }
        boolean tickDone = (logDone || budget[0] <= 0) && (budget[1] <= 0 || collectionIndex >= collections.size());
        if (logDone && collectionIndex >= collections.size()) {
            Instant now = clock.instant();
            lastPassTook = Duration.between(passStarted, now);
            lastFullPass = now;
            recordsLastPass = recordsThisPass;
            passStarted = null;
            return Chunk.PASS_ENDED;
        }
        return tickDone ? Chunk.TICK_DONE : Chunk.MORE;
    }

    /** Whether the record a change created is still stored, at that version or later. */
    private Optional<LogSweep.Missing> missing(String type, String id, long version) {
        SealedRecords kind = stores.byType(type);
        if (kind == null) {
            return Optional.empty();
        }
        String subject = kind.kind().collection() + "/" + id;
        OptionalLong stored = kind.storedVersion(id);
        if (stored.isEmpty()) {
            return Optional.of(new LogSweep.Missing(subject,
                    "is recorded at version " + version + " but no longer stored: it was deleted behind the vault's back"));
        }
        if (stored.getAsLong() < version) {
            return Optional.of(new LogSweep.Missing(subject, "is stored at version " + stored.getAsLong() + ", but version "
                    + version + " was recorded: it was rolled back"));
        }
        return Optional.empty();
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public Health health() {
        Health.Builder h = Health.up()
                .withDetail("entriesChecked", entriesPosition)
                .withDetail("entries", entriesSize)
                .withDetail("recordsCheckedThisPass", recordsThisPass)
                .withDetail("recordsChecked", recordsChecked)
                .withDetail("period", period.toString());
        if (lastFullPass != null) {
            h.withDetail("lastFullPass", lastFullPass.toString()).withDetail("lastPassTook", lastPassTook.toString());
        } else {
            h.withDetail("lastFullPass", "none yet");
        }
        return h.build();
    }
}
