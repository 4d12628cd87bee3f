package org.evidencevault.incidents.web;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.evidencevault.common.Checks;
import org.evidencevault.common.PartialDate;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.EvidencePin;
import org.evidencevault.incidents.ForensicConfirmation;
import org.evidencevault.incidents.ForensicTerms.Acquisition;
import org.evidencevault.incidents.ForensicTerms.Confidence;
import org.evidencevault.incidents.ForensicTerms.Method;
import org.evidencevault.incidents.ForensicTerms.Trigger;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Involvement;
import org.evidencevault.incidents.OrganisationId;
import org.evidencevault.incidents.Spyware;

/** Request and response bodies of the incident API, and their explicit mapping to the domain. */
final class IncidentJson {

    private IncidentJson() {
    }

    record DateJson(String value, PartialDate.Precision precision) {
        PartialDate toDomain() {
            return new PartialDate(value, precision);
        }

        static DateJson of(PartialDate d) {
            return d == null ? null : new DateJson(d.value(), d.precision());
        }
    }

    record InfectionEventJson(DateJson date, String deviceOwnerId, String exploitName, IncidentStatus status) {
    }

    record ForensicConfirmationJson(String labOrganisationId, Trigger trigger, DateJson triggerDate,
                                    Acquisition acquisition, Method method, DateJson confirmedOn, DateJson publishedOn,
                                    String reportUrl, Confidence confidence, List<EvidencePinJson> restsOn) {
    }

    /** An evidence item a confirmation rests on; {@code sha256} optional in a request (checked when sent). */
    record EvidencePinJson(String evidenceId, String sha256) {
    }

    record IncidentRequest(String title, List<String> defenderIds, Spyware spyware, String vendorOrganisationId,
                           String suspectedOperatorOrganisationId, Involvement operatorInvolvement, IncidentStatus status,
                           List<InfectionEventJson> infectionEvents, List<ForensicConfirmationJson> forensicConfirmations,
                           String contextNotes, String team) {
    }

    record IncidentResponse(String id, long version, String team, List<String> sharedWith, String title, List<String> defenderIds, Spyware spyware,
                            String vendorOrganisationId, String suspectedOperatorOrganisationId,
                            Involvement operatorInvolvement, IncidentStatus status, List<InfectionEventJson> infectionEvents,
                            List<ForensicConfirmationJson> forensicConfirmations, String contextNotes,
                            Instant createdAt, Instant updatedAt) {
    }

    /** {@code PUT /api/v1/incidents/{id}/sharing}: the UN mandates the incident is shared with (all of them). */
    record Sharing(java.util.Set<String> mandates) {
    }

    /**
     * {@code POST /api/v1/incidents/search}: {@code defenderName} is required (checked by the service);
     * {@code page} 0 and {@code size} 20 when absent or null, as for a {@code GET}'s paging.
     */
    record IncidentSearch(String defenderName, Integer page, Integer size) {
        IncidentSearch {
            page = Objects.requireNonNullElse(page, 0);
            size = Objects.requireNonNullElse(size, 20);
        }
    }

    static IncidentDetails toDomain(IncidentRequest r) {
        Checks checks = new Checks();
        List<InfectionEvent> events = r.infectionEvents() == null ? null : indexed(r.infectionEvents().size()).stream()
                .map(i -> checks.nested("infectionEvents[" + i + "]", () -> event(r.infectionEvents().get(i))))
                .toList();
        List<ForensicConfirmation> confirmations = r.forensicConfirmations() == null ? null
                : indexed(r.forensicConfirmations().size()).stream()
                .map(i -> checks.nested("forensicConfirmations[" + i + "]", () -> confirmation(r.forensicConfirmations().get(i))))
                .toList();
        List<DefenderId> defenders = r.defenderIds() == null ? null : r.defenderIds().stream().map(DefenderId::ofNullable).toList();
        return checks.build(() -> new IncidentDetails(r.title(), defenders, r.spyware(),
                OrganisationId.ofNullable(r.vendorOrganisationId()), OrganisationId.ofNullable(r.suspectedOperatorOrganisationId()),
                r.operatorInvolvement(), r.status(), events, confirmations, r.contextNotes()));
    }

    static IncidentResponse of(Incident i) {
        IncidentDetails d = i.details();
        return new IncidentResponse(i.id().value(), i.version(), i.team(), i.sharedWith().stream().sorted().toList(), d.title(), d.defenderIds().stream().map(DefenderId::value).toList(),
                d.spyware(), text(d.vendorOrganisationId()), text(d.suspectedOperatorOrganisationId()), d.operatorInvolvement(),
                d.status(),
                d.infectionEvents().stream().map(e -> new InfectionEventJson(DateJson.of(e.date()), text(e.deviceOwnerId()),
                        e.exploitName(), e.status())).toList(),
                d.forensicConfirmations().stream().map(c -> new ForensicConfirmationJson(text(c.labOrganisationId()), c.trigger(),
                        DateJson.of(c.triggerDate()), c.acquisition(), c.method(), DateJson.of(c.confirmedOn()),
                        DateJson.of(c.publishedOn()), c.reportUrl(), c.confidence(),
                        c.restsOn().stream().map(p -> new EvidencePinJson(p.evidenceId(), p.sha256())).toList())).toList(),
                d.contextNotes(), i.createdAt(), i.updatedAt());
    }

    private static InfectionEvent event(InfectionEventJson e) {
        if (e == null) {
            return null;
        }
        Checks checks = new Checks().requirePresent(e.date(), "date");
        PartialDate date = e.date() == null ? null : checks.nested("date", e.date()::toDomain);
        return checks.build(() -> new InfectionEvent(date, DefenderId.ofNullable(e.deviceOwnerId()), e.exploitName(), e.status()));
    }

    private static ForensicConfirmation confirmation(ForensicConfirmationJson c) {
        if (c == null) {
            return null;
        }
        Checks checks = new Checks();
        PartialDate trigger = date(checks, "triggerDate", c.triggerDate());
        PartialDate confirmed = date(checks, "confirmedOn", c.confirmedOn());
        PartialDate published = date(checks, "publishedOn", c.publishedOn());
        List<EvidencePin> pins = c.restsOn() == null ? null : indexed(c.restsOn().size()).stream()
                .map(i -> checks.nested("restsOn[" + i + "]", () -> pin(c.restsOn().get(i)))).toList();
        return checks.build(() -> new ForensicConfirmation(OrganisationId.ofNullable(c.labOrganisationId()), c.trigger(), trigger,
                c.acquisition(), c.method(), confirmed, published, c.reportUrl(), c.confidence(), pins));
    }

    private static EvidencePin pin(EvidencePinJson p) {
        return p == null ? null : new EvidencePin(p.evidenceId(), p.sha256());
    }

    private static PartialDate date(Checks checks, String field, DateJson d) {
        return d == null ? null : checks.nested(field, d::toDomain);
    }

    private static String text(Record id) {
        return id == null ? null : id.toString();
    }

    private static List<Integer> indexed(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }
}
