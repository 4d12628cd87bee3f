package org.evidencevault.integrity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-checks the whole store in the background: every entry of the log ({@link LogSweep}) and every stored
 * record of every kind against the entry that last changed it ({@link SealedRecords#sweep}). It runs every
 * {@code vault.integrity.sweep-tick} (default 5 s) and checks, each time, as many entries and records as it
 * takes for one full pass to end within {@code vault.integrity.sweep-period} (default 24 h), at least
 * {@code vault.integrity.sweep-min-batch} of each (default 200): small slices, one thread, so requests keep
 * their latency. Findings raise integrity alarms (health DOWN, changes stop). Health ({@code integritySweep})
 * shows the progress and when the last full pass ended.
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
    private final boolean enabled;

    private boolean logDone;
    private List<String> collections = List.of();
    private int collectionIndex;
    private String afterId;
    private long recordsChecked;
    private long recordsThisPass;
    private long recordsLastPass;
    private long entriesPosition;
    private long entriesSize;
    private Instant passStarted;
    private volatile Instant lastFullPass;
    private volatile Duration lastPassTook;

    IntegritySweep(LogSweep logSweep, RecordStores stores, Clock clock,
                   @Value("${vault.integrity.sweep-period:24h}") Duration period,
                   @Value("${vault.integrity.sweep-tick:5s}") Duration tick,
                   @Value("${vault.integrity.sweep-min-batch:200}") int minBatch,
                   @Value("${vault.integrity.sweep-enabled:true}") boolean enabled) {
        this.logSweep = logSweep;
        this.stores = stores;
        this.clock = clock;
        this.period = period;
        this.tick = tick;
        this.minBatch = minBatch;
        this.enabled = enabled;
    }

    @Scheduled(fixedDelayString = "${vault.integrity.sweep-tick:5s}", initialDelayString = "${vault.integrity.sweep-tick:5s}")
    void scheduled() {
        if (!enabled) {
            return;
        }
        try {
            step();
        } catch (RuntimeException e) {
            log.warn("integrity sweep step failed ({}); it goes on at the next tick", e.getClass().getSimpleName());
        }
    }

    /** One slice of the sweep; returns true when it ended a full pass. */
    public synchronized boolean step() {
        if (passStarted == null) {
            passStarted = clock.instant();
            logDone = false;
            collections = new ArrayList<>(stores.all().keySet());
            collectionIndex = 0;
            afterId = null;
            recordsThisPass = 0;
        }
        long ticksPerPeriod = Math.max(1, period.toMillis() / Math.max(1, tick.toMillis()));
        if (!logDone) {
            int batch = (int) Math.min(Integer.MAX_VALUE, Math.max(minBatch, ceilDiv(entriesSize, ticksPerPeriod)));
            LogSweep.Progress p = logSweep.step(batch, this::missing);
            entriesPosition = p.position();
            entriesSize = p.size();
            logDone = p.passDone();
        }
        long recordBudget = Math.max(minBatch, ceilDiv(Math.max(recordsLastPass, recordsThisPass), ticksPerPeriod));
        Map<String, SealedRecords> kinds = stores.all();
        while (recordBudget > 0 && collectionIndex < collections.size()) {
            SealedRecords kind = kinds.get(collections.get(collectionIndex));
            SealedRecords.SweepStep s = kind.sweep(afterId, (int) Math.min(recordBudget, 1000));
            recordBudget -= s.checked();
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
        if (logDone && collectionIndex >= collections.size()) {
            Instant now = clock.instant();
            lastPassTook = Duration.between(passStarted, now);
            lastFullPass = now;
            recordsLastPass = recordsThisPass;
            passStarted = null;
            return true;
        }
        return false;
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
    public synchronized Health health() {
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
