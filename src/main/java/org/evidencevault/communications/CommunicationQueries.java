package org.evidencevault.communications;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.bson.conversions.Bson;
import org.evidencevault.common.Role;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Page;
import org.evidencevault.evidence.EvidenceKind;
import org.evidencevault.evidence.EvidenceService;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.records.StoredRecord;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.springframework.stereotype.Service;

/**
 * UN communications, the reads: one letter, by reference (with or without the type), threads and
 * timelines per addressee, letters awaiting a reply, citations in both directions. Every decrypting read
 * runs through {@link Audited}. "Today" (for overdue letters) comes from the injected {@link Clock}.
 */
@Service
public class CommunicationQueries {

    private final CommunicationRecords records;
    private final IncidentService incidents;
    private final EvidenceService evidence;
    private final Audited audited;
    private final AccessPolicy access;
    private final Clock clock;

    CommunicationQueries(CommunicationRecords records, IncidentService incidents, EvidenceService evidence, Audited audited,
                         AccessPolicy access, Clock clock) {
        this.records = records;
        this.incidents = incidents;
        this.evidence = evidence;
        this.audited = audited;
        this.access = access;
        this.clock = clock;
    }

    /** Today, by the injected clock (UTC): the day "overdue" is evaluated on. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** The letter with this id ({@code OTH-62-2023}); 404 for anything that is not a stored letter's id. */
    public Communication get(Actor actor, String id) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Set<String> reach = reach(actor);
        StoredRecord r = reachable(actor, id, reach);
        return audited.read(actor, Action.COMMUNICATION_READ, List.of(target(id)), read -> shown(records.open(r, read), reach));
    }

    /** By reference as printed ({@code AL OTH 211/2021}) or as cited ({@code OTH 211/2021}): the same letter. */
    public Communication byReference(Actor actor, String reference) {
        access.require(actor, Permission.COMMUNICATION_READ);
        return get(actor, Reference.parseKey(reference, "ref").id());
    }

    /**
     * Letters in date order (oldest first): all of them, or the thread of one addressee, by code
     * ({@code MEX}, {@code OTH}) and/or by exact name (normalised; blind index, no decryption to search).
     */
    public Page<Communication> list(Actor actor, String addressee, String addresseeName, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        return page(actor, Action.COMMUNICATION_LIST, addressee(addressee, addresseeName), LetterQuery.Order.SENT_DATE, page, size);
    }

    /** The timeline of one addressee: its letters in date order (the caller shows sent and reply dates, lags). */
    public Page<Communication> timeline(Actor actor, String addressee, String addresseeName, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        if (addressee == null && addresseeName == null) {
            throw new InvalidInputException("addresseeName", "one-criterion", "give 'addresseeName' and/or 'addressee'");
        }
        return page(actor, Action.COMMUNICATION_TIMELINE, addressee(addressee, addresseeName), LetterQuery.Order.SENT_DATE,
                page, size);
    }

    /**
     * Letters without a reply, by deadline (most overdue first), optionally for one addressee and/or
     * mandate; {@code overdue} true keeps those whose deadline passed before today, false those still
     * within it, null both.
     */
    public Page<Communication> awaitingReply(Actor actor, String addressee, String addresseeName, String mandate,
                                             Boolean overdue, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        LetterQuery query = addressee(addressee, addresseeName).and(new LetterQuery.AwaitingReply());
        if (mandate != null) {
            query = query.and(new LetterQuery.UnderMandate(mandate));
        }
        if (overdue != null) {
            query = query.and(overdue ? new LetterQuery.DueBefore(today()) : new LetterQuery.DueOnOrAfter(today()));
        }
        return page(actor, Action.COMMUNICATION_AWAITING_REPLY, query, LetterQuery.Order.DEADLINE, page, size);
    }

    /** Letters citing an incident, in date order. 404 if there is no such incident. */
    public Page<Communication> citingIncident(Actor actor, IncidentId incidentId, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        if (!incidents.reachable(actor, incidentId)) {
            // one of another team is answered as one that does not exist
            throw new NotFoundException("incident", incidentId.wellFormed() ? incidentId.value() : null);
        }
        return page(actor, Action.COMMUNICATION_CITING_INCIDENT, LetterQuery.all().and(new LetterQuery.CitingIncident(incidentId)),
                LetterQuery.Order.SENT_DATE, page, size);
    }

    /** Later letters citing this one, in date order. */
    public Page<Communication> citingCommunication(Actor actor, String id, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        reachable(actor, id, reach(actor));
        return page(actor, Action.COMMUNICATION_CITED_BY, LetterQuery.all().and(new LetterQuery.CitingLetter(id)),
                LetterQuery.Order.SENT_DATE, page, size);
    }

    /** A document a letter pins by SHA-256 (the letter's own, or a reply's), and the evidence items that hold it. */
    public record PinnedDocument(String role, Integer reply, String sha256, String reference, List<String> evidenceIds) {
    }

    /**
     * The documents a letter pins (the letter, then each reply's, in order) with the evidence items of kind UN letter
     * or UN reply that hold exactly those bytes, among those the actor may see.
     */
    public List<PinnedDocument> documents(Actor actor, String id) {
        CommunicationDetails d = get(actor, id).details();
        List<PinnedDocument> out = new java.util.ArrayList<>();
        if (d.letterDocument() != null) {
            out.add(new PinnedDocument("letter", null, d.letterDocument().sha256(), d.letterDocument().reference(),
                    evidence.resolve(actor, d.letterDocument().sha256(), List.of(EvidenceKind.UN_LETTER))));
        }
        List<Reply> replies = d.repliesInOrder();
        for (int i = 0; i < replies.size(); i++) {
            DocumentRef doc = replies.get(i).document();
            if (doc != null) {
                out.add(new PinnedDocument("reply", i, doc.sha256(), doc.reference(),
                        evidence.resolve(actor, doc.sha256(), List.of(EvidenceKind.UN_REPLY))));
            }
        }
        return out;
    }

    /** The incidents a letter cites, in the letter's order, with where it cites them. */
    public Page<IncidentCitation> incidentsCitedBy(Actor actor, String id, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        List<IncidentCitation> all = get(actor, id).details().citedIncidents();
        return new Page<>(all.stream().skip((long) page * size).limit(size).toList(), page, size, all.size());
    }

    private Page<Communication> page(Actor actor, Action action, LetterQuery query, LetterQuery.Order order, int page, int size) {
        Set<String> reach = reach(actor);
        Bson visible = access.letterFilter(actor, reach == null ? Set.of() : reach);
        List<StoredRecord> found = records.find(visible, query, order, page, size);
        long total = records.count(visible, query);
        List<Communication> items = audited.read(actor, action, found.stream().map(r -> target(r.id())).toList(),
                read -> found.stream().map(r -> shown(records.open(r, read), reach)).toList());
        return new Page<>(items, page, size, total);
    }

    /**
     * The incidents {@code actor} may reach, once per request (null for the vault itself, which reaches all): which
     * letters an officer sees, and which of a letter's cited incidents anyone is shown.
     */
    private Set<String> reach(Actor actor) {
        return actor.has(Role.SYSTEM) ? null : incidents.reachableIds(actor);
    }

    /**
     * The stored letter {@code id} if the actor may see it: a rapporteur of one of its mandates, an officer who may
     * reach an incident it cites; else not found, the same answer (and cost) as for a letter never recorded.
     */
    StoredRecord reachable(Actor actor, String id, Set<String> reach) {
        return records.requireReachable(id, r -> access.mayReachLetter(actor, CommunicationRecords.mandates(r),
                CommunicationRecords.citedIncidents(r), inc -> reach == null || reach.contains(inc)));
    }

    /** The letter as the actor is shown it: only the cited incidents it may reach (others would tell that they exist). */
    private static Communication shown(Communication c, Set<String> reach) {
        if (reach == null || c.details().citedIncidents().stream().allMatch(i -> reach.contains(i.incidentId().value()))) {
            return c;
        }
        return new Communication(c.id(), c.version(), c.details().citingOnly(i -> reach.contains(i.value())), c.createdAt(),
                c.updatedAt());
    }

    private static LetterQuery addressee(String addressee, String addresseeName) {
        LetterQuery query = LetterQuery.all();
        if (addressee != null) {
            if (!Reference.isAddressee(addressee)) {
                throw new InvalidInputException("addressee", "iso-3166-alpha-3",
                        "must be an ISO 3166-1 alpha-3 State code such as MEX, or OTH");
            }
            query = query.and(new LetterQuery.AddressedTo(addressee));
        }
        if (addresseeName != null) {
            if (addresseeName.isBlank()) {
                throw new InvalidInputException("addresseeName", "required", "must not be blank");
            }
            query = query.and(new LetterQuery.Named(addresseeName));
        }
        return query;
    }

    /** The stored letter with this id; 404 for an id that is not a letter key or not stored (the vault's own lookups). */
    static StoredRecord stored(CommunicationRecords records, String id) {
        return records.get(CommunicationKey.fromId(id).orElseThrow(() -> new NotFoundException(CommunicationRecords.KIND.type())));
    }

    static Target target(String id) {
        return new Target(CommunicationRecords.KIND.type(), id);
    }
}
