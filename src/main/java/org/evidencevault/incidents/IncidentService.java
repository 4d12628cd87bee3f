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

    IncidentService(IncidentRecords records, DefenderService defenders, OrganisationService organisations,
                    Audited audited, AccessPolicy access, Clock clock) {
        this.records = records;
        this.defenders = defenders;
        this.organisations = organisations;
        this.audited = audited;
        this.access = access;
        this.clock = clock;
    }

    public Incident register(Actor actor, IncidentDetails details) {
        access.require(actor, Permission.INCIDENT_WRITE);
        requireKnownReferences(details);
        Incident incident = Incident.register(IncidentId.next(), details, clock.instant());
        audited.change(actor, Action.INCIDENT_REGISTER, records.creation(incident));
        return incident;
    }

    public Incident revise(Actor actor, IncidentId id, long expectedVersion, IncidentDetails details) {
        access.require(actor, Permission.INCIDENT_WRITE);
        StoredRecord current = stored(id);
        Incident revised = Incident.revision(current.header(), expectedVersion, details, clock.instant());
        requireKnownReferences(details);
        audited.change(actor, Action.INCIDENT_REVISE, records.revision(current, revised));
        return revised;
    }

    public Incident get(Actor actor, IncidentId id) {
        access.require(actor, Permission.INCIDENT_READ);
        StoredRecord r = stored(id);
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
        List<DefenderId> concerning = defenderName == null ? null : defenders.idsByName(defenderName);
        List<StoredRecord> found = records.page(concerning, page, size);
        long total = records.count(concerning);
        List<Incident> items = audited.read(actor, defenderName == null ? Action.INCIDENT_LIST : Action.INCIDENT_SEARCH,
                found.stream().map(r -> target(new IncidentId(r.id()))).toList(),
                read -> found.stream().map(r -> records.open(r, read)).toList());
        return new Page<>(items, page, size, total);
    }

    /** Whether an incident with this id exists (no decryption, no audit entry needed). */
    public boolean exists(IncidentId id) {
        return id.wellFormed() && records.exists(id);
    }

    private void requireKnownReferences(IncidentDetails details) {
        List<RuleViolation> violations = new ArrayList<>();
        Set<DefenderId> missingDefenders = defenders.notLive(details.defenderIds());
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
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private StoredRecord stored(IncidentId id) {
        if (!id.wellFormed()) {
            throw new NotFoundException(IncidentRecords.KIND.type());
        }
        return records.get(id);
    }

    private static Target target(IncidentId id) {
        return new Target(IncidentRecords.KIND.type(), id.value());
    }
}
