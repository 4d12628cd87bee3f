package org.evidencevault.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vault.audit.*}: the checkpoint origin (names this log in every checkpoint; set it per deployment),
 * how often checkpoints are made and the log is re-verified, how long a caller waits for its entry, and how
 * far the last entry's time may be ahead of the store's clock before the vault refuses to chain after it.
 */
@ConfigurationProperties("vault.audit")
public record AuditProperties(
        @DefaultValue("evidence-vault.local/audit") String origin,
        @DefaultValue("5s") Duration checkpointInterval,
        @DefaultValue("60s") Duration verifyInterval,
        @DefaultValue("10s") Duration appendTimeout,
        @DefaultValue("5s") Duration maxClockSkew) {
}
