package org.evidencevault.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.evidencevault.ledger.AuditEntry;
import org.springframework.stereotype.Component;

/**
 * What the log says happened to one record, in order: each entry naming it, with its seq (which an auditor proves
 * with an inclusion proof, {@code GET /api/v1/audit/proofs/inclusion}), time, actor, role, kind and action. For a
 * capability to show a record's history (an evidence item's chain of custody) to those who may see the record:
 * the caller authorises. No payload, nothing sealed.
 */
@Component
public class RecordHistory {

    /** One event of a record's history. */
    public record Event(long seq, String time, String actor, String role, String kind, String action) {
    }

    private final AuditStore store;

    RecordHistory(AuditStore store) {
        this.store = store;
    }

    /** The entries that name {@code id} among their targets, oldest first. */
    public List<Event> of(String id) {
        List<Event> events = new ArrayList<>();
        for (long seq : store.seqsTargeting(id)) {
            Document d = store.bySeq(seq);
            if (d == null) {
                continue;
            }
            AuditEntry e = AuditEntry.parse(d.getString("body").getBytes(StandardCharsets.UTF_8));
            events.add(new Event(e.seq(), e.time(), e.actor(), e.role(), e.kind(), e.action()));
        }
        return events;
    }
}
