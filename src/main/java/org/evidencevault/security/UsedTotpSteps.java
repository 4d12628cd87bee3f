package org.evidencevault.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * One-time codes are used once, and never an older one after a newer: each account keeps the last step
 * that logged it in ({@code totp_last_step}), and a code is accepted only for a later step. The check and
 * the update are one conditional write on one document, so two instances presented the same code at the
 * same moment let exactly one of them through. A second login within the same 30 seconds waits for the
 * next code.
 */
@Component
class UsedTotpSteps {

    private final MongoCollection<Document> last;

    UsedTotpSteps(MongoDatabase db) {
        this.last = db.getCollection("totp_last_step");
    }

    /** True if {@code step} is later than every step this account has used; it is then the last used. */
    boolean claim(String username, long step) {
        UpdateResult moved = last.updateOne(Filters.and(Filters.eq("_id", username), Filters.lt("step", step)),
                Updates.set("step", step));
        if (moved.getModifiedCount() == 1) {
            return true;
        }
        if (last.find(Filters.eq("_id", username)).first() != null) {
            return false;
        }
        try {
            last.insertOne(new Document("_id", username).append("step", step));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return claim(username, step);
            }
            throw e;
        }
    }
}
