package org.evidencevault.backup;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.AuditProperties;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Checkpoints;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.store.StoreHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Online backups of the embedded store. A backup is recorded in the log first ({@code store.backup}), then a signed
 * checkpoint covering that entry is made, then the store file is copied as of its last commit (writes wait meanwhile,
 * reads go on) straight into an encrypted {@link BackupFile} in {@code vault.backup.dir}. One backup at a time.
 */
@Service
public class Backups {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreHandle store;
    private final Checkpoints checkpoints;
    private final KeyRing keyRing;
    private final Audited audited;
    private final AccessPolicy access;
    private final BackupProperties props;
    private final String origin;
    private final Clock clock;

    Backups(StoreHandle store, Checkpoints checkpoints, KeyRing keyRing, Audited audited, AccessPolicy access,
            BackupProperties props, AuditProperties audit, Clock clock) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.keyRing = keyRing;
        this.audited = audited;
        this.access = access;
        this.props = props;
        this.origin = audit.origin();
        this.clock = clock;
    }

    /** A backup written: its id and file name, when, its size, the store bytes, the checkpoint's size, the writes' wait. */
    public record Result(String backupId, String file, Instant createdAt, long bytes, long storeBytes, long checkpointSize,
                         long writesWaitedMillis) {
    }

    public synchronized Result backUp(Actor actor) {
        access.require(actor, Permission.STORE_BACKUP);
        if (!store.isEmbedded()) {
            throw new BackupUnavailableException("the store is a MongoDB: back it up with mongodump --oplog (README, Backup and restore)",
                    false);
        }
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String id = "bk_" + HexFormat.of().formatHex(random);
        audited.record(actor, Action.STORE_BACKUP, List.of(new Target("backup", id)));
        Checkpoints.Signed checkpoint = checkpoints.now()
                .orElseThrow(() -> new BackupUnavailableException("no signed checkpoint could be made; nothing was written", true));
        Instant now = clock.instant();
        try {
            BackupFile.Written w = BackupFile.write(props.dir(), id, now, origin, checkpoint.size(), checkpoint.root(),
                    checkpoint.note(), keyRing, out -> store.embedded().copyTo(out));
            log.info("backup {} written: {} bytes ({} bytes of store), checkpoint size {}, writes waited {} ms", id, w.bytes(),
                    w.storeBytes(), checkpoint.size(), w.copyMillis());
            return new Result(id, w.file().getFileName().toString(), now, w.bytes(), w.storeBytes(), checkpoint.size(),
                    w.copyMillis());
        } catch (IOException e) {
            log.error("backup {} not written: {}", id, e.getClass().getSimpleName());
            throw new BackupUnavailableException("the backup could not be written to the backup directory ("
                    + e.getClass().getSimpleName() + "); nothing was kept", true);
        }
    }
}
