package org.evidencevault.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.access.Permission;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.common.StepUpRequiredException;
import org.evidencevault.incidents.Consent;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Edit the defender", reached from a case that names them: name, role, country, contact, and the consents in force
 * today, one box per purpose. Ticking a box grants that consent from today, clearing it withdraws it from today: the
 * history (who consented to what, from when to when) is kept, never rewritten. Granting consent to be named publicly
 * needs a passkey confirmation, as in the API. At the version the officer saw; each broken rule next to its field.
 */
@Controller
class EditDefender {

    private final CurrentActor actor;
    private final DefenderService defenders;
    private final IncidentService incidents;
    private final AccessPolicy access;
    private final java.time.Clock clock;

    EditDefender(CurrentActor actor, DefenderService defenders, IncidentService incidents, AccessPolicy access, java.time.Clock clock) {
        this.actor = actor;
        this.defenders = defenders;
        this.incidents = incidents;
        this.access = access;
        this.clock = clock;
    }

    /** A consent box: the purpose, whether it is ticked, and since when it is in force (null: not in force today). */
    record ConsentBox(String purpose, boolean checked, String since) {
    }

    @GetMapping("/defenders/{id}/edit")
    String form(@PathVariable String id, @RequestParam("case") String caseId, Model model, Locale locale) {
        Actor who = actor.get();
        access.require(who, Permission.DEFENDER_WRITE); // before anything is opened: a reader who may not write decrypts nothing
        IncidentId incident = caseNaming(who, caseId, id);
        Defender d = defenders.get(who, new DefenderId(id));
        requireMayChange(who, d);
        DefenderProfile p = d.profile();
        Set<String> active = new java.util.HashSet<>();
        for (Consent.Purpose purpose : Consent.Purpose.values()) {
            if (p.hasActiveConsent(purpose, today())) {
                active.add(purpose.name());
            }
        }
        return show(model, locale, d, incident, d.version(), values(p.fullName(), p.role(), p.country(), p.contact()), active, Map.of());
    }

    @PostMapping("/defenders/{id}/edit")
    Object save(@PathVariable String id, HttpServletRequest request, Model model, Locale locale) {
        Actor who = actor.get();
        access.require(who, Permission.DEFENDER_WRITE);
        IncidentId incident = caseNaming(who, request.getParameter("case"), id);
        Defender d = defenders.get(who, new DefenderId(id));
        requireMayChange(who, d);
        long version = FormBody.version(request);
        String fullName = request.getParameter("fullName");
        String role = request.getParameter("role");
        String country = request.getParameter("country");
        String contact = request.getParameter("contact");
        String[] ticked = request.getParameterValues("consent");
        Set<String> wanted = ticked == null ? Set.of() : Set.of(ticked);
        Map<String, Object> values = values(fullName, role, country, contact);
        try {
            DefenderProfile was = d.profile();
            DefenderProfile next = new DefenderProfile(NewCase.text(fullName), was.organisationId(), NewCase.text(role),
                    NewCase.blank(country) ? null : country.strip().toUpperCase(Locale.ROOT), NewCase.text(contact),
                    consents(was.consents(), wanted, today()));
            defenders.revise(who, d.id(), version, next);
        } catch (InvalidInputException e) {
            return show(model, locale, d, incident, version, values, wanted, byField(e.violations()));
        } catch (StepUpRequiredException e) {
            return show(model, locale, d, incident, version, values, wanted,
                    Map.of("consents", new RuleViolation("consents", "step-up", "needs a passkey confirmation")));
        }
        return LanguageSwitch.redirect("/cases/" + incident.value() + "?saved");
    }

    /**
     * The consents after the form: those in force today and not ticked are withdrawn today; a ticked purpose not in
     * force gets a grant from today (or, if it was granted and withdrawn today, that grant is in force again). Every
     * other consent stays as it was.
     */
    static List<Consent> consents(List<Consent> before, Set<String> wanted, LocalDate today) {
        List<Consent> after = new ArrayList<>(before);
        for (Consent.Purpose purpose : Consent.Purpose.values()) {
            boolean want = wanted.contains(purpose.name());
            boolean active = before.stream().anyMatch(c -> c.purpose() == purpose && c.activeOn(today));
            if (want && !active) {
                int same = -1;
                for (int i = 0; i < after.size(); i++) {
                    if (after.get(i).purpose() == purpose && after.get(i).grantedOn().equals(today)) {
                        same = i;
                    }
                }
                if (same >= 0) {
                    after.set(same, new Consent(purpose, today, null, after.get(same).note()));
                } else {
                    after.add(new Consent(purpose, today, null, null));
                }
            } else if (!want && active) {
                after.replaceAll(c -> c.purpose() == purpose && c.activeOn(today)
                        ? new Consent(purpose, c.grantedOn(), today, c.note()) : c);
            }
        }
        return after;
    }

    /** The case the page returns to: one the reader may change that names this defender (else the page is not theirs). */
    private IncidentId caseNaming(Actor who, String caseId, String defenderId) {
        if (caseId == null || caseId.isBlank()) {
            throw new InvalidInputException("case", "required", "is required");
        }
        var incident = incidents.get(who, new IncidentId(caseId.strip()));
        if (!incident.details().defenderIds().contains(new DefenderId(defenderId))) {
            throw new org.evidencevault.common.NotFoundException("defender", defenderId);
        }
        return incident.id();
    }

    private void requireMayChange(Actor who, Defender d) {
        access.require(who, Permission.DEFENDER_WRITE);
        if (!access.mayChange(who, d.team())) {
            throw new org.evidencevault.access.PermissionDeniedException(Permission.DEFENDER_WRITE);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Map<String, Object> values(String fullName, String role, String country, String contact) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("fullName", fullName);
        values.put("role", role);
        values.put("country", country);
        values.put("contact", contact);
        return values;
    }

    private static final List<String> ORDER = List.of("fullName", "role", "country", "contact", "consents");

    static Map<String, RuleViolation> byField(List<RuleViolation> violations) {
        return FormBody.byField(violations, ORDER, field -> {
            String key = field.replaceAll("[\\[.].*", "");
            return ORDER.contains(key) ? key : "fullName";
        });
    }

    private String show(Model model, Locale locale, Defender d, IncidentId incident, long version, Map<String, Object> values,
                        Set<String> ticked, Map<String, RuleViolation> errors) {
        LocalDate today = today();
        List<ConsentBox> boxes = new ArrayList<>();
        for (Consent.Purpose purpose : Consent.Purpose.values()) {
            String since = d.profile().consents().stream().filter(c -> c.purpose() == purpose && c.activeOn(today))
                    .map(Consent::grantedOn).min(LocalDate::compareTo)
                    .map(day -> Timeline.when(org.evidencevault.common.PartialDate.day(day), locale)).orElse(null);
            boxes.add(new ConsentBox(purpose.name(), ticked.contains(purpose.name()), since));
        }
        model.addAttribute("defender", d);
        model.addAttribute("caseId", incident.value());
        model.addAttribute("version", version);
        model.addAttribute("values", values);
        model.addAttribute("consents", boxes);
        model.addAttribute("errors", errors);
        model.addAttribute("confirmed", access.hasRecentPasskey(actor.get(), clock.instant()));
        return "edit-defender";
    }
}
