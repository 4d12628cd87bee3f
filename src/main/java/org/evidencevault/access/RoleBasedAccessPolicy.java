package org.evidencevault.access;

import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.conversions.Bson;

import static org.evidencevault.access.Permission.ACCOUNTS_ADMIN;
import static org.evidencevault.access.Permission.AUDIT_READ;
import static org.evidencevault.access.Permission.COMMUNICATION_READ;
import static org.evidencevault.access.Permission.COMMUNICATION_WRITE;
import static org.evidencevault.access.Permission.DEFENDER_ERASE;
import static org.evidencevault.access.Permission.DEFENDER_READ;
import static org.evidencevault.access.Permission.DEFENDER_WRITE;
import static org.evidencevault.access.Permission.INCIDENT_READ;
import static org.evidencevault.access.Permission.INCIDENT_WRITE;
import static org.evidencevault.access.Permission.INTEGRITY_ADMIN;
import static org.evidencevault.access.Permission.KEYS_ADMIN;
import static org.evidencevault.access.Permission.ORGANISATION_READ;
import static org.evidencevault.access.Permission.ORGANISATION_WRITE;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.evidencevault.common.StepUpRequiredException;
import org.springframework.stereotype.Component;

/** The default policy: a fixed table from role to permissions; an actor holds the union over its roles. */
@Component
public class RoleBasedAccessPolicy implements AccessPolicy {

    private static final Map<Role, Set<Permission>> GRANTS = grants();

    private final AccessProperties props;

    public RoleBasedAccessPolicy(AccessProperties props) {
        this.props = props;
    }

    @Override
    public void requireRecentPasskey(Actor actor, java.time.Instant now) {
        if (actor.has(Role.SYSTEM)) {
            // the vault's own actor (the demo seed) is no login: nothing to phish, nothing to confirm
            return;
        }
        java.time.Instant at = actor.passkeyAt();
        Duration window = props.stepUpWindow();
        // a passkey time ahead of the store's clock by more than the window is not recent either (skew or forgery)
        if (at == null || now.isAfter(at.plus(window)) || at.isAfter(now.plus(window))) {
            throw new StepUpRequiredException(window);
        }
    }

    @Override
    public Duration approvalTtl() {
        return props.approvalTtl();
    }

    @Override
    public void require(Actor actor, Permission permission) {
        Objects.requireNonNull(permission, "permission");
        if (actor == null || !allows(actor, permission)) {
            throw new PermissionDeniedException(permission);
        }
    }

