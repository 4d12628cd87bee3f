package org.evidencevault.communications;

import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Page;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.security.AccessPolicy;
import org.evidencevault.security.Permission;
import org.springframework.stereotype.Service;

/**
 * UN communications: register, revise, record replies, read, find by reference (with or without the
 * type), threads and timelines per addressee, letters awaiting a reply, citations in both directions, and
 * all-or-nothing import. Authorises first, checks the rules that need the store (duplicates, cited letters
 * exist and are earlier, cited incidents exist, public naming has consent), and runs every write and
 * every decrypting read through {@link Audited}. "Today" (for overdue letters) comes from the injected
 * {@link Clock}.
 */
/**
 * UN communications, the reads: one letter, by reference (with or without the type), threads and
 * timelines per addressee, letters awaiting a reply, citations in both directions. Every decrypting read
 * runs through {@link Audited}. "Today" (for overdue letters) comes from the injected {@link Clock}.
 */
@Service
public class CommunicationQueries {

    private final CommunicationRecords records;
    private final IncidentService incidents;
    private final Audited audited;
    private final AccessPolicy access;
    private final Clock clock;

    CommunicationQueries(CommunicationRecords records, IncidentService incidents, Audited audited, AccessPolicy access,
                         Clock clock) {
        this.records = records;
        this.incidents = incidents;
        this.audited = audited;
        this.access = access;
        this.clock = clock;
    }

    /** Today, by the injected clock (UTC): the day "overdue" is evaluated on. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public Communication get(Actor actor, String id) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Document d = raw(id);
        return audited.read(actor, "communication.read", List.of(new Target(CommunicationService.TYPE, id)), read -> records.open(d, read));
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
        return page(actor, "communication.list", addresseeFilter(addressee, addresseeName),
                CommunicationRecords.inDateOrder(), page, size);
    }

    /** The timeline of one addressee: its letters in date order (the caller shows sent and reply dates, lags). */
    public Page<Communication> timeline(Actor actor, String addressee, String addresseeName, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        if (addressee == null && addresseeName == null) {
            throw new InvalidInputException("addresseeName", "one-criterion", "give 'addresseeName' and/or 'addressee'");
        }
        return page(actor, "communication.timeline", addresseeFilter(addressee, addresseeName),
                CommunicationRecords.inDateOrder(), page, size);
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
        List<Bson> filters = new ArrayList<>(List.of(CommunicationRecords.awaitingReply(),
                addresseeFilter(addressee, addresseeName)));
        if (mandate != null) {
            filters.add(CommunicationRecords.underMandate(mandate));
        }
        if (overdue != null) {
            filters.add(overdue ? CommunicationRecords.dueBefore(today()) : CommunicationRecords.dueOnOrAfter(today()));
        }
        return page(actor, "communication.awaiting-reply", Filters.and(filters), CommunicationRecords.byDeadline(), page, size);
    }

    /** Letters citing an incident, in date order. 404 if there is no such incident. */
    public Page<Communication> citingIncident(Actor actor, String incidentId, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        if (!incidents.exists(incidentId)) {
            throw new NotFoundException("incident", incidentId);
        }
        return page(actor, "communication.citing-incident", CommunicationRecords.citingIncident(incidentId),
                CommunicationRecords.inDateOrder(), page, size);
    }

    /** Later letters citing this one, in date order. */
    public Page<Communication> citingCommunication(Actor actor, String id, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        raw(id);
        return page(actor, "communication.cited-by", CommunicationRecords.citingCommunication(id),
                CommunicationRecords.inDateOrder(), page, size);
    }

    /** The incidents a letter cites, in the letter's order, with where it cites them. */
    public Page<IncidentCitation> incidentsCitedBy(Actor actor, String id, int page, int size) {
        access.require(actor, Permission.COMMUNICATION_READ);
        Page.checkRequest(page, size);
        List<IncidentCitation> all = get(actor, id).details().citedIncidents();
        return new Page<>(all.stream().skip((long) page * size).limit(size).toList(), page, size, all.size());
    }

    private Page<Communication> page(Actor actor, String action, Bson filter, Bson sort, int page, int size) {
        List<Document> docs = records.find(filter, sort, page, size);
        long total = records.count(filter);
        List<Communication> items = audited.read(actor, action,
                docs.stream().map(d -> new Target(CommunicationService.TYPE, d.getString("_id"))).toList(),
                read -> docs.stream().map(d -> records.open(d, read)).toList());
        return new Page<>(items, page, size, total);
    }

    private Bson addresseeFilter(String addressee, String addresseeName) {
        List<Bson> filters = new ArrayList<>();
        if (addressee != null) {
            if (!Reference.isAddressee(addressee)) {
                throw new InvalidInputException("addressee", "iso-3166-alpha-3",
                        "must be an ISO 3166-1 alpha-3 State code such as MEX, or OTH");
            }
            filters.add(CommunicationRecords.addressedTo(addressee));
        }
        if (addresseeName != null) {
            if (addresseeName.isBlank()) {
                throw new InvalidInputException("addresseeName", "required", "must not be blank");
            }
            filters.add(records.addresseeNamed(addresseeName));
        }
        return filters.isEmpty() ? CommunicationRecords.all() : Filters.and(filters);
    }

    /** The stored letter with this id; 404 for an id that is not a letter key or not stored. */
    static Document raw(CommunicationRecords records, String id) {
        if (CommunicationKey.fromId(id).isEmpty()) {
            throw new NotFoundException(CommunicationService.TYPE, id);
        }
        return records.raw(id);
    }

    private Document raw(String id) {
        return raw(records, id);
    }
}
