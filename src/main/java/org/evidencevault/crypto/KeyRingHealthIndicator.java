package org.evidencevault.crypto;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code keyRing} in /actuator/health: the active KEK version and whether a full seal/open round trip
 * works. Ids, versions and counts only; never material or fingerprints of it.
 */
final class KeyRingHealthIndicator implements HealthIndicator {

    private final KeyRing ring;
    private final DataKeys dataKeys;

    KeyRingHealthIndicator(KeyRing ring, DataKeys dataKeys) {
        this.ring = ring;
        this.dataKeys = dataKeys;
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
                    .withDetail("dataKeysByKek", dataKeys.countByKekVersion())
                    .withDetail("demo", ring.isDemo())
                    .build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
