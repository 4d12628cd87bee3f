package org.evidencevault.incidents;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Page;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.records.StoredRecord;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Service;

/**
 * Incidents: register, revise, read, list, and find by a defender's name. Authorises, checks that
 * referenced defenders and organisations exist, and runs every write and decrypting read through
 * {@link Audited}.
 */
@Service
public class IncidentService {

    private final IncidentRecords records;
    private final DefenderService defenders;
    private final OrganisationService organisations;
    private final Audited audited;
    private final AccessPolicy access;
    private final Clock clock;
    private final SharedView view;
    private final ConfirmationEvidence evidence;
    private final org.springframework.context.ApplicationEventPublisher events;

    IncidentService(IncidentRecords records, DefenderService defenders, OrganisationService organisations,
                    Audited audited, AccessPolicy access, Clock clock, SharedView view, ConfirmationEvidence evidence,
                    org.springframework.context.ApplicationEventPublisher events) {
        this.view = view;
        this.evidence = evidence;
        this.events = events;
        this.records = records;
        this.defenders = defenders;
        this.organisations = organisations;
        this.audited = audited;
        this.access = access;
        this.clock = clock;
    }

    /** Registers an incident in the actor's only case team. */
    public Incident register(Actor actor, IncidentDetails details) {
        return register(actor, null, details);
    }

    /** Registers an incident in case team {@code team} (one of the actor's; null: the actor's only team). */
    public Incident register(Actor actor, String team, IncidentDetails details) {
        access.require(actor, Permission.INCIDENT_WRITE);
        String chosen = CaseTeams.choose(actor, team);
        IncidentId id = IncidentId.next();
        // a new incident has no evidence items yet: a confirmation can rest on them from its first revision
        Incident incident = Incident.register(id, chosen, requireKnownReferences(actor, id, details), clock.instant());
        audited.change(actor, Action.INCIDENT_REGISTER, records.creation(incident));
        return incident;
    }

    public Incident revise(Actor actor, IncidentId id, long expectedVersion, IncidentDetails details) {
        return revise(actor, id, expectedVersion, null, details);
    }

    /** The next version; {@code team} (null: unchanged) moves it to another of the actor's teams. */
    public Incident revise(Actor actor, IncidentId id, long expectedVersion, String team, IncidentDetails details) {
        access.require(actor, Permission.INCIDENT_WRITE);
        StoredRecord current = changeable(actor, id);
        String to = team == null ? IncidentRecords.team(current) : CaseTeams.choose(actor, team);
        current.header().nextVersion(expectedVersion); // a stale version is answered before the references are checked
        Incident revised = Incident.revision(current.header(), expectedVersion, to, IncidentRecords.sharedWith(current),
                requireKnownReferences(actor, id, details), clock.instant());
        audited.change(actor, Action.INCIDENT_REVISE, records.revision(current, revised));
        String from = IncidentRecords.team(current);
        if (!from.equals(to)) {
            events.publishEvent(new IncidentMoved(actor, id, from, to));
        }
        return revised;
    }

    /**
     * Shares the incident with exactly these UN mandates (none: shared with nobody). A rapporteur of one of them
     * then sees it while every defender it names has an active SHARE_WITH_UN consent. Needs the current version.
     */
    public Incident share(Actor actor, IncidentId id, long expectedVersion, Set<String> mandates) {
        access.require(actor, Permission.INCIDENT_WRITE);
        Checks checks = new Checks().requirePresent(mandates, "mandates");
        if (mandates != null) {
            org.evidencevault.access.AccessNames.mandates(checks, mandates, "mandates", 20);
        }
        checks.throwIfAny();
        StoredRecord current = changeable(actor, id);
        long next = current.header().nextVersion(expectedVersion);
        java.time.Instant at = current.header().revisedAt(clock.instant());
        audited.change(actor, Action.INCIDENT_SHARE, records.sharing(current, next, at, mandates));
        return get(actor, id);
    }

    public Incident get(Actor actor, IncidentId id) {
        access.require(actor, Permission.INCIDENT_READ);
        StoredRecord r = stored(actor, id);
        return audited.read(actor, Action.INCIDENT_READ, List.of(target(id)), read -> records.open(r, read));
    }

    /** All incidents, newest first, or those concerning a defender whose name matches exactly. */
    public Page<Incident> list(Actor actor, String defenderName, int page, int size) {
        access.require(actor, Permission.INCIDENT_READ);
        Page.checkRequest(page, size);
        return page(actor, defenderName, page, size);
    }

    /** The incidents concerning a defender whose name matches exactly (normalised), newest first; the name is required. */
    public Page<Incident> search(Actor actor, String defenderName, int page, int size) {
        access.require(actor, Permission.INCIDENT_READ);
        Page.checkRequest(page, size);
        new Checks().requirePresent(defenderName, "defenderName").throwIfAny();
        return page(actor, defenderName, page, size);
    }

    private Page<Incident> page(Actor actor, String defenderName, int page, int size) {
        List<DefenderId> concerning = defenderName == null ? null : defenders.idsByName(actor, defenderName);
        Bson visible = view.incidents(actor);
        List<StoredRecord> found = records.page(visible, concerning, page, size);
        long total = records.count(visible, concerning);
        List<Incident> items = audited.read(actor, defenderName == null ? Action.INCIDENT_LIST : Action.INCIDENT_SEARCH,
                found.stream().map(r -> target(new IncidentId(r.id()))).toList(),
                read -> found.stream().map(r -> records.open(r, read)).toList());
        return new Page<>(items, page, size, total);
    }

