package org.evidencevault.access;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.bson.conversions.Bson;
import org.evidencevault.common.Actor;

/**
 * The one place that decides who may see and do what. Services ask it before they act: {@link #require} for
 * what a role may do at all; the {@code mayReach...} methods and the filters for which incidents and defenders an
 * actor may see and change. The same rule gives both the answer for one record and the store filter for lists
 * and searches, so a list never shows what a get would refuse and a search never reveals that a record exists
 * where the actor may not look. A record the actor may not reach is answered as if it did not exist.
 *
 * <p>Need-to-know: an officer reaches the incidents and defenders of their case teams. A rapporteur reaches an
 * incident a team shared with one of their mandates while every defender it names has an active SHARE_WITH_UN
 * consent, and those defenders. The vault itself reaches everything; nobody else reaches anything.
 */
public interface AccessPolicy {

    /** The plain field of a team-owned record that names its case team. */
    String TEAM_FIELD = "team";
    /** The plain field of an incident that lists the UN mandates it is shared with. */
    String SHARED_WITH_FIELD = "sharedWith";
    /** The plain field of an incident that lists the defenders it names. */
    String DEFENDER_IDS_FIELD = "defenderIds";

    /** The plain field of a UN letter that lists the codes of the mandates it was sent under. */
    String LETTER_MANDATES_FIELD = "mandates.code";
    /** The plain field of a UN letter that lists the incidents it cites. */
    String LETTER_INCIDENTS_FIELD = "citedIncidentIds";

    /** What the policy looks at in one incident. */
    record IncidentFacts(String team, Set<String> sharedWith, List<String> defenderIds) {
        public IncidentFacts {
            sharedWith = sharedWith == null ? Set.of() : Set.copyOf(sharedWith);
            defenderIds = defenderIds == null ? List.of() : List.copyOf(defenderIds);
        }
    }

    /**
     * Returns normally if {@code actor} holds {@code permission}.
     *
     * @throws AccessDeniedException otherwise; the message names the permission, nothing else
     */
    void require(Actor actor, Permission permission);

    /**
     * Step-up: returns normally if the actor confirmed itself with a passkey within the step-up window before
     * {@code now} (the store's clock). Every account needs it; only the vault's own actor (no login, e.g. the demo
     * seed) does not. Four-eyes approvals have no such exception: the vault's actor can never approve its own request.
     *
     * @throws org.evidencevault.common.StepUpRequiredException otherwise
     */
    void requireRecentPasskey(Actor actor, java.time.Instant now);

    /** Whether {@link #requireRecentPasskey} would let {@code actor} through now (for pages that offer the ceremony). */
    default boolean hasRecentPasskey(Actor actor, java.time.Instant now) {
        try {
            requireRecentPasskey(actor, now);
            return true;
        } catch (org.evidencevault.common.StepUpRequiredException e) {
            return false;
        }
    }

    /** How long a request for a second person's approval (and the approval) stays valid. */
    java.time.Duration approvalTtl();

    /** Whether {@code actor} holds {@code permission}; for callers that only want to show or hide things. */
    boolean allows(Actor actor, Permission permission);

    /** Whether {@code actor} may change records of case team {@code team} (null: a record of no team). */
    boolean mayChange(Actor actor, String team);

    /** Whether the actor's view of incidents depends on the defenders' consents (then the callers look them up). */
    boolean needsConsents(Actor actor);

    /** Whether {@code actor} may see this incident; {@code consentsToUn} says which defenders have an active SHARE_WITH_UN. */
    boolean mayReachIncident(Actor actor, IncidentFacts incident, Predicate<String> consentsToUn);

    /**
     * The store filter that keeps exactly the incidents {@link #mayReachIncident} allows, given the defenders
     * (among those the shared incidents name) that have no active SHARE_WITH_UN consent.
     */
    Bson incidentFilter(Actor actor, Collection<String> withoutUnConsent);

    /**
     * Whether {@code actor} may see a defender of case team {@code team}; {@code sharedWithActor} says whether it
     * is named by an incident the actor may see through sharing, with an active SHARE_WITH_UN consent.
     */
    boolean mayReachDefender(Actor actor, String team, boolean sharedWithActor);

    /** The store filter for defenders: the actor's teams' ones, and {@code sharedIds} (as for {@link #mayReachDefender}). */
    Bson defenderFilter(Actor actor, Collection<String> sharedIds);

    /**
     * Whether {@code actor} may record or change a UN letter sent under {@code mandates}: a rapporteur serving one
     * of them, or any rapporteur if none is recorded (older letters known only by reference); the vault itself: any.
     */
    boolean mayRecordLetter(Actor actor, Collection<String> mandates);

    /** Whether the actor's view of letters depends on which incidents it may reach (then the callers look them up). */
    boolean needsIncidentsForLetters(Actor actor);

    /**
     * Whether {@code actor} may see a UN letter sent under {@code mandates} that cites {@code citedIncidents}: a
     * rapporteur who may record it ({@link #mayRecordLetter}), or an officer who may reach one of the incidents it
     * cites. Of the incidents it cites, a reader is shown only those it may reach.
     */
    boolean mayReachLetter(Actor actor, Collection<String> mandates, Collection<String> citedIncidents, Predicate<String> incidentReachable);

    /** The store filter that keeps exactly the letters {@link #mayReachLetter} allows, given the incidents the actor may reach. */
    Bson letterFilter(Actor actor, Collection<String> reachableIncidents);

    /** The store filter that keeps the records of the case teams the actor may change (officers' own teams). */
    Bson teamFilter(Actor actor);
}
