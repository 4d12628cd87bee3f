package org.evidencevault.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.common.Actor;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.crypto.Digests;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/**
 * Every logged-in browser session, in the store, so any instance can list, check and end it: a session
 * record ({@code sessions}; its id is public, the HTTP session id only as a hash) is opened when the second
 * factor succeeds and closed at logout or by its owner; both are recorded changes. A session stays valid
 * only while its record is open, its account's security stamp is the one it was opened with (a password
 * change, a reset, a disabled account or new roles end it), it was used within the idle timeout and is
 * younger than the absolute one. Last use is kept apart ({@code session_activity}, written at most once a
 * minute): it is not something to audit.
 */
@Component
public class SessionRegistry {

    static final RecordKind KIND = new RecordKind("session", "sessions");
    static final String ATTRIBUTE = "evidence-vault.session";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A session as its owner sees it. */
    public record SessionView(String id, Instant createdAt, Instant lastSeenAt, List<String> factors, boolean current) {
    }

    private final SealedRecords sessions;
    private final MongoCollection<Document> activity;
    private final Audited audited;
    private final Clock clock;
    private final SecurityProperties props;
    private final SecureRandom random = new SecureRandom();

    SessionRegistry(RecordStores stores, MongoDatabase db, Audited audited, Clock clock, SecurityProperties props) {
        this.sessions = stores.of(KIND).uniqueIndex("session_sid", "sid").index("username");
        this.activity = db.getCollection("session_activity");
        this.audited = audited;
        this.clock = clock;
        this.props = props;
    }

    /** Opens the record of a session that just passed its second factor (call after its id changed). */
    void open(HttpSession session, Account account, List<String> factors) {
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        Instant now = clock.instant();
        Document plain = new Document("sid", Digests.sha256Hex(session.getId()))
                .append("username", account.username())
                .append("stamp", account.stamp())
                .append("factors", factors);
        Actor actor = new Actor(account.username(), account.roles());
        audited.change(actor, Action.SESSION_OPEN, sessions.plainCreation(id, sessions.compose(id, 1, null, now, now, plain, java.util.Map.of())));
        activity.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("lastSeen", Date.from(now)), new ReplaceOptions().upsert(true));
        session.setAttribute(ATTRIBUTE, id);
    }

    /** Whether this HTTP session is still a valid session of {@code account}; refreshes its last use. */
    boolean valid(HttpSession session, Account account) {
        Optional<StoredRecord> r = recordOf(session);
        if (r.isEmpty() || r.get().document().get("closedAt") != null) {
            return false;
        }
        Document d = r.get().document();
        if (!account.username().equals(d.getString("username")) || account.stamp() != d.get("stamp", Number.class).longValue()
                || !account.active()) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isAfter(r.get().header().createdAt().plus(props.sessionAbsoluteTimeout()))) {
            return false;
        }
        Document seen = activity.find(Filters.eq("_id", r.get().id())).first();
        Instant lastSeen = seen == null ? r.get().header().createdAt() : seen.getDate("lastSeen").toInstant();
        if (now.isAfter(lastSeen.plus(props.sessionIdleTimeout()))) {
            return false;
        }
        if (now.isAfter(lastSeen.plus(touchEvery()))) {
            activity.replaceOne(Filters.eq("_id", r.get().id()), new Document("_id", r.get().id()).append("lastSeen", Date.from(now)),
                    new ReplaceOptions().upsert(true));
        }
        return true;
    }

    /** Closes the session's record (logout). */
    void close(HttpSession session, Actor actor) {
        recordOf(session).filter(r -> r.document().get("closedAt") == null).ifPresent(r -> close(actor, r));
    }

    /** The open sessions of an account (with its current stamp), newest first. */
    public List<SessionView> list(Account account, String currentId) {
        return sessions.find(Filters.and(Filters.eq("username", account.username()), Filters.exists("closedAt", false),
                        Filters.eq("stamp", account.stamp())), new Document("createdAt", -1), 0, 200).stream()
                .filter(r -> clock.instant().isBefore(r.header().createdAt().plus(props.sessionAbsoluteTimeout())))
                .map(r -> {
                    Document seen = activity.find(Filters.eq("_id", r.id())).first();
                    return new SessionView(r.id(), r.header().createdAt(), seen == null ? null : seen.getDate("lastSeen").toInstant(),
                            r.document().getList("factors", String.class, List.of()), r.id().equals(currentId));
                }).toList();
    }

    /** Ends one of the actor's own sessions. */
    public void end(Actor actor, String id) {
        StoredRecord r = sessions.findTrusted(id).filter(x -> x.document().get("closedAt") == null)
                .filter(x -> actor.username().equals(x.document().getString("username")))
                .orElseThrow(() -> new NotFoundException("session"));
        close(actor, r);
    }

    /** Last use is written at most once a minute, and often enough that an active session never looks idle. */
    private Duration touchEvery() {
        Duration quarter = props.sessionIdleTimeout().dividedBy(4);
        return quarter.compareTo(TOUCH_EVERY) < 0 ? quarter : TOUCH_EVERY;
    }

    static String currentId(HttpSession session) {
        return session == null ? null : (String) session.getAttribute(ATTRIBUTE);
    }

    private Optional<StoredRecord> recordOf(HttpSession session) {
        String id = currentId(session);
        if (id == null) {
            return Optional.empty();
        }
        return sessions.findTrusted(id).filter(r -> Digests.sha256Hex(session.getId()).equals(r.document().getString("sid")));
    }

    private void close(Actor actor, StoredRecord r) {
        long next = r.version() + 1;
        Instant now = r.header().revisedAt(clock.instant());
        Document plain = new Document(r.document());
        for (String header : List.of("_id", "version", "createdAt", "updatedAt")) {
            plain.remove(header);
        }
        plain.append("closedAt", Date.from(now));
        audited.change(actor, Action.SESSION_CLOSE, sessions.revision(r, next, dek -> sessions.composeKeepingSealed(r, next, now, plain)));
    }
}
