package org.evidencevault.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vault.security.*}: how long bearer tokens live (at most), browser sessions' idle and absolute
 * timeouts, how long a password-only login may wait for its second factor, the passkey relying party (the
 * site's domain and the origins browsers use; by default the host and origin of {@code vault.web.public-base-url}), and the optional first admin account
 * ({@code bootstrap-admin.username} and {@code bootstrap-admin.password-file}, a file holding its password), and the
 * SHA-256 of the metrics scraper's token ({@code metrics-scrape-token-sha256}, {@link MetricsScrapeToken}; unset: none).
 */
@ConfigurationProperties("vault.security")
public record SecurityProperties(
        @DefaultValue("1h") Duration tokenTtl,
        @DefaultValue("8h") Duration maxTokenTtl,
        @DefaultValue("15m") Duration sessionIdleTimeout,
        @DefaultValue("8h") Duration sessionAbsoluteTimeout,
        @DefaultValue("10m") Duration secondFactorWindow,
        String passkeyRpId,
        List<String> passkeyOrigins,
        BootstrapAdmin bootstrapAdmin,
        String metricsScrapeTokenSha256) {

    public SecurityProperties {
        for (Duration d : List.of(tokenTtl, maxTokenTtl, sessionIdleTimeout, sessionAbsoluteTimeout, secondFactorWindow)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("vault.security durations must be positive");
            }
        }
        if (tokenTtl.compareTo(maxTokenTtl) > 0) {
            throw new IllegalArgumentException("vault.security.token-ttl must not exceed max-token-ttl");
        }
        passkeyOrigins = passkeyOrigins == null ? List.of() : List.copyOf(passkeyOrigins);
    }

    /** The account created as ADMIN at start-up if it does not exist yet; both fields or neither. */
    public record BootstrapAdmin(String username, Path passwordFile) {
    }

    /** The passkey relying party id: the configured one, else the public base URL's host. */
    String rpId(org.evidencevault.web.WebProperties web) {
        return passkeyRpId == null || passkeyRpId.isBlank() ? web.publicBaseUrl().getHost() : passkeyRpId;
    }

    /** The origins passkey ceremonies may come from: the configured ones, else the public base URL's origin. */
    java.util.Set<String> origins(org.evidencevault.web.WebProperties web) {
        return passkeyOrigins.isEmpty() ? java.util.Set.of(web.origin()) : java.util.Set.copyOf(passkeyOrigins);
    }
}
