package org.evidencevault.communications;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.GoneException;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.records.StoredRecord;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.springframework.stereotype.Service;

/**
 * UN communications, the writes: register, revise, record replies and all-or-nothing import. Authorises
 * first, checks the rules that need the store (duplicates, cited letters exist and are earlier, cited
 * incidents exist, public naming has consent), and runs every change through {@link Audited}. Reads and
 * the rapporteurs' views are in {@link CommunicationQueries}.
 */
@Service
public class CommunicationService {

    public static final int MAX_IMPORT = 500;

    private final CommunicationRecords records;
    private final IncidentService incidents;
    private final DefenderService defenders;
    private final Audited audited;
    private final AccessPolicy access;
    private final Clock clock;

    CommunicationService(CommunicationRecords records, IncidentService incidents, DefenderService defenders,
                         Audited audited, AccessPolicy access, Clock clock) {
        this.records = records;
        this.incidents = incidents;
        this.defenders = defenders;
        this.audited = audited;
        this.access = access;
        this.clock = clock;
    }

    /** Now, to the millisecond: what the store keeps, so a write's response equals later reads. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- writes ---------------------------------------------------------------------------------------

    public Communication register(Actor actor, CommunicationDetails details) {
        access.require(actor, Permission.COMMUNICATION_WRITE);
        List<RuleViolation> violations = new ArrayList<>();
        if (records.exists(details.key().id())) {
            violations.add(duplicate());
        }
        violations.addAll(mandateRule(actor, details));
        violations.addAll(storeRules(actor, details, Map.of()));
        throwIfAny(violations);
        Communication c = Communication.register(details, now());
        return insert(actor, Action.COMMUNICATION_REGISTER, c);
    }

    /** Replaces a letter's details (same identity: the reference may change its type, not its key). */
    public Communication revise(Actor actor, String id, long expectedVersion, CommunicationDetails details) {
        access.require(actor, Permission.COMMUNICATION_WRITE);
        StoredRecord current = writable(actor, id);
        Communication revised = Communication.revision(current.header(), expectedVersion, details, now());
        List<RuleViolation> violations = new ArrayList<>();
        if (!details.key().id().equals(id)) {
            violations.add(new RuleViolation("reference", "reference-immutable",
                    "must keep the letter's addressee, number and year; register a new letter instead"));
        }
        violations.addAll(mandateRule(actor, details));
        violations.addAll(storeRules(actor, details, Map.of()));
        violations.addAll(citedByLaterOnly(id, details.sentOn()));
        throwIfAny(violations);
        audited.change(actor, Action.COMMUNICATION_REVISE, records.revision(current, revised));
        return revised;
    }

    /** Records a reply. A late reply is recorded and flagged; one dated before the letter is refused. */
    public Communication addReply(Actor actor, String id, long expectedVersion, Reply reply) {
        access.require(actor, Permission.COMMUNICATION_WRITE);
        StoredRecord current = writable(actor, id);
        current.header().nextVersion(expectedVersion);
        CommunicationDetails details = audited.read(actor, Action.COMMUNICATION_READ, List.of(CommunicationQueries.target(id)),
                read -> records.open(current, read).details());
        CommunicationDetails withReply;
        try {
            withReply = details.withReply(reply);
        } catch (InvalidInputException e) {
            // the only rule a new reply can break is its date; report it on the request's own field
            throw new InvalidInputException(e.violations().stream().map(v -> v.field().startsWith("replies[")
                    ? new RuleViolation(v.field().replaceFirst("^replies\\[\\d+]\\.", ""), v.rule(), v.message()) : v).toList());
        }
        Communication revised = Communication.revision(current.header(), expectedVersion, withReply, now());
        audited.change(actor, Action.COMMUNICATION_REPLY, records.revision(current, revised));
        return revised;
    }

    /**
     * All-or-nothing import. Every record is validated in full first (its own rules, duplicates against the
     * store and within the batch, citations of letters in the store or earlier in the same batch, cited
     * incidents, public-naming consents); one bad record rejects the whole batch and nothing is written.
     *
     * <p>Only then is the batch written, one audited change per letter, in sent-date order so that every
     * letter a record cites is written before it. The store has no multi-document transactions: each
     * letter's change is recorded in the audit log first and then applied (and re-applied by repair at the
     * next start if the process died in between). So a crash, or a letter registered concurrently by someone
     * else, can stop the batch part way: what is stored is then a prefix of the batch in that order, every
     * stored letter complete and its citations resolvable. Re-submitting the batch reports the stored prefix
     * as {@code duplicate}; submit the rest.
     */
    public List<Communication> importBatch(Actor actor, List<CommunicationDetails> batch) {
        access.require(actor, Permission.COMMUNICATION_WRITE);
        new Checks()
                .requirePresent(batch, "communications")
                .require(batch == null || batch.size() <= MAX_IMPORT, "communications", "max-items", "at most " + MAX_IMPORT)
                .throwIfAny();
        Map<String, LocalDate> inBatch = new HashMap<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        List<RuleViolation> violations = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            CommunicationDetails d = batch.get(i);
            if (d == null) {
                violations.add(new RuleViolation("communications[" + i + "]", "required", "is required"));
                continue;
            }
            String id = d.key().id();
            if (firstIndex.putIfAbsent(id, i) != null) {
                violations.add(duplicate().under("communications[" + i + "]"));
            } else {
                inBatch.put(id, d.sentOn());
            }
        }
        Set<String> stored = new HashSet<>(records.sentOn(inBatch.keySet()).keySet());
        for (int i = 0; i < batch.size(); i++) {
            CommunicationDetails d = batch.get(i);
            if (d == null) {
                continue;
            }
            if (stored.contains(d.key().id()) && firstIndex.get(d.key().id()) == i) {
                violations.add(duplicate().under("communications[" + i + "]"));
            }
            violations.addAll(RuleViolation.under("communications[" + i + "]", mandateRule(actor, d)));
            violations.addAll(RuleViolation.under("communications[" + i + "]", storeRules(actor, d, inBatch)));
        }
        throwIfAny(violations);

