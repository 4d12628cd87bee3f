package org.evidencevault.communications;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.StateChange;
import org.evidencevault.audit.Target;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.crypto.BlindIndex;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.FieldSealer;
import org.evidencevault.crypto.Sealer;
import org.springframework.stereotype.Component;

/**
 * Stored letters. The document id is the letter's identity ({@code OTH-62-2023}), so one letter per
 * (addressee, number, year) holds in the store itself and in the audit log (one claim per id and version).
 * <p>Plain: reference and its parts, sent date, reply window and deadline, mandates, signatories (public
 * mandate holders), cited UN documents, parallel letters, ids of cited incidents, letters and publicly named
 * defenders, document hashes, reply dates, times, version. Sealed under the letter's own data key: the
 * addressee name, summary, citation notes, redactions, document locations, reply senders and summaries.
 * The addressee name also has a keyed blind index for exact-match threads and timelines.
 */
@Component
class CommunicationRecords {

    static final String COLLECTION = "communications";
    static final String NAME_INDEX = "communication.addresseeName";

    /** The clear part needed to accept a revision. */
    record Header(String id, long version, Instant createdAt, String dek) {
    }

    private final MongoCollection<Document> collection;
    private final FieldSealer sealed;
    private final DataKeys dataKeys;
    private final BlindIndex blindIndex;

    CommunicationRecords(MongoDatabase db, Sealer sealer, DataKeys dataKeys, BlindIndex blindIndex) {
        this.collection = db.getCollection(COLLECTION);
        this.sealed = new FieldSealer(sealer, COLLECTION);
        this.dataKeys = dataKeys;
        this.blindIndex = blindIndex;
        collection.createIndex(Indexes.ascending("addressee", "sentOn"));
        collection.createIndex(Indexes.ascending("addresseeNameIndex"));
        collection.createIndex(Indexes.ascending("citedIncidentIds"));
        collection.createIndex(Indexes.ascending("citedCommunicationIds"));
        collection.createIndex(Indexes.ascending("awaitingReply", "replyDueOn"));
    }

    /** The change that stores a new letter, sealed under a fresh data key. */
    StateChange insert(Communication c) {
        String dek = dataKeys.create(COLLECTION + "/" + c.id());
        return StateChange.put(new Target(CommunicationService.TYPE, c.id()), COLLECTION, 1, toDocument(c, dek));
    }

    /** The change that replaces the stored version {@code current} with {@code revised}. */
    StateChange replace(Header current, Communication revised) {
        return StateChange.put(new Target(CommunicationService.TYPE, revised.id()), COLLECTION, revised.version(),
                toDocument(revised, current.dek()));
    }

    Document raw(String id) {
        Document d = collection.find(Filters.eq("_id", id)).first();
        if (d == null) {
            throw new NotFoundException(CommunicationService.TYPE, id);
        }
        return d;
    }

    static Header header(Document d) {
        Date created = d.getDate("createdAt");
        return new Header(d.getString("_id"), d.get("version", Number.class).longValue(),
                created == null ? null : created.toInstant(), d.getString("dek"));
    }

    boolean exists(String id) {
        return collection.countDocuments(Filters.eq("_id", id)) > 0;
    }

    /** The sent date of each stored letter among {@code ids}. No decryption. */
    Map<String, LocalDate> sentOn(Collection<String> ids) {
        Map<String, LocalDate> found = new HashMap<>();
        collection.find(Filters.in("_id", ids)).projection(new Document("sentOn", 1))
                .forEach(d -> found.put(d.getString("_id"), LocalDate.parse(d.getString("sentOn"))));
        return found;
    }

    List<Document> find(Bson filter, Bson sort, int page, int size) {
        return collection.find(filter).sort(sort).skip(page * size).limit(size).into(new ArrayList<>());
    }

    long count(Bson filter) {
        return collection.countDocuments(filter);
    }

    // ---- filters (plain fields and blind indexes only) ----------------------------------------------

    static Bson all() {
        return new Document();
    }

