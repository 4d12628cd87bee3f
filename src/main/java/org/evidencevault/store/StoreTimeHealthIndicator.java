package org.evidencevault.store;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code clock} in /actuator/health: the vault runs on the store's time; this says how far this host's
 * own clock is from it and when that was last measured (re-measured here on a schedule). DOWN only when
 * the store's time could not be measured for a while, since then instances may no longer agree.
 */
final class StoreTimeHealthIndicator implements HealthIndicator {

    private static final long STALE_MILLIS = 5 * 60_000;

    private final StoreTime time;
    private volatile String failure;

    StoreTimeHealthIndicator(StoreTime time) {
        this.time = time;
    }

    @Scheduled(fixedDelayString = "${vault.time.measure-interval:30s}", initialDelayString = "${vault.time.measure-interval:30s}")
    void remeasure() {
        try {
            time.measure();
            failure = null;
        } catch (RuntimeException e) {
            failure = StoreFailures.classify(e).map(StoreFailures.Failure::reason).orElse(e.getClass().getSimpleName());
        }
    }

    @Override
    public Health health() {
        StoreTime.Offset o = time.offset();
        boolean stale = o.measuredAt() == null || time.millis() - o.measuredAt().toEpochMilli() > STALE_MILLIS;
        Health.Builder b = stale && failure != null ? Health.down().withDetail("error", failure) : Health.up();
        return b.withDetail("source", "store").withDetail("hostOffsetMillis", o.offsetMillis())
                .withDetail("roundTripMillis", o.roundTripMillis())
                .withDetail("measuredAt", o.measuredAt() == null ? "never" : o.measuredAt().toString()).build();
    }
}
