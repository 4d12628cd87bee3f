package org.evidencevault.communications;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.StateChange;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.crypto.BlindIndex;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
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

    static final RecordKind KIND = new RecordKind("communication", "communications");
    static final String NAME_INDEX = "communication.addresseeName";

    private final SealedRecords records;
    private final BlindIndex blindIndex;

    CommunicationRecords(RecordStores stores, BlindIndex blindIndex) {
        this.records = stores.of(KIND)
                .index("addressee", "sentOn")
                .index("addresseeNameIndex")
                .index("citedIncidentIds")
                .index("citedCommunicationIds")
                .index(org.evidencevault.access.AccessPolicy.LETTER_MANDATES_FIELD)
                .index("awaitingReply", "replyDueOn");
        this.blindIndex = blindIndex;
    }

    /** The change that stores a new letter, sealed under a fresh data key. */
    StateChange creation(Communication c) {
        return records.creation(c.id(), dek -> toDocument(c, dek));
    }

    /** The change that replaces the stored version {@code current} with {@code revised}. */
    StateChange revision(StoredRecord current, Communication revised) {
        return records.revision(current, revised.version(), dek -> toDocument(revised, dek));
    }

    /** The stored letter with this key. */
    StoredRecord get(CommunicationKey key) {
        return records.get(key.id());
    }

    boolean exists(String id) {
        return records.exists(id);
    }

    /** The sent date of each stored letter among {@code ids}. No decryption. */
    Map<String, LocalDate> sentOn(Collection<String> ids) {
        Map<String, LocalDate> found = new HashMap<>();
        records.plainField(ids, "sentOn").forEach((id, v) -> found.put(id, LocalDate.parse((String) v)));
        return found;
    }

    /** As {@link #sentOn(Collection)}, for the letters among {@code visible} only (what a caller may cite). */
    Map<String, LocalDate> sentOn(Collection<String> ids, Bson visible) {
        Map<String, LocalDate> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        for (StoredRecord r : records.find(Filters.and(visible, Filters.in("_id", List.copyOf(ids))), Sorts.ascending("_id"), 0, ids.size())) {
            found.put(r.id(), LocalDate.parse(r.document().getString("sentOn")));
        }
        return found;
    }

    // ---- queries (plain fields and blind indexes only) ----------------------------------------------

    /** A page of the letters matching {@code query} among {@code visible} (the access policy's filter). */
    List<StoredRecord> find(Bson visible, LetterQuery query, LetterQuery.Order order, int page, int size) {
        return records.find(Filters.and(visible, filter(query)), sort(order), page * size, size);
    }

    long count(Bson visible, LetterQuery query) {
        return records.count(Filters.and(visible, filter(query)));
    }

    /** How many letters, of all stored (the vault's own rules, not a reader's view), match {@code query}. */
    long countAll(LetterQuery query) {
        return records.count(filter(query));
    }

    /**
     * The stored letter {@code id} if {@code reachable} lets the caller reach it; else (an id that is no letter key, an
     * unknown letter, one the caller may not reach) the same not found (see {@link SealedRecords#findReachable}).
     */
    StoredRecord requireReachable(String id, java.util.function.Predicate<StoredRecord> reachable) {
        CommunicationKey key = CommunicationKey.fromId(id).orElseThrow(() -> new NotFoundException(KIND.type()));
        return records.findReachable(key.id(), reachable).orElseThrow(() -> new NotFoundException(KIND.type(), key.id()));
    }

    /** The codes of the mandates a stored letter was sent under, as stored (before any check). */
    static List<String> mandates(StoredRecord r) {
        return r.document().getList("mandates", Document.class, List.of()).stream().map(m -> m.getString("code")).toList();
    }

    /** The ids of the incidents a stored letter cites, as stored (before any check). */
    static List<String> citedIncidents(StoredRecord r) {
        return r.document().getList("citedIncidentIds", String.class, List.of());
    }

    private Bson filter(LetterQuery query) {
        List<Bson> filters = new ArrayList<>();
        for (LetterQuery.Condition c : query.conditions()) {
            filters.add(filter(c));
        }
        return filters.isEmpty() ? new Document() : Filters.and(filters);
    }

    /** ISO dates compare as strings. */
    private Bson filter(LetterQuery.Condition c) {
        if (c instanceof LetterQuery.AddressedTo a) {
            return Filters.eq("addressee", a.addressee());
        }
        if (c instanceof LetterQuery.Named n) {
            return Filters.eq("addresseeNameIndex", blindIndex.of(NAME_INDEX, n.addresseeName()));
        }
        if (c instanceof LetterQuery.UnderMandate m) {
            return Filters.eq("mandates.code", m.code());
        }
        if (c instanceof LetterQuery.AwaitingReply) {
            return Filters.eq("awaitingReply", true);
        }
        if (c instanceof LetterQuery.DueBefore d) {
            return Filters.lt("replyDueOn", d.day().toString());
        }
        if (c instanceof LetterQuery.DueOnOrAfter d) {
            return Filters.gte("replyDueOn", d.day().toString());
        }
        if (c instanceof LetterQuery.CitingIncident i) {
            return Filters.eq("citedIncidentIds", i.incident().value());
        }
        if (c instanceof LetterQuery.CitingLetter l) {
            return Filters.eq("citedCommunicationIds", l.id());
        }
        LetterQuery.CitingLetterSentOnOrBefore l = (LetterQuery.CitingLetterSentOnOrBefore) c;
        return Filters.and(Filters.eq("citedCommunicationIds", l.id()), Filters.lte("sentOn", l.day().toString()));
    }

    private static Bson sort(LetterQuery.Order order) {
        return order == LetterQuery.Order.DEADLINE ? Sorts.ascending("replyDueOn", "_id") : Sorts.ascending("sentOn", "_id");
    }

    // ---- mapping --------------------------------------------------------------------------------------

    Communication open(StoredRecord r, AuditedRead read) {
        Document d = r.document();
        String id = r.id();
        Map<String, String> s = records.open(r, read);
        CommunicationKey key = new CommunicationKey(d.getString("addressee"), d.getInteger("number"), d.getInteger("year"));
        Reference reference = new Reference(CommunicationType.valueOf(d.getString("type")), key);

        List<String> incidentIds = d.getList("citedIncidentIds", String.class, List.of());
        List<String> incidentNotes = strings(s.get("citedIncidentNotes"));
        List<IncidentCitation> incidents = new ArrayList<>();
        for (int i = 0; i < incidentIds.size(); i++) {
            incidents.add(new IncidentCitation(new IncidentId(incidentIds.get(i)), at(incidentNotes, i)));
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
                d.getList("publiclyNamedDefenderIds", String.class, List.of()).stream().map(DefenderId::new).toList(),
                documents(s.get("redactions")).stream().map(x -> new Redaction(Redaction.Kind.valueOf(x.getString("kind")),
                        DefenderId.ofNullable(x.getString("defenderId")), x.getString("note"))).toList(),
                document(d.getString("letterSha256"), s.get("letterReference")),
                replies);
        return new Communication(id, r.version(), details, d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant());
    }

    private Document toDocument(Communication c, String dek) {
        CommunicationDetails x = c.details();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("addresseeName", x.addresseeName());
        secret.put("summary", x.summary());
        secret.put("citedIncidentNotes", json(x.citedIncidents(), IncidentCitation::note));
        secret.put("citedCommunicationNotes", json(x.citedCommunications(), CommunicationCitation::note));
        secret.put("redactions", json(x.redactions(), r -> new Document("kind", r.kind().name())
                .append("defenderId", r.defenderId() == null ? null : r.defenderId().value()).append("note", r.note())));
        secret.put("letterReference", x.letterDocument() == null ? null : x.letterDocument().reference());
        secret.put("replies", json(x.replies(), r -> new Document("from", r.from()).append("summary", r.summary())
                .append("documentReference", r.document() == null ? null : r.document().reference())));
        Document plain = new Document("reference", x.reference().printed())
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
                .append("citedIncidentIds", x.citedIncidents().stream().map(i -> i.incidentId().value()).toList())
                .append("citedCommunicationIds", x.citedCommunications().stream().map(k -> k.key().id()).toList())
                .append("publiclyNamedDefenderIds", x.publiclyNamedDefenderIds().stream().map(DefenderId::value).toList())
                .append("letterSha256", x.letterDocument() == null ? null : x.letterDocument().sha256())
                .append("replies", x.replies().stream().map(r -> new Document("receivedOn", r.receivedOn().toString())
                        .append("documentSha256", r.document() == null ? null : r.document().sha256())).toList());
        if (x.addresseeName() != null) {
            plain.append("addresseeNameIndex", blindIndex.of(NAME_INDEX, x.addresseeName()));
        }
        return records.compose(c.id(), c.version(), dek, c.createdAt(), c.updatedAt(), plain, secret);
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
