package org.evidencevault.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.evidencevault.crypto.BlindIndex;
import org.springframework.stereotype.Component;

/**
 * Growing delays after failed logins, kept in the store so every instance applies them ({@code login_throttle}).
 * Two counters per attempt: the account's (from any address) and the address's (for any account), each
 * keyed by a keyed hash (the login name as typed and the client address are never stored). After
 * {@code free} failures ({@link #FREE_FAILURES} for an account, {@link #ADDRESS_FREE_FAILURES} for an address,
 * which may be an office behind one NAT), each further attempt must wait {@code 2^(failures - free)} seconds
 * after the last failure: up to {@link #ACCOUNT_CAP} for an account, so an attacker can slow a person's login
 * to one attempt a minute but never lock them out; up to {@link #ADDRESS_CAP} for an address, which is what
 * stops one client from guessing at many accounts. Behind a reverse proxy the address must be the client's
 * (README, "TLS and a reverse proxy"), or every client shares the proxy's counter. A success clears the account's counter. An attempt made
 * too early is refused exactly like a wrong password (the caller answers the same, in similar time).
 */
@Component
class LoginThrottle {

    static final int FREE_FAILURES = 5;
    /** An address may be shared (an office behind one NAT): it gets more free failures than one account. */
    static final int ADDRESS_FREE_FAILURES = 20;
    static final Duration ACCOUNT_CAP = Duration.ofMinutes(1);
    static final Duration ADDRESS_CAP = Duration.ofMinutes(15);
    private static final Duration FORGET_AFTER = Duration.ofHours(24);

    private final MongoCollection<Document> counters;
    private final Clock clock;
    private final BlindIndex blindIndex;

    LoginThrottle(MongoDatabase db, Clock clock, BlindIndex blindIndex) {
        this.counters = db.getCollection("login_throttle");
        this.clock = clock;
        this.blindIndex = blindIndex;
    }

    /** Whether an attempt on {@code account} from {@code address} must wait (is refused without checking). */
    boolean throttled(String account, String address) {
        Instant now = clock.instant();
        return waiting(accountKey(account), now, FREE_FAILURES, ACCOUNT_CAP)
                || waiting(key("address", address), now, ADDRESS_FREE_FAILURES, ADDRESS_CAP);
    }

    void failed(String account, String address) {
        bump(accountKey(account));
        bump(key("address", address));
    }

    void succeeded(String account) {
        counters.deleteOne(Filters.eq("_id", accountKey(account)));
    }

    private boolean waiting(String key, Instant now, int free, Duration cap) {
        Document d = counters.find(Filters.eq("_id", key)).first();
        if (d == null) {
            return false;
        }
        int failures = d.getInteger("failures", 0);
        Instant last = d.getDate("last").toInstant();
        if (last.isBefore(now.minus(FORGET_AFTER))) {
            return false;
        }
        return failures >= free && now.isBefore(last.plus(delay(failures, free, cap)));
    }

    static Duration delay(int failures, int free, Duration cap) {
        int over = failures - free;
        if (over < 0) {
            return Duration.ZERO;
        }
        long seconds = over >= 30 ? Long.MAX_VALUE : 1L << over;
        return seconds >= cap.toSeconds() ? cap : Duration.ofSeconds(seconds);
    }

    private void bump(String key) {
        for (int attempt = 0; ; attempt++) {
            try {
                counters.findOneAndUpdate(Filters.eq("_id", key),
                        Updates.combine(Updates.inc("failures", 1), Updates.set("last", Date.from(clock.instant()))),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                return;
            } catch (com.mongodb.MongoCommandException | com.mongodb.MongoWriteException e) {
                // two first failures at once both tried to create the counter: the second one now increments it
                if (attempt > 0 || com.mongodb.ErrorCategory.fromErrorCode(e.getCode()) != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    /** A login name as typed may be anything (a mistyped password, someone's name): kept only as a keyed hash. */
    private String accountKey(String account) {
        return key("account", blindIndex.of("access.login-name", account));
    }

    private static String key(String kind, String value) {
        return kind + ":" + value;
    }
}
