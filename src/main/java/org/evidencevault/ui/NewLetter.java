package org.evidencevault.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.access.Permission;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.communications.Communication;
import org.evidencevault.communications.CommunicationCitation;
import org.evidencevault.communications.CommunicationDetails;
import org.evidencevault.communications.CommunicationService;
import org.evidencevault.communications.IncidentCitation;
import org.evidencevault.communications.Mandate;
import org.evidencevault.communications.Reference;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "Record a letter" for a rapporteur: its reference as printed ({@code AL OTH 62/2023}), the addressee, the day it was
 * sent, the reply window, the mandates it was sent for (of those the rapporteur serves), a summary, the cases shared
 * with those mandates that it cites and the earlier letters it cites. Checked by the same rules as the API (reference
 * grammar, year of the reference, duplicates, only earlier letters cited, only reachable cases); each broken rule
 * next to its field, and nothing stored.
 */
@Controller
class NewLetter {

    /** At most this many shared cases are offered to cite (newest first). */
    static final int CASES_OFFERED = 50;

    private final CurrentActor actor;
    private final CommunicationService communications;
    private final IncidentService incidents;
    private final AccessPolicy access;

    NewLetter(CurrentActor actor, CommunicationService communications, IncidentService incidents, AccessPolicy access) {
        this.actor = actor;
        this.communications = communications;
        this.incidents = incidents;
        this.access = access;
    }

    /** A case the letter may cite: id and title. */
    record Citable(String id, String title, boolean checked) {
    }

    @GetMapping("/letters/new")
    String form(Model model) {
        Actor who = actor.get();
        access.require(who, Permission.COMMUNICATION_WRITE);
        Map<String, Object> values = values(null, null, null, Integer.toString(CommunicationDetails.DEFAULT_REPLY_WINDOW_DAYS), null, null);
        Set<String> mandates = who.mandates().size() == 1 ? who.mandates() : Set.of();
        return show(model, who, values, mandates, Set.of(), Map.of());
    }

    @PostMapping("/letters/new")
    Object record(HttpServletRequest request, Model model) {
        Actor who = actor.get();
        access.require(who, Permission.COMMUNICATION_WRITE);
        String reference = request.getParameter("reference");
        String addressee = request.getParameter("addresseeName");
        String sentOn = request.getParameter("sentOn");
        String window = request.getParameter("replyWindowDays");
        String summary = request.getParameter("summary");
        String citedLetters = request.getParameter("citedCommunications");
        Set<String> mandates = set(request.getParameterValues("mandate"));
        Set<String> cited = set(request.getParameterValues("citedIncident"));
        Map<String, Object> values = values(reference, addressee, sentOn, window, summary, citedLetters);

        Checks checks = new Checks();
        Reference ref = NewCase.blank(reference) ? null : checks.nested("", () -> Reference.parse(reference, "reference"));
        LocalDate sent = null;
        if (!NewCase.blank(sentOn)) {
            try {
                sent = LocalDate.parse(sentOn.strip());
            } catch (java.time.format.DateTimeParseException e) {
                checks.require(false, "sentOn", "date-format", "must be a day, YYYY-MM-DD");
            }
        }
        Integer days = null;
        if (!NewCase.blank(window)) {
            try {
                days = Integer.valueOf(window.strip());
            } catch (NumberFormatException e) {
                checks.require(false, "replyWindowDays", "integer", "must be a whole number of days");
            }
        }
        checks.require(!mandates.isEmpty(), "mandates", "required", "choose at least one mandate");
        List<Mandate> chosen = new ArrayList<>();
        for (String m : mandates) {
            // only the mandates offered: the reader's own (a hand-made form naming another is refused by the service)
            Mandate mandate = checks.nested("mandates", () -> new Mandate(m, null));
            if (mandate != null) {
                chosen.add(mandate);
            }
        }
        List<IncidentCitation> incidentsCited = new ArrayList<>();
        for (String id : cited) {
            IncidentId incident = checks.nested("citedIncidents", () -> new IncidentId(id));
            if (incident != null) {
                incidentsCited.add(new IncidentCitation(incident, null));
            }
        }
        List<CommunicationCitation> lettersCited = new ArrayList<>();
        if (!NewCase.blank(citedLetters)) {
            for (String line : citedLetters.split("\\R")) {
                if (!line.isBlank()) {
                    var key = checks.nested("citedCommunications", () -> Reference.parseKey(line.strip(), "citedCommunications"));
                    if (key != null) {
                        lettersCited.add(new CommunicationCitation(key, null));
                    }
                }
            }
        }
        LocalDate day = sent;
        Integer replyDays = days;
        try {
            CommunicationDetails details = checks.build(() -> new CommunicationDetails(ref, NewCase.text(addressee), day, replyDays,
                    chosen, List.of(), NewCase.text(summary), List.of(), List.of(), incidentsCited, lettersCited, List.of(), List.of(),
                    null, List.of()));
            Communication letter = communications.register(who, details);
            return LanguageSwitch.redirect("/letters/" + letter.id() + "?recorded");
        } catch (InvalidInputException e) {
            return show(model, who, values, mandates, cited, byField(e.violations()));
        }
    }

    private static Set<String> set(String[] values) {
        return values == null ? Set.of() : new java.util.TreeSet<>(List.of(values));
    }

    private static Map<String, Object> values(String reference, String addressee, String sentOn, String window, String summary,
                                              String citedLetters) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("reference", reference);
        values.put("addresseeName", addressee);
        values.put("sentOn", sentOn);
        values.put("replyWindowDays", window);
        values.put("summary", summary);
        values.put("citedCommunications", citedLetters);
        return values;
    }

    private static final List<String> ORDER = List.of("reference", "addresseeName", "sentOn", "replyWindowDays", "mandates", "summary",
            "citedIncidents", "citedCommunications");

    /** The first violation of each form field, in the form's order; a field the form does not show goes on the reference. */
    static Map<String, RuleViolation> byField(List<RuleViolation> violations) {
        return FormBody.byField(violations, ORDER, field -> {
            String key = field.replaceAll("[\\[.].*", "");
            return ORDER.contains(key) ? key : "reference";
        });
    }

    private String show(Model model, Actor who, Map<String, Object> values, Set<String> mandates, Set<String> cited,
                        Map<String, RuleViolation> errors) {
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("mandates", who.mandates().stream().sorted().toList());
        model.addAttribute("chosenMandates", mandates);
        model.addAttribute("citable", access.allows(who, Permission.INCIDENT_READ)
                ? incidents.list(who, null, 0, CASES_OFFERED).items().stream()
                        .map(i -> new Citable(i.id().value(), i.details().title(), cited.contains(i.id().value()))).toList()
                : List.of());
        return "new-letter";
    }
}