    static Bson addressedTo(String addressee) {
        return Filters.eq("addressee", addressee);
    }

    Bson addresseeNamed(String name) {
        return Filters.eq("addresseeNameIndex", blindIndex.of(NAME_INDEX, name));
    }

    static Bson underMandate(String code) {
        return Filters.eq("mandates.code", code);
    }

    static Bson awaitingReply() {
        return Filters.eq("awaitingReply", true);
    }

    /** Awaiting a reply whose deadline passed before {@code today} (ISO dates compare as strings). */
    static Bson dueBefore(LocalDate today) {
        return Filters.lt("replyDueOn", today.toString());
    }

    static Bson dueOnOrAfter(LocalDate today) {
        return Filters.gte("replyDueOn", today.toString());
    }

    static Bson citingIncident(String incidentId) {
        return Filters.eq("citedIncidentIds", incidentId);
    }

    static Bson citingCommunication(String id) {
        return Filters.eq("citedCommunicationIds", id);
    }

    static Bson inDateOrder() {
        return Sorts.ascending("sentOn", "_id");
    }

    static Bson byDeadline() {
        return Sorts.ascending("replyDueOn", "_id");
    }

    // ---- mapping --------------------------------------------------------------------------------------

    Communication open(Document d, AuditedRead read) {
        read.check();
        String id = d.getString("_id");
        Map<String, String> s = sealed.open(d.get("sealed", Document.class), id);
        CommunicationKey key = new CommunicationKey(d.getString("addressee"), d.getInteger("number"), d.getInteger("year"));
        Reference reference = new Reference(CommunicationType.valueOf(d.getString("type")), key);

        List<String> incidentIds = d.getList("citedIncidentIds", String.class, List.of());
        List<String> incidentNotes = strings(s.get("citedIncidentNotes"));
        List<IncidentCitation> incidents = new ArrayList<>();
        for (int i = 0; i < incidentIds.size(); i++) {
            incidents.add(new IncidentCitation(incidentIds.get(i), at(incidentNotes, i)));
        }
        List<String> letterIds = d.getList("citedCommunicationIds", String.class, List.of());
        List<String> letterNotes = strings(s.get("citedCommunicationNotes"));
        List<CommunicationCitation> letters = new ArrayList<>();
        for (int i = 0; i < letterIds.size(); i++) {
            letters.add(new CommunicationCitation(CommunicationKey.fromId(letterIds.get(i)).orElseThrow(), at(letterNotes, i)));
        }
        List<Document> plainReplies = d.getList("replies", Document.class, List.of());
        List<Document> sealedReplies = documents(s.get("replies"));
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < plainReplies.size(); i++) {
            Document p = plainReplies.get(i);
            Document x = i < sealedReplies.size() ? sealedReplies.get(i) : new Document();
            replies.add(new Reply(LocalDate.parse(p.getString("receivedOn")), x.getString("from"), x.getString("summary"),
                    document(p.getString("documentSha256"), x.getString("documentReference"))));
        }
        CommunicationDetails details = new CommunicationDetails(
                reference,
                s.get("addresseeName"),
                LocalDate.parse(d.getString("sentOn")),
                d.getInteger("replyWindowDays"),
                d.getList("mandates", Document.class, List.of()).stream()
                        .map(m -> new Mandate(m.getString("code"), m.getString("hrcResolution"))).toList(),
                d.getList("signatories", Document.class, List.of()).stream()
                        .map(x -> new Signatory(x.getString("name"), x.getString("title"))).toList(),
                s.get("summary"),
                d.getList("citedDocuments", String.class, List.of()),
                d.getList("parallelLetters", Document.class, List.of()).stream().map(CommunicationRecords::parallel).toList(),
                incidents,
                letters,
                d.getList("publiclyNamedDefenderIds", String.class, List.of()),
                documents(s.get("redactions")).stream().map(r -> new Redaction(Redaction.Kind.valueOf(r.getString("kind")),
                        r.getString("defenderId"), r.getString("note"))).toList(),
                document(d.getString("letterSha256"), s.get("letterReference")),
                replies);
        return new Communication(id, d.get("version", Number.class).longValue(), details,
                d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant());
    }

    private Document toDocument(Communication c, String dek) {
        CommunicationDetails x = c.details();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("addresseeName", x.addresseeName());
        secret.put("summary", x.summary());
        secret.put("citedIncidentNotes", json(x.citedIncidents(), IncidentCitation::note));
        secret.put("citedCommunicationNotes", json(x.citedCommunications(), CommunicationCitation::note));
        secret.put("redactions", json(x.redactions(), r -> new Document("kind", r.kind().name())
                .append("defenderId", r.defenderId()).append("note", r.note())));
        secret.put("letterReference", x.letterDocument() == null ? null : x.letterDocument().reference());
        secret.put("replies", json(x.replies(), r -> new Document("from", r.from()).append("summary", r.summary())
                .append("documentReference", r.document() == null ? null : r.document().reference())));
        Document doc = new Document("_id", c.id())
                .append("version", c.version())
                .append("dek", dek)
                .append("reference", x.reference().printed())
                .append("type", x.reference().type().name())
                .append("addressee", x.key().addressee())
                .append("number", x.key().number())
                .append("year", x.key().year())
                .append("sentOn", x.sentOn().toString())
                .append("replyWindowDays", x.replyWindowDays())
                .append("replyDueOn", x.replyDueOn().toString())
                .append("awaitingReply", x.awaitingReply())
                .append("mandates", x.mandates().stream().map(m -> new Document("code", m.code())
                        .append("hrcResolution", m.hrcResolution())).toList())
                .append("signatories", x.signatories().stream().map(s -> new Document("name", s.name())
                        .append("title", s.title())).toList())
                .append("citedDocuments", x.citedDocuments())
                .append("parallelLetters", x.parallelLetters().stream().map(p -> new Document("addressee", p.addressee())
                        .append("reference", p.reference() == null ? null : p.reference().printed())).toList())
                .append("citedIncidentIds", x.citedIncidents().stream().map(IncidentCitation::incidentId).toList())
                .append("citedCommunicationIds", x.citedCommunications().stream().map(k -> k.key().id()).toList())
                .append("publiclyNamedDefenderIds", x.publiclyNamedDefenderIds())
                .append("letterSha256", x.letterDocument() == null ? null : x.letterDocument().sha256())
                .append("replies", x.replies().stream().map(r -> new Document("receivedOn", r.receivedOn().toString())
                        .append("documentSha256", r.document() == null ? null : r.document().sha256())).toList())
                .append("createdAt", Date.from(c.createdAt()))
                .append("updatedAt", Date.from(c.updatedAt()))
                .append("sealed", sealed.seal(dek, c.id(), secret));
        if (x.addresseeName() != null) {
            doc.append("addresseeNameIndex", blindIndex.of(NAME_INDEX, x.addresseeName()));
        }
        return doc;
    }

    private static ParallelLetter parallel(Document p) {
        String ref = p.getString("reference");
        return new ParallelLetter(p.getString("addressee"), ref == null ? null : Reference.parse(ref, "reference"));
    }

    private static DocumentRef document(String sha256, String reference) {
        return sha256 == null ? null : new DocumentRef(sha256, reference);
    }

    /** A list as one JSON text, {@code {"v": [...]}}, sealed as one field; null when empty. */
    private static <T> String json(List<T> items, Function<T, Object> map) {
        if (items.isEmpty()) {
            return null;
        }
        List<Object> values = new ArrayList<>();
        items.forEach(i -> values.add(map.apply(i)));
        return new Document("v", values).toJson();
    }

    private static List<String> strings(String json) {
        if (json == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Document.parse(json).getList("v", Object.class).forEach(o -> out.add((String) o));
        return out;
    }

    private static List<Document> documents(String json) {
        return json == null ? List.of() : Document.parse(json).getList("v", Document.class);
    }

    private static String at(List<String> list, int i) {
        return i < list.size() ? list.get(i) : null;
    }
}
