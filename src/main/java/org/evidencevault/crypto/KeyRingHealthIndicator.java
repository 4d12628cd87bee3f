package org.evidencevault.crypto;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code keyRing} in /actuator/health: the active KEK version and whether a full seal/open round trip
 * works. Ids, versions and counts only; never material or fingerprints of it. Health is polled often
 * (load balancers, unauthenticated), so the count of data keys per KEK version, which scans
 * {@code data_keys}, is refreshed at most once a minute.
 */
final class KeyRingHealthIndicator implements HealthIndicator {

    private static final java.time.Duration COUNT_TTL = java.time.Duration.ofMinutes(1);

    private final KeyRing ring;
    private final DataKeys dataKeys;
    private volatile java.util.Map<String, Long> counts;
    private volatile long countedAtNanos;

    KeyRingHealthIndicator(KeyRing ring, DataKeys dataKeys) {
        this.ring = ring;
        this.dataKeys = dataKeys;
    }

    private java.util.Map<String, Long> dataKeysByKek() {
        long now = System.nanoTime();
        if (counts == null || now - countedAtNanos > COUNT_TTL.toNanos()) {
            try {
                counts = dataKeys.countByKekVersion();
            } catch (RuntimeException e) {
                // the store is down: its own indicator says so; the key ring is as healthy as before
                return counts == null ? java.util.Map.of() : counts;
            }
            countedAtNanos = now;
        }
        return counts;
    }

    @Override
    public Health health() {
        try {
            byte[] probe = new byte[AesGcm.KEY_BYTES];
            byte[] nonce = new byte[AesGcm.NONCE_BYTES];
            byte[] aad = "ev1-health".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] key = ring.activeKek().material().reveal();
            byte[] back = AesGcm.decrypt(key, nonce, AesGcm.encrypt(key, nonce, probe, aad), aad);
            if (!java.util.Arrays.equals(back, probe)) {
                return Health.down().withDetail("error", "round trip mismatch").build();
            }
            return Health.up()
                    .withDetail("activeKek", ring.activeKek().id() + "/v" + ring.activeKek().version())
                    .withDetail("kekVersions", ring.keks().size())
                    .withDetail("dataKeysByKek", dataKeysByKek())
                    .withDetail("demo", ring.isDemo())
                    .build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
