package org.evidencevault.store;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code store} in /actuator/health: a ping round trip (bounded by {@code vault.store.timeout}), which
 * kind of store this is, and for the embedded store whether it takes writes (a failed file, free space
 * below the floor). DOWN within seconds of an outage.
 */
final class StoreHealthIndicator implements HealthIndicator {

    private final StoreHandle handle;

    StoreHealthIndicator(StoreHandle handle) {
        this.handle = handle;
    }

    @Override
    public Health health() {
        String kind = handle.isEmbedded() ? "embedded" : "mongodb";
        if (!handle.client().getClusterDescription().hasWritableServer()) {
            // the driver's own monitoring (a heartbeat a second) already knows: no need to wait for a ping to time out
            return Health.down().withDetail("kind", kind).withDetail("error", StoreFailures.Kind.UNREACHABLE.reason()).build();
        }
        try {
            handle.database().runCommand(new Document("ping", 1));
        } catch (RuntimeException e) {
            return Health.down().withDetail("kind", kind).withDetail("error", StoreFailures.classify(e)
                    .map(StoreFailures.Failure::reason).orElse(e.getClass().getSimpleName())).build();
        }
        if (handle.isEmbedded()) {
            EmbeddedStore.Status s = handle.embedded().status();
            Health.Builder b = s.writable() ? Health.up() : Health.down().withDetail("error", s.reason());
            return b.withDetail("kind", kind).withDetail("freeBytes", s.freeBytes()).withDetail("freeSpaceFloorBytes", s.floorBytes()).build();
        }
        return Health.up().withDetail("kind", kind).build();
    }
}
