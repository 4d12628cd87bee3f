package org.evidencevault.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vault.access.*}: how recent a passkey assertion must be for an irreversible act (the step-up window,
 * default 5 minutes), and how long a request for a second person's approval stays valid (default 24 hours; an
 * approval must be used within it too).
 */
@ConfigurationProperties("vault.access")
public record AccessProperties(@DefaultValue("5m") Duration stepUpWindow, @DefaultValue("24h") Duration approvalTtl) {

    public AccessProperties {
        if (stepUpWindow.isNegative() || stepUpWindow.isZero() || approvalTtl.isNegative() || approvalTtl.isZero()) {
            throw new IllegalArgumentException("vault.access durations must be positive");
        }
    }

    /** The defaults (for code built without Spring, e.g. tests of the policy alone). */
    public static AccessProperties defaults() {
        return new AccessProperties(Duration.ofMinutes(5), Duration.ofHours(24));
    }
}
