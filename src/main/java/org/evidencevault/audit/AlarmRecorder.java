package org.evidencevault.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import jakarta.annotation.PostConstruct;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.ledger.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes integrity alarms outlive the process that raised them. Each new alarm becomes an entry in the log
 * ({@code integrity.alarm}, one target {@code {"type": "alarm", "id": "<scope>:<subject>[@<seq>]"}}); an
 * operator's acknowledgement is one too ({@code integrity.acknowledged}). At start the alarms raised after
 * the last acknowledgement are read back from the log (their signed entries, not a marker), and every
 * {@code vault.audit.alarm-sync-interval} each instance picks up what the others raised or acknowledged
 * (through {@code integrity_alarms}, an index of seqs, each checked against its signed entry).
 */
@Component
class AlarmRecorder implements IntegrityAlarms.Listener {

    private static final Logger log = LoggerFactory.getLogger(AlarmRecorder.class);
    static final String TARGET_TYPE = "alarm";

    private final IntegrityAlarms alarms;
    private final AuditAppender appender;
    private final AuditStore store;
    private final EntrySignatures signatures;
    private final MongoCollection<Document> shared;
    private volatile long seen = -1;

    AlarmRecorder(IntegrityAlarms alarms, AuditAppender appender, AuditStore store, EntrySignatures signatures, MongoDatabase db) {
        this.alarms = alarms;
        this.appender = appender;
        this.store = store;
        this.signatures = signatures;
        this.shared = db.getCollection("integrity_alarms");
    }

    @PostConstruct
    void listen() {
        alarms.listen(this);
    }

    @Override
    public void raised(IntegrityAlarms.Alarm alarm) {
        try {
            AppendedEntry e = appender.appendEvenIfHalted(EntryDraft.of(Actor.SYSTEM, Action.INTEGRITY_ALARM,
                    List.of(new AuditEntry.Target(TARGET_TYPE, alarm.targetId(), null)), "op/" + UUID.randomUUID()));
            share(e.seq(), "alarm");
        } catch (RuntimeException e) {
            log.error("integrity alarm could not be recorded in the log ({}); it stays raised in this instance",
                    e.getClass().getSimpleName());
        }
    }

    /** An operator acknowledged every alarm: recorded first, then cleared here (and soon on other instances). */
    long acknowledge(Actor actor) {
        AppendedEntry e = appender.appendEvenIfHalted(EntryDraft.of(actor, Action.INTEGRITY_ACKNOWLEDGED,
                List.of(new AuditEntry.Target(TARGET_TYPE, "all", null)), "op/" + UUID.randomUUID()));
        share(e.seq(), "ack");
        alarms.clear();
        seen = Math.max(seen, e.seq());
        return e.seq();
    }

    /** At start: the alarms raised after the last acknowledgement, from their signed entries. */
    void restoreFromLog() {
        long lastAck = -1;
        for (long seq : store.seqsOfAction(Action.INTEGRITY_ACKNOWLEDGED.recordedAs())) {
            if (verified(seq, Action.INTEGRITY_ACKNOWLEDGED) != null) {
                lastAck = Math.max(lastAck, seq);
            }
        }
        for (long seq : store.seqsOfAction(Action.INTEGRITY_ALARM.recordedAs())) {
            if (seq > lastAck) {
                restore(seq);
            }
        }
        seen = Math.max(lastAck, store.size() - 1);
    }

    /** Picks up the alarms and acknowledgements of other instances. */
    @Scheduled(fixedDelayString = "${vault.audit.alarm-sync-interval:30s}", initialDelayString = "${vault.audit.alarm-sync-interval:30s}")
    void sync() {
        try {
            for (Document d : shared.find(Filters.gt("_id", seen)).sort(Sorts.ascending("_id"))) {
                long seq = d.get("_id", Number.class).longValue();
                if ("ack".equals(d.getString("kind")) && verified(seq, Action.INTEGRITY_ACKNOWLEDGED) != null) {
                    alarms.clear();
                } else if ("alarm".equals(d.getString("kind"))) {
                    restore(seq);
                }
                seen = Math.max(seen, seq);
            }
        } catch (RuntimeException e) {
            log.warn("integrity alarms could not be synchronised ({})", e.getClass().getSimpleName());
        }
    }

    private void restore(long seq) {
        AuditEntry e = verified(seq, Action.INTEGRITY_ALARM);
        if (e == null || e.targets().size() != 1) {
            return;
        }
        String id = e.targets().get(0).id();
        int colon = id.indexOf(':');
        if (colon < 0) {
            return;
        }
        IntegrityAlarms.Scope scope = "log".equals(id.substring(0, colon)) ? IntegrityAlarms.Scope.LOG : IntegrityAlarms.Scope.RECORD;
        String rest = id.substring(colon + 1);
        Long about = null;
        int at = rest.lastIndexOf('@');
        if (at > 0 && rest.substring(at + 1).matches("\\d{1,18}")) {
            about = Long.parseLong(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        alarms.restore(new IntegrityAlarms.Alarm(scope, rest, about,
                "raised at seq " + seq + " and not yet acknowledged (see the log)", Instant.parse(e.time())));
    }

    private AuditEntry verified(long seq, Action action) {
        AuditEntry e = signatures.verified(store.bySeq(seq));
        return e != null && e.seq() == seq && action.recordedAs().equals(e.action()) ? e : null;
    }

    private void share(long seq, String kind) {
        try {
            shared.insertOne(new Document("_id", seq).append("kind", kind));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                log.warn("integrity alarm index not updated ({})", e.getClass().getSimpleName());
            }
        }
    }
}
