package org.evidencevault.store;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code store} in /actuator/health: a ping round trip, and which kind of store this is. */
final class StoreHealthIndicator implements HealthIndicator {

    private final StoreHandle handle;

    StoreHealthIndicator(StoreHandle handle) {
        this.handle = handle;
    }

    @Override
    public Health health() {
        try {
            handle.database().runCommand(new Document("ping", 1));
            return Health.up().withDetail("kind", handle.isEmbedded() ? "embedded" : "mongodb").build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("kind", handle.isEmbedded() ? "embedded" : "mongodb")
                    .withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
