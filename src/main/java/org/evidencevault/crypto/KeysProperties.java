package org.evidencevault.crypto;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code vault.keys.path}: the key set file. There is no default key: without one the vault will not start. */
@ConfigurationProperties("vault.keys")
public record KeysProperties(@DefaultValue("./keys/vault-keys.json") Path path) {
}
