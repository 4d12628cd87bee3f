package org.evidencevault.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fail closed, through the API of the shared vault: when the entry for a change cannot be written the
 * change does not happen, and when the entry for a read cannot be written nothing is decrypted.
 *
 * <p>The log is made unwritable without stopping the shared store: a foreign document in
 * {@code audit_log} takes either the claim the next revision needs (a claim conflict, as if another writer
 * had recorded that version) or the {@code prev} the next entry needs (so no entry can extend the chain:
 * the unique index refuses every insert and the appender, after re-reading the tail and re-chaining, gives
 * up). Its {@code _id} is negative so it is never taken for the tail. Each test removes it again, and
 * checks only its own stretch of the shared log (other tests tamper with their own records). A real
 * store outage (the store process gone) is {@link AuditStoreOutageTest}.
 */
class AuditFailClosedTest extends ApiTestSupport {

    private static final String INCIDENTS = "/api/v1/incidents";
    private static final Actor OFFICER = new Actor("officer", Set.of(Role.PROTECTION_OFFICER));

    @Autowired
    MongoDatabase db;

    @Autowired
    KeyRing keyRing;

    @Autowired
    AuditStore store;

    @Autowired
    AuditAppender appender;

    @Autowired
    Audited audited;

    private SeedCaseRequests seed;
    private String incident;
    private String title;
    private ObjectNode body;
    private Document before;
    private long mark;

    @BeforeEach
    void anIncident() throws Exception {
        mark = store.size();
        seed = new SeedCaseRequests(mvc, json);
        String defender = seed.create("/api/v1/defenders", seed.defender("Fail Closed Defender " + seed.suffix, null, null));
        title = "Fail closed incident " + seed.suffix;
        body = seed.minimalIncident(defender, title).put("contextNotes", "notes that must stay sealed " + seed.suffix);
        incident = seed.create(INCIDENTS, body);
        before = incidents().find(Filters.eq("_id", incident)).first();
    }

