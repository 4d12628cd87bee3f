package org.evidencevault.audit;

import java.util.List;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.evidencevault.common.Actor;
import org.springframework.stereotype.Service;

/**
 * The operator's side of the integrity alarms (ADMIN): what is raised, and the acknowledgement that lets
 * changes resume once the cause was dealt with (the record restored from a backup, the store replaced). The
 * acknowledgement is an entry in the log; anything still wrong is found again by the next read or sweep.
 */
@Service
public class IntegrityAdministration {

    private final IntegrityAlarms alarms;
    private final AlarmRecorder recorder;
    private final AccessPolicy access;
    private final java.nio.file.Path dataDir;

    IntegrityAdministration(IntegrityAlarms alarms, AlarmRecorder recorder, AccessPolicy access,
                            org.evidencevault.store.StoreProperties store) {
        this.alarms = alarms;
        this.recorder = recorder;
        this.access = access;
        this.dataDir = store.dataDir();
    }

    public List<IntegrityAlarms.Alarm> alarms(Actor actor) {
        access.require(actor, Permission.INTEGRITY_ADMIN);
        return alarms.current();
    }

    /** Clears every alarm (and a restore's note: its alarm is acknowledged); returns the seq of the acknowledgement entry. */
    public long acknowledge(Actor actor) {
        access.require(actor, Permission.INTEGRITY_ADMIN);
        long seq = recorder.acknowledge(actor);
        RestoredFrom.remove(dataDir);
        return seq;
    }
}
