package org.evidencevault.incidents;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.bson.conversions.Bson;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.common.Actor;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/**
 * What an actor may see of incidents and defenders, as the access policy decides it, with the facts the policy
 * needs looked up from the store: which defenders named by shared incidents have an active SHARE_WITH_UN consent
 * today (the store's clock), so a withdrawn consent takes effect on the next request. One answer for a single
 * record and one store filter for lists and searches, from the same rule.
 */
@Component
class SharedView {

    private final IncidentRecords incidents;
    private final DefenderRecords defenders;
    private final AccessPolicy access;
    private final Clock clock;

    SharedView(IncidentRecords incidents, DefenderRecords defenders, AccessPolicy access, Clock clock) {
        this.incidents = incidents;
        this.defenders = defenders;
        this.access = access;
        this.clock = clock;
    }

    /** The store filter of the incidents {@code actor} may see. */
    Bson incidents(Actor actor) {
        if (!access.needsConsents(actor)) {
            return access.incidentFilter(actor, Set.of());
        }
        Set<String> named = incidents.defendersNamedWhereShared(actor.mandates());
        Set<String> without = new HashSet<>(named);
        without.removeAll(defenders.consentingToUn(named, today()));
        return access.incidentFilter(actor, without);
    }

    boolean mayReach(Actor actor, StoredRecord incident) {
        AccessPolicy.IncidentFacts facts = IncidentRecords.facts(incident);
        if (!access.needsConsents(actor)) {
            return access.mayReachIncident(actor, facts, id -> false);
        }
        Set<String> consenting = defenders.consentingToUn(facts.defenderIds(), today());
        return access.mayReachIncident(actor, facts, consenting::contains);
    }

    /** The store filter of the defenders {@code actor} may see. */
    Bson defenders(Actor actor) {
        return access.defenderFilter(actor, sharedDefenders(actor));
    }

    boolean mayReachDefender(Actor actor, StoredRecord defender) {
        String team = DefenderRecords.team(defender);
        if (access.mayChange(actor, team)) {
            return true;
        }
        return access.mayReachDefender(actor, team, access.needsConsents(actor) && sharedDefenders(actor).contains(defender.id()));
    }

    /** Defenders named by incidents the actor sees, with an active SHARE_WITH_UN consent (a rapporteur's view). */
    private Set<String> sharedDefenders(Actor actor) {
        if (!access.needsConsents(actor)) {
            return Set.of();
        }
        return defenders.consentingToUn(incidents.defendersNamedIn(incidents(actor)), today());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
    }
}
