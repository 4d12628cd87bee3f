package org.evidencevault.backup;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vault.backup.*}.
 *
 * @param dir where {@code POST /api/v1/admin/backups} writes backups (keep it off the data directory's disk, or copy the
 *            files away: a backup next to the store it backs up is lost with the disk)
 */
@ConfigurationProperties("vault.backup")
public record BackupProperties(@DefaultValue("./backups") Path dir) {
}
