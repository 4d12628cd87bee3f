package org.evidencevault.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vault.audit.*}: the checkpoint origin (names this log in every checkpoint; set it per deployment),
 * how often checkpoints are made and the log is re-verified.
 */
@ConfigurationProperties("vault.audit")
public record AuditProperties(
        @DefaultValue("evidence-vault.local/audit") String origin,
        @DefaultValue("5s") Duration checkpointInterval,
        @DefaultValue("60s") Duration verifyInterval) {
}