    /**
     * Whether an incident with this id exists and {@code actor} may reach it (no decryption, no audit entry
     * needed): what a caller may learn about an incident's existence.
     */
    public boolean reachable(Actor actor, IncidentId id) {
        return records.isReachable(id, r -> view.mayReach(actor, r));
    }

    /**
     * The case team of incident {@code id} if {@code actor} may change it (no decryption, no audit entry: what
     * records attached to an incident, such as evidence items, need); else not found, as for an unknown id.
     */
    public String changeableTeam(Actor actor, IncidentId id) {
        return IncidentRecords.team(changeable(actor, id));
    }

    /**
     * Whether incident {@code id} exists and {@code actor} may change it (an officer of its case team), without
     * decryption or audit entry: what changes to records attached to it (its evidence items) are allowed by.
     */
    public boolean mayChange(Actor actor, IncidentId id) {
        return records.isReachable(id, r -> access.mayChange(actor, IncidentRecords.team(r)));
    }

    /** The case team of incident {@code id} as stored now (no decryption, no audit entry, no access check), or null. */
    public String teamOf(IncidentId id) {
        return id.wellFormed() ? records.findReachable(id.value(), r -> true).map(IncidentRecords::team).orElse(null) : null;
    }

    /** The incidents that name {@code defender} and no one else (no decryption: the plain list of defenders). */
    public List<IncidentId> namingOnly(DefenderId defender) {
        return records.namingOnly(defender.value()).stream().map(IncidentId::new).toList();
    }

    /** The ids of every incident {@code actor} may reach (no decryption, no audit entry: what filters of other records need). */
    public Set<String> reachableIds(Actor actor) {
        return new java.util.HashSet<>(records.ids(view.incidents(actor)));
    }

    /** Whether an incident with this id exists (no decryption, no audit entry needed). */
    public boolean exists(IncidentId id) {
        return id.wellFormed() && records.exists(id);
    }

    /**
     * {@code details} with every evidence pin's hash filled in from its item, once every defender, organisation and
     * pinned item it names exists (and may be named by the actor); else every reference that does not, as violations.
     */
    private IncidentDetails requireKnownReferences(Actor actor, IncidentId incident, IncidentDetails details) {
        List<RuleViolation> violations = new ArrayList<>();
        // a defender of another team is answered as one that does not exist
        Set<DefenderId> missingDefenders = defenders.notLive(actor, details.defenderIds());
        for (int i = 0; i < details.defenderIds().size(); i++) {
            if (missingDefenders.contains(details.defenderIds().get(i))) {
                violations.add(new RuleViolation("defenderIds[" + i + "]", "unknown-defender", "is not a defender of this vault"));
            }
        }
        Set<OrganisationId> missingOrgs = organisations.unknown(details.organisationIds());
        for (IncidentDetails.OrganisationReference ref : details.organisationReferences()) {
            if (missingOrgs.contains(ref.id())) {
                violations.add(new RuleViolation(ref.field(), "unknown-organisation", "is not an organisation of this vault"));
            }
        }
        IncidentDetails pinned = pinEvidence(incident, details, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return pinned;
    }

    private IncidentDetails pinEvidence(IncidentId incident, IncidentDetails details, List<RuleViolation> violations) {
        List<String> ids = details.forensicConfirmations().stream().flatMap(c -> c.restsOn().stream()).map(EvidencePin::evidenceId)
                .distinct().toList();
        if (ids.isEmpty()) {
            return details;
        }
        java.util.Map<String, String> hashes = evidence.pinnable(incident, ids);
        List<ForensicConfirmation> confirmations = new ArrayList<>();
        for (int j = 0; j < details.forensicConfirmations().size(); j++) {
            ForensicConfirmation c = details.forensicConfirmations().get(j);
            List<EvidencePin> pins = new ArrayList<>();
            for (int i = 0; i < c.restsOn().size(); i++) {
                EvidencePin pin = c.restsOn().get(i);
                String field = "forensicConfirmations[" + j + "].restsOn[" + i + "]";
                String sha256 = hashes.get(pin.evidenceId());
                if (sha256 == null) {
                    violations.add(new RuleViolation(field + ".evidenceId", "unknown-evidence",
                            "is not a received MVT result, IOC set or lab report of this incident"));
                } else if (pin.sha256() != null && !pin.sha256().equals(sha256)) {
                    violations.add(new RuleViolation(field + ".sha256", "pin-mismatch", "is not the SHA-256 of that item's bytes"));
                }
                pins.add(pin.pinned(sha256));
            }
            confirmations.add(c.restingOn(pins));
        }
        return details.withConfirmations(confirmations);
    }

    /** The stored incident, if it exists and the actor may see it; else not found (the same answer for both). */
    private StoredRecord stored(Actor actor, IncidentId id) {
        return reachable(id, r -> view.mayReach(actor, r));
    }

    /** As {@link #stored}, for a change: the actor must be of the incident's team. */
    private StoredRecord changeable(Actor actor, IncidentId id) {
        return reachable(id, r -> access.mayChange(actor, IncidentRecords.team(r)));
    }

    /** Not found for an unknown id and for one the actor may not reach, at the same cost (no check of the latter). */
    private StoredRecord reachable(IncidentId id, java.util.function.Predicate<StoredRecord> mayReach) {
        return records.reachable(id, mayReach);
    }

    private static Target target(IncidentId id) {
        return new Target(IncidentRecords.KIND.type(), id.value());
    }
}
