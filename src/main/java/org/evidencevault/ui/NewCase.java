package org.evidencevault.ui;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.PartialDate;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.incidents.Consent;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "Register a case" for an officer in a hurry: the defender and the incident in one form. Both are built and checked
 * by the domain before anything is stored (no defender is left behind by an incident that breaks a rule), and each
 * violation is shown next to its field in the user's language, from the same rule ids the API returns.
 */
@Controller
class NewCase {

    /** The form's fields, as posted (strings, so that what the user typed comes back with the errors). */
    record Form(String fullName, String role, String country, Boolean shareWithUn, String title, String spyware, String status,
                String infectionDate, String precision, String contextNotes, String team) {
    }

    /** Where a domain field's violation is shown: the form field holding it. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("fullName", "fullName"), Map.entry("role", "role"), Map.entry("country", "country"),
            Map.entry("title", "title"), Map.entry("spyware", "spyware"), Map.entry("status", "status"),
            Map.entry("contextNotes", "contextNotes"), Map.entry("team", "team"),
            Map.entry("infectionDate", "infectionDate"), Map.entry("infectionDate.value", "infectionDate"),
            Map.entry("infectionDate.precision", "precision"), Map.entry("infectionEvents", "infectionDate"));

    private final CurrentActor actor;
    private final DefenderService defenders;
    private final IncidentService incidents;

    private final org.evidencevault.access.AccessPolicy access;
    private final java.time.Clock clock;

    /** Registering a case creates a defender and an incident: both permissions, before anything else. */
    private void requireMayRegister(Actor who) {
        access.require(who, org.evidencevault.access.Permission.DEFENDER_WRITE);
        access.require(who, org.evidencevault.access.Permission.INCIDENT_WRITE);
    }

    NewCase(CurrentActor actor, DefenderService defenders, IncidentService incidents, org.evidencevault.access.AccessPolicy access,
            java.time.Clock clock) {
        this.access = access;
        this.clock = clock;
        this.actor = actor;
        this.defenders = defenders;
        this.incidents = incidents;
    }

    @GetMapping("/cases/new")
    String form(Model model) {
        requireMayRegister(actor.get());
        return show(model, new Form(null, null, null, null, null, null, null, null, "DAY", null, null), Map.of());
    }

    @PostMapping("/cases/new")
    String register(@ModelAttribute Form form, Model model) {
        Actor who = actor.get();
        requireMayRegister(who);
        Checks checks = new Checks();
        Spyware spyware = choice(checks, Spyware.class, form.spyware(), "spyware");
        IncidentStatus status = choice(checks, IncidentStatus.class, form.status(), "status");
        PartialDate.Precision precision = choice(checks, PartialDate.Precision.class, form.precision(), "infectionDate.precision");
        PartialDate date = blank(form.infectionDate()) ? null : precision == null ? null
                : checks.nested("infectionDate", () -> new PartialDate(form.infectionDate().strip(), precision));
        checks.require(!blank(form.infectionDate()), "infectionDate", "required", "is required");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Consent> consents = Boolean.TRUE.equals(form.shareWithUn()) ? List.of(new Consent(Consent.Purpose.SHARE_WITH_UN, today, null, null)) : List.of();
        DefenderProfile profile = checks.nested("", () -> new DefenderProfile(text(form.fullName()), null, text(form.role()),
                blank(form.country()) ? null : form.country().strip().toUpperCase(java.util.Locale.ROOT), null, consents));
        IncidentDetails details = checks.nested("", () -> new IncidentDetails(text(form.title()), List.of(DefenderId.next()), spyware,
                null, null, null, status, date == null ? List.of() : List.of(new InfectionEvent(date, null, null, null)), List.of(),
                text(form.contextNotes())));
        try {
            checks.throwIfAny();
            Defender defender = defenders.register(who, blank(form.team()) ? null : form.team(), profile);
            Incident incident = incidents.register(who, defender.team(), withDefender(details, defender.id()));
            return "redirect:/cases/" + incident.id().value();
        } catch (InvalidInputException e) {
            return show(model, form, byField(e.violations()));
        }
    }

    private String show(Model model, Form form, Map<String, RuleViolation> errors) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("fullName", form.fullName());
        values.put("role", form.role());
        values.put("country", form.country());
        values.put("shareWithUn", Boolean.TRUE.equals(form.shareWithUn()));
        values.put("title", form.title());
        values.put("spyware", form.spyware());
        values.put("status", form.status());
        values.put("infectionDate", form.infectionDate());
        values.put("precision", form.precision());
        values.put("contextNotes", form.contextNotes());
        values.put("team", form.team());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("spywares", Spyware.values());
        model.addAttribute("statuses", IncidentStatus.values());
        model.addAttribute("precisions", List.of(PartialDate.Precision.DAY, PartialDate.Precision.MONTH, PartialDate.Precision.YEAR));
        model.addAttribute("teams", actor.get().teams().stream().sorted().toList());
        return "new-case";
    }

    /** The form's fields in the order the page shows them (the error summary follows it). */
    private static final List<String> ORDER = List.of("fullName", "role", "country", "title", "spyware", "status", "infectionDate",
            "precision", "team", "contextNotes");

    /** The first violation of each form field, in the form's order. */
    static Map<String, RuleViolation> byField(List<RuleViolation> violations) {
        return FormBody.byField(violations, ORDER, field -> FIELDS.getOrDefault(field,
                FIELDS.getOrDefault(field.replaceAll("\\[\\d+]", ""), "title")));
    }

    private static IncidentDetails withDefender(IncidentDetails d, DefenderId defender) {
        return new IncidentDetails(d.title(), List.of(defender), d.spyware(), null, null, null, d.status(), d.infectionEvents(),
                d.forensicConfirmations(), d.contextNotes());
    }

    static <E extends Enum<E>> E choice(Checks checks, Class<E> type, String value, String field) {
        if (blank(value)) {
            checks.require(false, field, "required", "is required");
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        checks.require(false, field, "one-of", "is not one of the choices");
        return null;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String text(String s) {
        return blank(s) ? null : s.strip();
    }

}
