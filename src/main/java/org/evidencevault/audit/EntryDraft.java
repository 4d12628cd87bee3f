package org.evidencevault.audit;

import java.util.List;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.ledger.AuditEntry;

/**
 * What a caller asks the appender to record; the appender adds seq, time, prev and the signature.
 * {@code claim} is unique across the log; {@code payload} is the stored change (changes only);
 * {@code signWith} names the key for a key-rotation entry (null: the active key).
 */
record EntryDraft(Actor actor, Action action, List<AuditEntry.Target> targets, String claim,
                  String commitment, Document payload, String signWith) {

    static EntryDraft of(Actor actor, Action action, List<AuditEntry.Target> targets, String claim) {
        return new EntryDraft(actor, action, targets, claim, null, null, null);
    }
}
