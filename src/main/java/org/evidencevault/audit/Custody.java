package org.evidencevault.audit;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.evidencevault.ledger.AuditEntry;
import org.springframework.stereotype.Component;

/**
 * A record's chain of custody as it leaves the vault in an evidence package: the audit bundle of every entry about
 * the record (scope {@code incident}, the record's id; with the checkpoint's cosignatures and time-stamps), and the
 * stored changes of its CHANGE entries, whose SHA-256 are the entries' commitments. With them, a verifier who holds
 * no database ties a file's digests (clear fields of the stored record) to signed entries. The caller has authorised
 * and recorded the export; nothing here checks access.
 */
@Component
public class Custody {

    /** A CHANGE entry about the record and the BSON of its stored change (SHA-256 of these bytes = its commitment). */
    public record Change(long seq, String action, byte[] payload) {
    }

    private final AuditExport export;
    private final AuditStore store;

    Custody(AuditExport export, AuditStore store) {
        this.export = export;
        this.store = store;
    }

    /**
     * A checkpoint covering every entry so far, made now, submitted to the witnesses and time-stamped by the TSAs now
     * (each bounded by {@code vault.anchoring.timeout}; one that does not answer only means less proof); its size.
     */
    public long checkpointForPackage() {
        return export.anchoredNow();
    }

    /** The audit bundle of every entry that names {@code recordId} (and the key rotations), at the checkpoint of {@code size}. */
    public void bundle(String recordId, long size, OutputStream out) {
        export.forTargetAt(recordId, size, out);
    }

    /** The CHANGE entries about {@code recordId}, oldest first, each with its stored change if that matches its commitment. */
    public List<Change> changes(String recordId) {
        List<Change> changes = new ArrayList<>();
        for (long seq : store.seqsTargeting(recordId)) {
            Document entry = store.bySeq(seq);
            if (entry == null || !"CHANGE".equals(entry.getString("kind"))) {
                continue;
            }
            Document payload = store.payloadOf(seq);
            if (payload == null) {
                continue;
            }
            byte[] bson = Commitments.bson(payload);
            AuditEntry parsed = AuditEntry.parse(entry.getString("body").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!Commitments.of(bson).equals(parsed.commitment())) {
                continue; // never hand out a stored change the signed entry does not commit to
            }
            changes.add(new Change(seq, entry.getString("action"), bson));
        }
        return changes;
    }
}
