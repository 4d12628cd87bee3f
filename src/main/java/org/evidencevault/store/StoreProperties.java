package org.evidencevault.store;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where data lives. {@code spring.mongodb.uri} (env {@code SPRING_MONGODB_URI}) selects a real MongoDB;
 * without it the embedded store runs on {@code vault.store.data-dir}.
 *
 * @param timeout       how long a store call waits to find and connect to the store before it fails
 *                      (server selection and connect timeouts); a down store answers 503 within this
 * @param socketTimeout how long a store call waits for a reply once sent
 * @param minFreeSpace  the free-space floor of the data directory: below it writes are refused (503) and
 *                      health is DOWN, before the disk is actually full
 * @param retryAfter    what a 503 caused by the store advises clients in {@code Retry-After}
 * @param compaction    the embedded store's compaction (see {@link Compaction})
 */
@ConfigurationProperties("vault.store")
public record StoreProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("evidence_vault") String database,
        @DefaultValue("0") int embeddedPort,
        @DefaultValue("true") boolean fsync,
        @DefaultValue("1500ms") Duration timeout,
        @DefaultValue("10s") Duration socketTimeout,
        @DefaultValue("128MB") DataSize minFreeSpace,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue CompactionProperties compaction) {

    /** {@code vault.store.compaction.*}: see {@link Compaction}. */
    public record CompactionProperties(
            @DefaultValue("80") int fillRate,
            @DefaultValue("250ms") Duration interval,
            @DefaultValue("2MB") DataSize maxWrite,
            @DefaultValue("2s") Duration retention,
            @DefaultValue("50ms") Duration maxPause) {

        public Compaction settings() {
            return new Compaction(fillRate, interval, (int) Math.min(Integer.MAX_VALUE, maxWrite.toBytes()), retention, maxPause);
        }
    }

    public StoreProperties {
        if (timeout.isNegative() || timeout.isZero() || socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException("vault.store.timeout and socket-timeout must be positive durations");
        }
        if (minFreeSpace.isNegative()) {
            throw new IllegalArgumentException("vault.store.min-free-space must not be negative");
        }
    }
}