    @Test
    void aRevisionWhoseClaimIsAlreadyTakenIs412AndWritesNothing() throws Exception {
        Document foreign = foreignEntry().append("claim", "incident/" + incident + "@2").append("prev", "foreign-" + UUID.randomUUID());
        log().insertOne(foreign);
        try {
            long size = store.size();
            MvcResult r = mvc.perform(put(INCIDENTS + "/" + incident).with(officer()).header(HttpHeaders.IF_MATCH, "\"1\"")
                    .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body.deepCopy().put("title", "lost " + seed.suffix))))
                    .andReturn();
            assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(412);
            assertThat(store.size()).as("no entry for the refused revision").isEqualTo(size);
            assertThat(incidents().find(Filters.eq("_id", incident)).first()).as("the record is unchanged").isEqualTo(before);
        } finally {
            log().deleteOne(Filters.eq("_id", foreign.get("_id")));
        }
        assertThat(getIncident(200).path("version").asLong()).isEqualTo(1);
        AuditLogAssertions.changesApplied(db, AuditLogAssertions.verifiedChainFrom(db, keyRing, mark));
    }

    /**
     * The crash window seen by a live vault: the winner's entry is durable but its change was never
     * applied. A revision of the same version loses on the claim, and before it answers 412 the recorded
     * change is applied, so the client re-reads the winner's version.
     */
    @Test
    void aRevisionLosingToARecordedButUnappliedChangeGets412AndTheRecordedChangeIsApplied() throws Exception {
        Document recorded = new Document(before).append("version", 2L).append("status", "INCONCLUSIVE")
                .append("updatedAt", new Date());
        StateChange change = new StateChange(new Target("incident", incident), 2,
                List.of(new StateChange.Put("incidents", incident, 2, recorded)));
        Document payload = change.toPayload();
        AppendedEntry winner = appender.append(new EntryDraft(OFFICER, Action.INCIDENT_REVISE,
                List.of(new AuditEntry.Target("incident", incident, 2L)), change.claim(), Commitments.of(payload), payload, null));
        assertThat(incidents().find(Filters.eq("_id", incident)).first()).as("recorded, not applied").isEqualTo(before);
        long size = store.size();

        MvcResult r = mvc.perform(put(INCIDENTS + "/" + incident).with(officer()).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body.deepCopy().put("title", "loser " + seed.suffix))))
                .andReturn();

        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(412);
        assertThat(r.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"2\"");
        assertThat(store.size()).as("the loser wrote no entry").isEqualTo(size);
        assertThat(incidents().find(Filters.eq("_id", incident)).first()).as("the winner's change is applied").isEqualTo(recorded);
        assertThat(log().countDocuments(Filters.eq("claim", "incident/" + incident + "@2"))).isEqualTo(1);
        assertThat(store.byClaim("incident/" + incident + "@2").get("_id")).isEqualTo(winner.seq());
        var got = getIncident(200);
        assertThat(got.path("version").asLong()).isEqualTo(2);
        assertThat(got.path("status").asString()).isEqualTo("INCONCLUSIVE");
        assertThat(got.path("title").asString()).isEqualTo(title);
        AuditLogAssertions.changesApplied(db, AuditLogAssertions.verifiedChainFrom(db, keyRing, mark));
    }

    @Test
    void whenNoEntryCanBeWrittenChangesAndReadsAre503AndNothingIsChangedOrDecrypted() throws Exception {
        long size = store.size();
        String tailHash = log().find(Filters.eq("_id", size - 1)).first().getString("hash");
        Document foreign = foreignEntry().append("claim", "foreign/" + UUID.randomUUID()).append("prev", tailHash);
        log().insertOne(foreign);
        try {
            MvcResult revise = mvc.perform(put(INCIDENTS + "/" + incident).with(officer()).header(HttpHeaders.IF_MATCH, "\"1\"")
                    .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body.deepCopy().put("title", "never " + seed.suffix))))
                    .andReturn();
            assertThat(revise.getResponse().getStatus()).isEqualTo(503);
            assertThat(revise.getResponse().getContentAsString()).contains("audit-unavailable");

            MvcResult read = mvc.perform(get(INCIDENTS + "/" + incident).with(officer())).andReturn();
            assertThat(read.getResponse().getStatus()).isEqualTo(503);
            assertThat(read.getResponse().getContentAsString()).contains("audit-unavailable")
                    .doesNotContain(title).doesNotContain("notes that must stay sealed");

            AtomicBoolean decrypted = new AtomicBoolean();
            assertThatThrownBy(() -> audited.read(OFFICER, Action.INCIDENT_READ, List.of(new Target("incident", incident)), ticket -> {
                decrypted.set(true);
                return null;
            })).isInstanceOf(AuditFailureException.class);
            assertThat(decrypted).as("the read's work never ran").isFalse();

            Document revised = new Document(before).append("version", 2L).append("status", "INCONCLUSIVE");
            assertThatThrownBy(() -> audited.change(OFFICER, Action.INCIDENT_REVISE,
                    new StateChange(new Target("incident", incident), 2, List.of(new StateChange.Put("incidents", incident, 2, revised)))))
                    .isInstanceOf(AuditFailureException.class);

            assertThat(store.size()).as("no entry was written").isEqualTo(size);
            assertThat(incidents().find(Filters.eq("_id", incident)).first()).as("the record is unchanged").isEqualTo(before);
        } finally {
            log().deleteOne(Filters.eq("_id", foreign.get("_id")));
        }
        // once the log is writable again, so is the vault, and the failed attempts left no trace
        assertThat(getIncident(200).path("version").asLong()).isEqualTo(1);
        assertThat(store.byClaim("incident/" + incident + "@2")).isNull();
        AuditLogAssertions.changesApplied(db, AuditLogAssertions.verifiedChainFrom(db, keyRing, mark));
    }

    /**
     * A new record's data key is a step of its change, written only after the entry: when the append
     * fails after the change was described (data key made, fields sealed), no key is left behind.
     */
    @Test
    void whenTheAppendFailsANewRecordLeavesNoOrphanDataKey() throws Exception {
        long size = store.size();
        String tailHash = log().find(Filters.eq("_id", size - 1)).first().getString("hash");
        Document foreign = foreignEntry().append("claim", "foreign/" + UUID.randomUUID()).append("prev", tailHash);
        long keys = db.getCollection("data_keys").countDocuments();
        log().insertOne(foreign);
        try {
            for (var create : List.of(
                    post("/api/v1/organisations").content(json.writeValueAsString(seed.organisation("Orphan " + seed.suffix, null, "MEX", "NGO"))),
                    post("/api/v1/defenders").content(json.writeValueAsString(seed.defender("Orphan Defender " + seed.suffix, null, null))),
                    post(INCIDENTS).content(json.writeValueAsString(body.deepCopy().put("title", "orphan " + seed.suffix))))) {
                MvcResult r = mvc.perform(create.with(officer()).contentType(MediaType.APPLICATION_JSON)).andReturn();
                assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(503);
            }
            assertThat(store.size()).as("no entry was written").isEqualTo(size);
        } finally {
            log().deleteOne(Filters.eq("_id", foreign.get("_id")));
        }
        assertThat(db.getCollection("data_keys").countDocuments()).as("no data key without its record's entry").isEqualTo(keys);
        AuditLogAssertions.changesApplied(db, AuditLogAssertions.verifiedChainFrom(db, keyRing, mark));
    }

    @Test
    void aStaleRevisionIsRefusedWithStaleVersionBeforeAnythingIsWritten() {
        Document recorded = new Document(before).append("version", 2L).append("status", "INCONCLUSIVE");
        StateChange first = new StateChange(new Target("incident", incident), 2,
                List.of(new StateChange.Put("incidents", incident, 2, recorded)));
        audited.change(OFFICER, Action.INCIDENT_REVISE, first);
        long size = store.size();
        Document other = new Document(before).append("version", 2L).append("status", "NO_EVIDENCE");
        assertThatThrownBy(() -> audited.change(OFFICER, Action.INCIDENT_REVISE,
                new StateChange(new Target("incident", incident), 2, List.of(new StateChange.Put("incidents", incident, 2, other)))))
                .isInstanceOf(StaleVersionException.class);
        assertThat(store.size()).isEqualTo(size);
        assertThat(incidents().find(Filters.eq("_id", incident)).first()).isEqualTo(recorded);
    }

    private tools.jackson.databind.JsonNode getIncident(int status) throws Exception {
        MvcResult r = mvc.perform(get(INCIDENTS + "/" + incident).with(officer())).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return parse(r.getResponse().getContentAsString());
    }

    /** A document the appender did not write, with a negative {@code _id} so it is never read as the tail. */
    private static Document foreignEntry() {
        return new Document("_id", -1L - ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2))
                .append("kind", "CHANGE").append("action", "foreign");
    }

    private MongoCollection<Document> log() {
        return db.getCollection("audit_log");
    }

    private MongoCollection<Document> incidents() {
        return db.getCollection("incidents");
    }
}
