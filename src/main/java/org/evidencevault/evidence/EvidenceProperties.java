package org.evidencevault.evidence;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code vault.evidence.*}: the largest file an item may have (default 8 GB), and the directory of the embedded
 * blob store (default {@code <vault.store.data-dir>/evidence}).
 */
@ConfigurationProperties("vault.evidence")
public record EvidenceProperties(@DefaultValue("8GB") DataSize maxSize, Path blobDir) {

    public EvidenceProperties {
        if (maxSize.toBytes() < 1) {
            throw new IllegalArgumentException("vault.evidence.max-size must be positive");
        }
    }
}
