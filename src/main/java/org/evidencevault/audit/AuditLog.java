package org.evidencevault.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.evidencevault.common.Actor;
import org.springframework.stereotype.Component;

/**
 * Stores audit entries in {@code audit_log}. Entries hold ids, actions and outcomes: never names or
 * other plaintext of sensitive fields.
 */
@Component
class AuditLog {

    private final MongoCollection<Document> entries;
    private final Clock clock;

    AuditLog(MongoDatabase db, Clock clock) {
        this.entries = db.getCollection("audit_log");
        this.clock = clock;
    }

    String append(Actor actor, String kind, String action, List<Target> targets, String outcome, String relatesTo) {
        String id = new ObjectId().toHexString();
        Document entry = new Document("_id", id)
                .append("at", Date.from(clock.instant()))
                .append("actor", actor.username())
                .append("role", actor.primaryRole().name())
                .append("kind", kind)
                .append("action", action)
                .append("targets", targets.stream().map(t -> new Document("type", t.type()).append("id", t.id())).toList())
                .append("outcome", outcome);
        if (relatesTo != null) {
            entry.append("relatesTo", relatesTo);
        }
        entries.insertOne(entry);
        return id;
    }

    long count() {
        return entries.countDocuments();
    }
}
