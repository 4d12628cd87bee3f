package org.evidencevault.incidents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.evidencevault.common.Checks;

/**
 * Everything an officer records about an incident, with the rules that hold between the parts:
 * <ul>
 * <li>at least one defender and one infection event; a device owner is one of the incident's defenders;</li>
 * <li>no infection date after any confirmation's trigger date (rule 5, coarser precision);</li>
 * <li>CONFIRMED_INFECTION needs a forensic confirmation by a lab with a method: an Apple threat
 *     notification is a lead, never a confirmation, and never an attribution.</li>
 * </ul>
 */
public record IncidentDetails(
        String title,
        List<DefenderId> defenderIds,
        Spyware spyware,
        OrganisationId vendorOrganisationId,
        OrganisationId suspectedOperatorOrganisationId,
        Involvement operatorInvolvement,
        IncidentStatus status,
        List<InfectionEvent> infectionEvents,
        List<ForensicConfirmation> forensicConfirmations,
        String contextNotes) {

    public static final int MAX_DEFENDERS = 100;
    public static final int MAX_EVENTS = 500;

    public IncidentDetails {
        // Copies that keep null elements (List.copyOf would throw a NullPointerException), so a null
        // element is reported as a rule violation below instead of failing as an internal error.
        defenderIds = copyOf(defenderIds);
        infectionEvents = copyOf(infectionEvents);
        forensicConfirmations = copyOf(forensicConfirmations);
        Checks checks = new Checks()
                .requirePresent(title, "title")
                .maxLength(title, 300, "title")
                .freeText(title, "title")
                .freeText(contextNotes, "contextNotes")
                .requirePresent(defenderIds, "defenderIds")
                .require(defenderIds.size() <= MAX_DEFENDERS, "defenderIds", "max-items", "at most " + MAX_DEFENDERS)
                .require(new HashSet<>(defenderIds).size() == defenderIds.size(), "defenderIds", "unique", "must not repeat a defender")
                .requirePresent(spyware, "spyware")
                .requirePresent(status, "status")
                .requirePresent(infectionEvents, "infectionEvents")
                .require(infectionEvents.size() <= MAX_EVENTS, "infectionEvents", "max-items", "at most " + MAX_EVENTS)
                .maxLength(contextNotes, 20_000, "contextNotes");
        for (int i = 0; i < defenderIds.size(); i++) {
            checks.require(defenderIds.get(i) != null, "defenderIds[" + i + "]", "required", "is required");
        }
        checks.require(operatorInvolvement == null || suspectedOperatorOrganisationId != null,
                "operatorInvolvement", "needs-operator", "needs a suspected operator");
        for (int i = 0; i < infectionEvents.size(); i++) {
            InfectionEvent e = infectionEvents.get(i);
            checks.require(e != null, "infectionEvents[" + i + "]", "required", "is required");
            if (e == null) {
                continue;
            }
            checks.require(e.deviceOwnerId() == null || defenderIds.contains(e.deviceOwnerId()),
                    "infectionEvents[" + i + "].deviceOwnerId", "defender-of-incident", "must be one of the incident's defenderIds");
            for (int j = 0; j < forensicConfirmations.size(); j++) {
                ForensicConfirmation c = forensicConfirmations.get(j);
                if (c != null && c.triggerDate() != null) {
                    checks.require(e.date().notAfter(c.triggerDate()), "infectionEvents[" + i + "].date",
                            "infection-before-trigger", "must not be after the trigger date of forensicConfirmations[" + j + "]");
                }
            }
        }
        for (int j = 0; j < forensicConfirmations.size(); j++) {
            checks.require(forensicConfirmations.get(j) != null, "forensicConfirmations[" + j + "]", "required", "is required");
        }
        if (status == IncidentStatus.CONFIRMED_INFECTION) {
            // judged only once every confirmation is valid: an invalid one is reported on its own fields
            checks.require(forensicConfirmations.contains(null)
                            || forensicConfirmations.stream().anyMatch(ForensicConfirmation::isForensic), "status",
                    "confirmation-needs-lab",
                    "CONFIRMED_INFECTION needs a forensic confirmation by a lab with a method; a threat notification is only a lead");
        }
        checks.throwIfAny();
    }

    private static <T> List<T> copyOf(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** These details with {@code confirmations} instead of their own. */
    IncidentDetails withConfirmations(List<ForensicConfirmation> confirmations) {
        return new IncidentDetails(title, defenderIds, spyware, vendorOrganisationId, suspectedOperatorOrganisationId,
                operatorInvolvement, status, infectionEvents, confirmations, contextNotes);
    }

    /** Where an incident names an organisation: the request field and the id it names. */
    public record OrganisationReference(String field, OrganisationId id) {
    }

    /** Every organisation this incident refers to (vendor, operator, labs), for existence checks. */
    public Set<OrganisationId> organisationIds() {
        Set<OrganisationId> ids = new LinkedHashSet<>();
        if (vendorOrganisationId != null) {
            ids.add(vendorOrganisationId);
        }
        if (suspectedOperatorOrganisationId != null) {
            ids.add(suspectedOperatorOrganisationId);
        }
        forensicConfirmations.forEach(c -> ids.addAll(c.organisationIds()));
        return ids;
    }

    /** Each organisation reference with its field path, for error messages. */
    public List<OrganisationReference> organisationReferences() {
        List<OrganisationReference> refs = new ArrayList<>();
        if (vendorOrganisationId != null) {
            refs.add(new OrganisationReference("vendorOrganisationId", vendorOrganisationId));
        }
        if (suspectedOperatorOrganisationId != null) {
            refs.add(new OrganisationReference("suspectedOperatorOrganisationId", suspectedOperatorOrganisationId));
        }
        for (int j = 0; j < forensicConfirmations.size(); j++) {
            OrganisationId lab = forensicConfirmations.get(j).labOrganisationId();
            if (lab != null) {
                refs.add(new OrganisationReference("forensicConfirmations[" + j + "].labOrganisationId", lab));
            }
        }
        return refs;
    }
}