        List<CommunicationDetails> ordered = batch.stream()
                .sorted(Comparator.comparing(CommunicationDetails::sentOn).thenComparing(d -> d.key().id())).toList();
        List<Communication> written = new ArrayList<>();
        for (CommunicationDetails d : ordered) {
            written.add(insert(actor, Action.COMMUNICATION_IMPORT, Communication.register(d, now())));
        }
        return written;
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** A rapporteur records letters of the mandates they serve only. */
    private List<RuleViolation> mandateRule(Actor actor, CommunicationDetails d) {
        List<String> codes = d.mandates().stream().filter(java.util.Objects::nonNull).map(Mandate::code).toList();
        if (access.mayRecordLetter(actor, codes)) {
            return List.of();
        }
        return List.of(new RuleViolation("mandates", "not-your-mandate", "must include a mandate you serve"));
    }

    /** The stored letter if the actor may change it (a rapporteur of one of its mandates); else not found, as for an unknown one. */
    private StoredRecord writable(Actor actor, String id) {
        return records.requireReachable(id, r -> access.mayRecordLetter(actor, CommunicationRecords.mandates(r)));
    }

    private Communication insert(Actor actor, Action action, Communication c) {
        try {
            audited.change(actor, action, records.creation(c));
            return c;
        } catch (StaleVersionException e) {
            // someone recorded version 1 of this id between our check and our entry: a duplicate
            throw new InvalidInputException(List.of(duplicate()));
        }
    }

    /**
     * The rules that need the store or the clock: the reference's year is not after next year; cited incidents exist; cited letters exist (stored, or in
     * {@code batch}: id to sent date) and were sent earlier; publicly named defenders exist and hold an
     * active PUBLIC_NAMING consent on the publication date.
     */
    private List<RuleViolation> storeRules(Actor actor, CommunicationDetails d, Map<String, LocalDate> batch) {
        List<RuleViolation> violations = new ArrayList<>();
        if (d.key().year() > LocalDate.now(clock).getYear() + 1) {
            violations.add(new RuleViolation("reference", "year-range", "the year must not be after next year"));
        }
        for (int i = 0; i < d.citedIncidents().size(); i++) {
            if (!incidents.reachable(actor, d.citedIncidents().get(i).incidentId())) {
                violations.add(new RuleViolation("citedIncidents[" + i + "].incidentId", "unknown-incident",
                        "is not an incident of this vault"));
            }
        }
        List<String> cited = d.citedCommunications().stream().map(c -> c.key().id()).toList();
        // only letters the actor may see: one of another mandate is answered as one that does not exist
        Map<String, LocalDate> sent = new LinkedHashMap<>(records.sentOn(cited, access.letterFilter(actor,
                actor.has(org.evidencevault.common.Role.SYSTEM) ? java.util.Set.of() : incidents.reachableIds(actor))));
        batch.forEach(sent::putIfAbsent);
        for (int i = 0; i < cited.size(); i++) {
            String field = "citedCommunications[" + i + "].reference";
            LocalDate citedSent = sent.get(cited.get(i));
            if (citedSent == null) {
                violations.add(new RuleViolation(field, "unknown-communication", "is not a letter of this vault"));
            } else if (!citedSent.isBefore(d.sentOn())) {
                violations.add(new RuleViolation(field, "cites-earlier-only", "a letter cites only letters sent before it"));
            }
        }
        for (int i = 0; i < d.publiclyNamedDefenderIds().size(); i++) {
            String field = "publiclyNamedDefenderIds[" + i + "]";
            try {
                defenders.requirePublicNamingConsent(actor, d.publiclyNamedDefenderIds().get(i), d.publicationDate());
            } catch (NotFoundException | GoneException e) {
                violations.add(new RuleViolation(field, "unknown-defender", "is not a defender of this vault"));
            } catch (InvalidInputException e) {
                violations.add(new RuleViolation(field, "public-naming-consent",
                        "naming this defender in the public version needs a PUBLIC_NAMING consent active on the publication date"));
            }
        }
        return violations;
    }

    /** A revised sent date must stay before every letter citing this one. */
    private List<RuleViolation> citedByLaterOnly(String id, LocalDate sentOn) {
        LetterQuery citing = LetterQuery.all().and(new LetterQuery.CitingLetterSentOnOrBefore(id, sentOn));
        // every letter, also those the actor may not see: the rule is about the store, the answer says no more than "some"
        return records.countAll(citing) == 0 ? List.of() : List.of(new RuleViolation("sentOn", "cites-earlier-only",
                "a letter citing this one was sent on or before this date"));
    }

    private static RuleViolation duplicate() {
        return new RuleViolation("reference", "duplicate", "a letter with this addressee, number and year is already recorded");
    }

    private static void throwIfAny(List<RuleViolation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
