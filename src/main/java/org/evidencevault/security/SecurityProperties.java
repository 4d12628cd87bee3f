package org.evidencevault.security;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vault.security.*}: how long bearer tokens live, and the optional first admin account
 * ({@code bootstrap-admin.username} and {@code bootstrap-admin.password-file}, a file holding its password).
 */
@ConfigurationProperties("vault.security")
public record SecurityProperties(@DefaultValue("1h") Duration tokenTtl, BootstrapAdmin bootstrapAdmin) {

    public SecurityProperties {
        if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("vault.security.token-ttl must be a positive duration");
        }
    }

    /** The account created as ADMIN at start-up if it does not exist yet; both fields or neither. */
    public record BootstrapAdmin(String username, Path passwordFile) {
    }
}
