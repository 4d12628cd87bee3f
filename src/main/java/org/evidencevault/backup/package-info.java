/**
 * Backup and restore of the embedded store: encrypted online backups with the signed checkpoint they hold
 * ({@link org.evidencevault.backup.Backups}, {@code POST /api/v1/admin/backups}), and the file format the offline
 * {@code restore} reads ({@link org.evidencevault.backup.BackupFile}).
 */
package org.evidencevault.backup;
