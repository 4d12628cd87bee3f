package org.evidencevault.incidents;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Page;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.security.AccessPolicy;
import org.evidencevault.security.Permission;
import org.springframework.stereotype.Service;

/**
 * Incidents: register, revise, read, list, and find by a defender's name. Authorises, checks that
 * referenced defenders and organisations exist, and runs every write and decrypting read through
 * {@link Audited}.
 */
@Service
public class IncidentService {

    static final String TYPE = "incident";

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
        Incident incident = Incident.register(Ids.next(), details, clock.instant());
        return audited.change(actor, "incident.register", records.insert(incident), () -> incident);
    }

    public Incident revise(Actor actor, String id, long expectedVersion, IncidentDetails details) {
        access.require(actor, Permission.INCIDENT_WRITE);
        Document current = raw(id);
        Incident revised = Incident.revision(RecordHeader.of(TYPE, current), expectedVersion, details, clock.instant());
        requireKnownReferences(details);
        return audited.change(actor, "incident.revise", records.replace(current, revised), () -> revised);
    }

    public Incident get(Actor actor, String id) {
        access.require(actor, Permission.INCIDENT_READ);
        Document d = raw(id);
        return audited.read(actor, "incident.read", List.of(new Target(TYPE, id)), read -> records.open(d, read));
    }

    /** All incidents, newest first, or those concerning a defender whose name matches exactly. */
    public Page<Incident> list(Actor actor, String defenderName, int page, int size) {
        access.require(actor, Permission.INCIDENT_READ);
        Page.checkRequest(page, size);
        Bson filter = defenderName == null ? new Document()
                : IncidentRecords.concerningAny(defenders.idsByName(defenderName));
        List<Document> docs = records.page(filter, page, size);
        long total = records.count(filter);
        List<Incident> items = audited.read(actor, defenderName == null ? "incident.list" : "incident.search",
                docs.stream().map(d -> new Target(TYPE, d.getString("_id"))).toList(),
                read -> docs.stream().map(d -> records.open(d, read)).toList());
        return new Page<>(items, page, size, total);
    }

    /** Whether an incident with this id exists (no decryption, no audit entry needed). */
    public boolean exists(String id) {
        try {
            raw(id);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void requireKnownReferences(IncidentDetails details) {
        List<RuleViolation> violations = new ArrayList<>();
        Set<String> missingDefenders = defenders.notLive(details.defenderIds());
        for (int i = 0; i < details.defenderIds().size(); i++) {
            if (missingDefenders.contains(details.defenderIds().get(i))) {
                violations.add(new RuleViolation("defenderIds[" + i + "]", "unknown-defender", "is not a defender of this vault"));
            }
        }
        Set<String> missingOrgs = organisations.unknown(details.organisationIds());
        for (String[] ref : details.organisationReferences()) {
            if (missingOrgs.contains(ref[1])) {
                violations.add(new RuleViolation(ref[0], "unknown-organisation", "is not an organisation of this vault"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private Document raw(String id) {
        if (!Ids.looksValid(id)) {
            throw new NotFoundException(TYPE, id);
        }
        return records.raw(id);
    }
}
