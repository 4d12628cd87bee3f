package org.evidencevault.store;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where data lives. {@code spring.mongodb.uri} (env {@code SPRING_MONGODB_URI}) selects a real MongoDB;
 * without it the embedded store runs on {@code vault.store.data-dir}.
 */
@ConfigurationProperties("vault.store")
public record StoreProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("evidence_vault") String database,
        @DefaultValue("0") int embeddedPort,
        @DefaultValue("true") boolean fsync) {
}
