package org.evidencevault.incidents;

import org.evidencevault.access.AccessPolicy;
import org.bson.conversions.Bson;

import static org.evidencevault.incidents.StoredValues.time;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.StateChange;
import org.evidencevault.common.GoneException;
import org.evidencevault.crypto.BlindIndex;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/**
 * Stored defenders. Everything about who they are is sealed under a per-defender data key; the clear
 * part is the id, version, times, and keyed blind indexes of the name and of the organisation id.
 * Erasure destroys the data key and removes the sealed fields and indexes; a tombstone remains.
 */
@Component
class DefenderRecords {

    static final RecordKind KIND = new RecordKind("defender", "defenders");
    static final String NAME_INDEX = "defender.fullName";
    static final String ORGANISATION_INDEX = "defender.organisationId";

    private final SealedRecords records;
    private final BlindIndex blindIndex;

    DefenderRecords(RecordStores stores, BlindIndex blindIndex) {
        this.records = stores.of(KIND).index("nameIndex").index("organisationIndex").index(AccessPolicy.TEAM_FIELD);
        this.blindIndex = blindIndex;
    }

    /** The change that stores a new defender, sealed under a fresh data key of their own. */
    StateChange creation(Defender defender) {
        return records.creation(defender.id().value(), dek -> toDocument(defender, dek));
    }

    /** The change that replaces {@code current} (the stored version the revision is based on) with {@code revised}. */
    StateChange revision(StoredRecord current, Defender revised) {
        return records.revision(current, revised.version(), dek -> toDocument(revised, dek));
    }

    /**
     * Crypto-shredding as one recorded change: the record becomes a tombstone (no ciphertext, no indexes)
     * at the next version, conditional on the current one, and the defender's data key is destroyed.
     */
    StateChange erasure(StoredRecord current, long nextVersion, Instant erasedAt) {
        String id = current.id();
        String dek = current.header().dataKeyId();
        Document tombstone = new Document("_id", id)
                .append("version", nextVersion)
                .append("dek", dek)
                .append(AccessPolicy.TEAM_FIELD, team(current))
                .append("createdAt", current.document().getDate("createdAt"))
                .append("updatedAt", time(erasedAt))
                .append("erasedAt", time(erasedAt));
        return records.change(id, nextVersion, List.of(
                new StateChange.Put(KIND.collection(), id, nextVersion, tombstone),
                new StateChange.Shred(dek)));
    }

    /** The stored record (erased or not). */
    StoredRecord get(DefenderId id) {
        return records.get(id.value());
    }

    /** The stored record if {@code reachable} lets the caller reach it, else not found (see {@link SealedRecords#requireReachable}). */
    StoredRecord reachable(DefenderId id, java.util.function.Predicate<StoredRecord> reachable) {
        return records.requireReachable(id.value(), reachable);
    }

    /** {@code r}, unless it was erased (then 410 Gone). */
    static StoredRecord requireLive(StoredRecord r) {
        if (r.document().getDate("erasedAt") != null) {
            throw new GoneException("defender", r.document().getDate("erasedAt").toInstant());
        }
        return r;
    }

    /**
     * The plain field holding when the defender's SHARE_WITH_UN consents are active: {@code [{from, until}]}
     * (ISO dates, {@code until} exclusive or null), so that the access policy can decide without decrypting the
     * consents (which stay sealed with their notes). It reveals that a pseudonymous record consented, and when.
     */
    static final String UN_SHARING = "unSharing";

    private static List<Document> unSharingWindows(DefenderProfile p) {
        return p.consents().stream().filter(c -> c.purpose() == Consent.Purpose.SHARE_WITH_UN)
                .map(c -> new Document("from", c.grantedOn().toString())
                        .append("until", c.withdrawnOn() == null ? null : c.withdrawnOn().toString()))
                .toList();
    }

    /** Among {@code ids}, the defenders with a SHARE_WITH_UN consent active on {@code day} (each checked against the log). */
    Set<String> consentingToUn(Collection<String> ids, java.time.LocalDate day) {
        Set<String> out = new java.util.HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        String today = day.toString();
        for (StoredRecord r : records.find(Filters.in("_id", List.copyOf(ids)), Sorts.ascending("_id"), 0, Integer.MAX_VALUE)) {
            for (Document w : r.document().getList(UN_SHARING, Document.class, List.of())) {
                String from = w.getString("from");
                String until = w.getString("until");
                if (from != null && from.compareTo(today) <= 0 && (until == null || until.compareTo(today) > 0)) {
                    out.add(r.id());
                }
            }
        }
        return out;
    }

    /** The plain team of a stored defender (null for one of no team). */
    static String team(StoredRecord r) {
        return r.document().getString(AccessPolicy.TEAM_FIELD);
    }

    /** Among the defenders {@code visible} keeps (the access policy's filter), the ids of those with this name. */
    List<DefenderId> idsByName(Bson visible, String fullName) {
        return records.ids(Filters.and(visible, Filters.eq("nameIndex", blindIndex.of(NAME_INDEX, fullName))))
                .stream().map(DefenderId::new).toList();
    }

    List<StoredRecord> byOrganisation(Bson visible, Collection<OrganisationId> organisationIds, int page, int size) {
        return records.find(Filters.and(visible, Filters.in("organisationIndex", organisationIds.stream()
                .map(o -> blindIndex.of(ORGANISATION_INDEX, o.value())).toList())), Sorts.ascending("_id"), page * size, size);
    }

    List<StoredRecord> byName(Bson visible, String fullName, int page, int size) {
        return records.find(Filters.and(visible, Filters.eq("nameIndex", blindIndex.of(NAME_INDEX, fullName))),
                Sorts.ascending("_id"), page * size, size);
    }

    Set<DefenderId> liveIds(Bson visible, Collection<DefenderId> ids) {
        return records.existing(ids.stream().map(DefenderId::value).toList(), Filters.and(visible, Filters.exists("erasedAt", false)))
                .stream().map(DefenderId::new).collect(Collectors.toSet());
    }

    Defender open(StoredRecord r, AuditedRead read) {
        Document d = r.document();
        Map<String, String> s = records.open(r, read);
        DefenderProfile profile = new DefenderProfile(s.get("fullName"), OrganisationId.ofNullable(s.get("organisationId")),
                s.get("role"), s.get("country"), s.get("contact"), StoredValues.fromJsonList(s.get("consents"), StoredValues::consent));
        return new Defender(new DefenderId(r.id()), r.version(), team(r), profile,
                time(d.getDate("createdAt")), time(d.getDate("updatedAt")));
    }

    private Document toDocument(Defender defender, String dek) {
        DefenderProfile p = defender.profile();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("fullName", p.fullName());
        secret.put("organisationId", StoredValues.value(p.organisationId()));
        secret.put("role", p.role());
        secret.put("country", p.country());
        secret.put("contact", p.contact());
        secret.put("consents", StoredValues.jsonList(p.consents(), StoredValues::consent));
        Document plain = new Document(AccessPolicy.TEAM_FIELD, defender.team())
                .append(UN_SHARING, unSharingWindows(p))
                .append("nameIndex", blindIndex.of(NAME_INDEX, p.fullName()));
        if (p.organisationId() != null) {
            plain.append("organisationIndex", blindIndex.of(ORGANISATION_INDEX, p.organisationId().value()));
        }
        return records.compose(defender.id().value(), defender.version(), dek, defender.createdAt(), defender.updatedAt(),
                plain, secret);
    }
}