    @Override
    public boolean allows(Actor actor, Permission permission) {
        for (Role role : actor.roles()) {
            if (GRANTS.getOrDefault(role, Set.of()).contains(permission)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean mayChange(Actor actor, String team) {
        return actor.has(Role.SYSTEM) || (actor.has(Role.PROTECTION_OFFICER) && actor.inTeam(team));
    }

    @Override
    public boolean needsConsents(Actor actor) {
        return !actor.has(Role.SYSTEM) && actor.has(Role.RAPPORTEUR) && !actor.mandates().isEmpty();
    }

    @Override
    public boolean mayReachIncident(Actor actor, IncidentFacts incident, Predicate<String> consentsToUn) {
        if (mayChange(actor, incident.team())) {
            return true;
        }
        return actor.has(Role.RAPPORTEUR) && incident.sharedWith().stream().anyMatch(actor::serves)
                && incident.defenderIds().stream().allMatch(consentsToUn);
    }

    @Override
    public Bson incidentFilter(Actor actor, Collection<String> withoutUnConsent) {
        if (actor.has(Role.SYSTEM)) {
            return new Document();
        }
        List<Bson> any = new ArrayList<>();
        if (actor.has(Role.PROTECTION_OFFICER) && !actor.teams().isEmpty()) {
            any.add(Filters.in(TEAM_FIELD, sorted(actor.teams())));
        }
        if (actor.has(Role.RAPPORTEUR) && !actor.mandates().isEmpty()) {
            any.add(Filters.and(Filters.in(SHARED_WITH_FIELD, sorted(actor.mandates())),
                    Filters.nin(DEFENDER_IDS_FIELD, sorted(withoutUnConsent))));
        }
        return either(any);
    }

    @Override
    public boolean mayReachDefender(Actor actor, String team, boolean sharedWithActor) {
        return mayChange(actor, team) || (actor.has(Role.RAPPORTEUR) && sharedWithActor);
    }

    @Override
    public Bson defenderFilter(Actor actor, Collection<String> sharedIds) {
        if (actor.has(Role.SYSTEM)) {
            return new Document();
        }
        List<Bson> any = new ArrayList<>();
        if (actor.has(Role.PROTECTION_OFFICER) && !actor.teams().isEmpty()) {
            any.add(Filters.in(TEAM_FIELD, sorted(actor.teams())));
        }
        if (actor.has(Role.RAPPORTEUR) && !sharedIds.isEmpty()) {
            any.add(Filters.in("_id", sorted(sharedIds)));
        }
        return either(any);
    }

    @Override
    public boolean mayRecordLetter(Actor actor, Collection<String> mandates) {
        // a letter recorded without its mandates (older letters, known only by reference) belongs to every rapporteur
        return actor.has(Role.SYSTEM) || (actor.has(Role.RAPPORTEUR) && (mandates.isEmpty() || mandates.stream().anyMatch(actor::serves)));
    }

    @Override
    public boolean needsIncidentsForLetters(Actor actor) {
        return !actor.has(Role.SYSTEM) && actor.has(Role.PROTECTION_OFFICER) && !actor.teams().isEmpty();
    }

    @Override
    public boolean mayReachLetter(Actor actor, Collection<String> mandates, Collection<String> citedIncidents,
                                  Predicate<String> incidentReachable) {
        if (mayRecordLetter(actor, mandates)) {
            return true;
        }
        return actor.has(Role.PROTECTION_OFFICER) && citedIncidents.stream().anyMatch(incidentReachable);
    }

    @Override
    public Bson letterFilter(Actor actor, Collection<String> reachableIncidents) {
        if (actor.has(Role.SYSTEM)) {
            return new Document();
        }
        List<Bson> any = new ArrayList<>();
        if (actor.has(Role.RAPPORTEUR)) {
            any.add(Filters.size("mandates", 0));
            if (!actor.mandates().isEmpty()) {
                any.add(Filters.in(LETTER_MANDATES_FIELD, sorted(actor.mandates())));
            }
        }
        if (actor.has(Role.PROTECTION_OFFICER) && !reachableIncidents.isEmpty()) {
            any.add(Filters.in(LETTER_INCIDENTS_FIELD, sorted(reachableIncidents)));
        }
        return either(any);
    }

    @Override
    public Bson teamFilter(Actor actor) {
        if (actor.has(Role.SYSTEM)) {
            return new Document();
        }
        if (!actor.has(Role.PROTECTION_OFFICER) || actor.teams().isEmpty()) {
            return NOTHING;
        }
        return Filters.in(TEAM_FIELD, sorted(actor.teams()));
    }

    /** Matches no record (an {@code $in} of nothing). */
    private static final Bson NOTHING = Filters.in("_id", List.of());

    private static Bson either(List<Bson> clauses) {
        return clauses.isEmpty() ? NOTHING : clauses.size() == 1 ? clauses.get(0) : Filters.or(clauses);
    }

    private static List<String> sorted(Collection<String> values) {
        return values.stream().sorted().toList();
    }

    private static Map<Role, Set<Permission>> grants() {
        Map<Role, Set<Permission>> g = new EnumMap<>(Role.class);
        g.put(Role.SYSTEM, EnumSet.allOf(Permission.class));
        // ADMIN manages accounts, teams, keys and integrity alarms and reads no decrypted field, organisation names
        // included; it erases nothing (erasure belongs to the officers of the defender's team)
        g.put(Role.ADMIN, EnumSet.of(KEYS_ADMIN, ACCOUNTS_ADMIN, INTEGRITY_ADMIN, Permission.STORE_BACKUP));
        g.put(Role.AUDITOR, EnumSet.of(AUDIT_READ));
        g.put(Role.PROTECTION_OFFICER, EnumSet.of(INCIDENT_READ, INCIDENT_WRITE,
                DEFENDER_READ, DEFENDER_WRITE, DEFENDER_ERASE,
                ORGANISATION_READ, ORGANISATION_WRITE, COMMUNICATION_READ,
                Permission.EVIDENCE_READ, Permission.EVIDENCE_WRITE));
        g.put(Role.RAPPORTEUR, EnumSet.of(INCIDENT_READ, DEFENDER_READ, ORGANISATION_READ,
                COMMUNICATION_READ, COMMUNICATION_WRITE, Permission.EVIDENCE_READ));
        g.replaceAll((role, permissions) -> Set.copyOf(permissions));
        return Map.copyOf(g);
    }
}
