package org.evidencevault.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.access.Permission;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.PartialDate;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "Edit the case": title, spyware, status, context and the infection dates (each with its precision; one can be
 * added, any removed), at the version the officer saw. What the form does not show (defenders, forensic
 * confirmations, organisations, each event's device and exploit) is kept as it is in that version; if the case changed
 * since, the revision is refused as stale and nothing is stored. Each broken rule is shown next to its field, in the
 * user's language, from the same violations the API returns.
 */
@Controller
class EditCase {

    private final CurrentActor actor;
    private final IncidentService incidents;
    private final AccessPolicy access;
    private final MessageSource messages;

    EditCase(CurrentActor actor, IncidentService incidents, AccessPolicy access, MessageSource messages) {
        this.actor = actor;
        this.incidents = incidents;
        this.access = access;
        this.messages = messages;
    }

    /** One infection date as the form shows it. */
    record EventRow(String date, String precision, boolean removed) {
    }

    @GetMapping("/cases/{id}/edit")
    String form(@PathVariable String id, Model model, java.util.Locale locale) {
        Actor who = actor.get();
        Incident incident = changeable(who, id);
        List<EventRow> events = incident.details().infectionEvents().stream()
                .map(e -> new EventRow(e.date().value(), e.date().precision().name(), false)).toList();
        Map<String, Object> values = values(incident.details().title(), incident.details().spyware().name(),
                incident.details().status().name(), incident.details().contextNotes(), null, "DAY");
        return show(model, locale, incident, incident.version(), values, events, Map.of());
    }

    @PostMapping("/cases/{id}/edit")
    Object save(@PathVariable String id, HttpServletRequest request, Model model, java.util.Locale locale) {
        Actor who = actor.get();
        Incident incident = changeable(who, id);
        long version = FormBody.version(request);
        String title = request.getParameter("title");
        String spywareName = request.getParameter("spyware");
        String statusName = request.getParameter("status");
        String notes = request.getParameter("contextNotes");
        String newDate = request.getParameter("newDate");
        String newPrecision = request.getParameter("newPrecision");
        String[] dates = values(request, "eventDate");
        String[] precisions = values(request, "eventPrecision");
        java.util.Set<String> removed = java.util.Set.of(values(request, "eventRemove"));
        List<InfectionEvent> stored = incident.details().infectionEvents();
        if (dates.length != stored.size() || precisions.length != stored.size()) {
            // the form was made for another version of the case (or by hand): nothing is guessed
            throw new org.evidencevault.common.StaleVersionException("incident", incident.id().value(), version, incident.version());
        }

        Checks checks = new Checks();
        Spyware spyware = NewCase.choice(checks, Spyware.class, spywareName, "spyware");
        IncidentStatus status = NewCase.choice(checks, IncidentStatus.class, statusName, "status");
        List<InfectionEvent> events = new ArrayList<>();
        List<String> eventFields = new ArrayList<>(); // the form field of each kept event, for its violations
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            boolean remove = removed.contains(Integer.toString(i));
            rows.add(new EventRow(dates[i], precisions[i], remove));
            if (remove) {
                continue;
            }
            InfectionEvent was = stored.get(i);
            PartialDate date = date(checks, "event" + i, dates[i], precisions[i]);
            if (date != null) {
                events.add(new InfectionEvent(date, was.deviceOwnerId(), was.exploitName(), was.status()));
                eventFields.add("event" + i);
            }
        }
        if (!NewCase.blank(newDate)) {
            PartialDate date = date(checks, "newEvent", newDate, newPrecision);
            if (date != null) {
                events.add(new InfectionEvent(date, null, null, null));
                eventFields.add("newEvent");
            }
        }
        IncidentDetails was = incident.details();
        IncidentDetails details = checks.nested("", () -> new IncidentDetails(NewCase.text(title), was.defenderIds(), spyware,
                was.vendorOrganisationId(), was.suspectedOperatorOrganisationId(), was.operatorInvolvement(), status, events,
                was.forensicConfirmations(), NewCase.text(notes)));
        Map<String, Object> values = values(title, spywareName, statusName, notes, newDate, newPrecision);
        try {
            checks.throwIfAny();
            incidents.revise(who, incident.id(), version, details);
        } catch (InvalidInputException e) {
            return show(model, locale, incident, version, values, rows, byField(e.violations(), eventFields));
        }
        return LanguageSwitch.redirect("/cases/" + incident.id().value() + "?saved");
    }

    private Incident changeable(Actor who, String id) {
        access.require(who, Permission.INCIDENT_WRITE);
        Incident incident = incidents.get(who, new IncidentId(id));
        if (!incidents.mayChange(who, incident.id())) {
            throw new org.evidencevault.access.PermissionDeniedException(Permission.INCIDENT_WRITE);
        }
        return incident;
    }

    private static PartialDate date(Checks checks, String field, String value, String precisionName) {
        if (NewCase.blank(value)) {
            checks.require(false, field, "required", "is required");
            return null;
        }
        PartialDate.Precision precision = NewCase.choice(checks, PartialDate.Precision.class, precisionName, field + "Precision");
        return precision == null ? null : checks.nested(field, () -> new PartialDate(value.strip(), precision));
    }

    private static String[] values(HttpServletRequest request, String name) {
        String[] v = request.getParameterValues(name); // repeated fields, never split at commas
        return v == null ? new String[0] : v;
    }

    private static Map<String, Object> values(String title, String spyware, String status, String notes, String newDate,
                                              String newPrecision) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", title);
        values.put("spyware", spyware);
        values.put("status", status);
        values.put("contextNotes", notes);
        values.put("newDate", newDate);
        values.put("newPrecision", newPrecision);
        return values;
    }

    /**
     * The first violation of each form field: a domain field's ({@code title}, {@code status}) as it is, an infection
     * event's ({@code infectionEvents[2].date}) on the row that holds it, the rest on the title.
     */
    static Map<String, RuleViolation> byField(List<RuleViolation> violations, List<String> eventFields) {
        Map<String, RuleViolation> first = new LinkedHashMap<>();
        java.util.regex.Pattern event = java.util.regex.Pattern.compile("\\.?infectionEvents\\[(\\d+)].*");
        for (RuleViolation v : violations) {
            String field = v.field().startsWith(".") ? v.field().substring(1) : v.field();
            java.util.regex.Matcher m = event.matcher(field);
            String key;
            if (m.matches() && Integer.parseInt(m.group(1)) < eventFields.size()) {
                key = eventFields.get(Integer.parseInt(m.group(1)));
            } else if (field.matches("(event\\d+|newEvent)(Precision)?(\\..*)?")) {
                key = field.replaceAll("\\..*", "");
            } else if (List.of("title", "spyware", "status", "contextNotes").contains(field)) {
                key = field;
            } else {
                key = field.startsWith("infectionEvents") ? "newEvent" : "title";
            }
            first.putIfAbsent(key, new RuleViolation(field, v.rule(), v.message()));
        }
        return first;
    }

    private String show(Model model, java.util.Locale locale, Incident incident, long version, Map<String, Object> values,
                        List<EventRow> events, Map<String, RuleViolation> errors) {
        model.addAttribute("incident", incident);
        model.addAttribute("version", version);
        model.addAttribute("values", values);
        model.addAttribute("events", events);
        model.addAttribute("errors", errors);
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            labels.put("event" + i, messages.getMessage("field.event", new Object[] {i + 1}, locale));
            labels.put("event" + i + "Precision", messages.getMessage("field.eventPrecision", new Object[] {i + 1}, locale));
        }
        model.addAttribute("labels", labels);
        model.addAttribute("spywares", Spyware.values());
        model.addAttribute("statuses", IncidentStatus.values());
        model.addAttribute("precisions", PartialDate.Precision.values());
        return "edit-case";
    }
}
