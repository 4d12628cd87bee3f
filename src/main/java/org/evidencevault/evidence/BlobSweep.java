package org.evidencevault.evidence;

import java.io.IOException;
import org.evidencevault.records.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up (after the audit log's repair has applied every recorded change): a blob whose item is complete but
 * still partial (the process stopped between recording the intake and renaming the file) is finished; blobs of
 * refused items and blobs no item names (a registration that never got recorded) are removed; partial blobs of
 * items still receiving are kept, so their uploads resume.
 */
@Component
class BlobSweep {

    private static final Logger log = LoggerFactory.getLogger(BlobSweep.class);

    private final BlobStore blobs;
    private final EvidenceRecords records;

    BlobSweep(BlobStore blobs, EvidenceRecords records) {
        this.blobs = blobs;
        this.records = records;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sweep() throws IOException {
        int finished = 0;
        int removed = 0;
        for (String id : blobs.ids()) {
            try {
                StoredRecord r = records.reachable(new EvidenceId(id), x -> true).orElse(null);
                EvidenceItem.Status status = r == null ? null : EvidenceRecords.plainOf(r).status();
                if (status == EvidenceItem.Status.COMPLETE && blobs.partialOnly(id)) {
                    blobs.complete(id);
                    finished++;
                } else if (status == null || status == EvidenceItem.Status.REFUSED || status == EvidenceItem.Status.DISPOSED) {
                    blobs.delete(id);
                    removed++;
                }
            } catch (IOException | RuntimeException e) {
                // one item that fails its check (it is reported by the integrity sweep) must not stop the start
                log.warn("evidence blob {} left as it is at start-up ({})", id, e.getClass().getSimpleName());
            }
        }
        if (finished + removed > 0) {
            log.info("evidence blobs at start-up: {} finished, {} removed", finished, removed);
        }
    }
}
