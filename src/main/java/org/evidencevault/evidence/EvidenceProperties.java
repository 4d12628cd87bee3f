package org.evidencevault.evidence;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code vault.evidence.*}: the largest file an item may have (default 8 GB); how many bytes one account may have
 * registered in all, received or still to come (default 256 GB); how long an upload may stay unfinished before it is
 * expired, its partial bytes removed and its key destroyed (default 7 days); and the directory of the embedded blob
 * store (default {@code <vault.store.data-dir>/evidence}).
 */
@ConfigurationProperties("vault.evidence")
public record EvidenceProperties(@DefaultValue("8GB") DataSize maxSize, @DefaultValue("256GB") DataSize quotaPerAccount,
                                 @DefaultValue("7d") Duration uploadExpiry, Path blobDir) {

    public EvidenceProperties {
        if (maxSize.toBytes() < 1 || quotaPerAccount.toBytes() < 1 || uploadExpiry.isNegative() || uploadExpiry.isZero()) {
            throw new IllegalArgumentException("vault.evidence sizes and durations must be positive");
        }
    }
}
