package org.evidencevault.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.common.Actor;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.PartialDate;
import org.evidencevault.communications.Communication;
import org.evidencevault.communications.CommunicationCitation;
import org.evidencevault.communications.CommunicationQueries;
import org.evidencevault.communications.IncidentCitation;
import org.evidencevault.communications.Reply;
import org.evidencevault.incidents.IncidentService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A UN communication for a rapporteur (or an officer whose case it cites): its reference, addressee, dates and
 * replies, the incidents it cites that the reader may see, the letters it cites, and the timeline of its addressee
 * (every letter to them the reader may see, with deadlines and replies) as SVG and as a table.
 */
@Controller
class LetterPage {

    private final CurrentActor actor;
    private final CommunicationQueries letters;
    private final IncidentService incidents;

    private final java.time.Clock clock;
    private final org.evidencevault.communications.CommunicationService communications;
    private final org.evidencevault.access.AccessPolicy access;

    LetterPage(CurrentActor actor, CommunicationQueries letters, IncidentService incidents, java.time.Clock clock,
               org.evidencevault.communications.CommunicationService communications, org.evidencevault.access.AccessPolicy access) {
        this.communications = communications;
        this.access = access;
        this.clock = clock;
        this.actor = actor;
        this.letters = letters;
        this.incidents = incidents;
    }

    /** An incident the letter cites, with its title (the reader reaches it: the letter shows no other). */
    record Cited(String id, String title, String note) {
    }

    /** A letter the letter cites, by reference, linked when the reader may open it. */
    record CitedLetter(String id, String reference, String note) {
    }

    @GetMapping("/letters/{id}")
    String letter(@PathVariable String id, Model model, Locale locale) {
        return show(id, model, locale, java.util.Map.of("receivedOn", "", "from", "", "summary", ""), java.util.Map.of());
    }

    /** Records a reply to the letter (a rapporteur of its mandates), at the version shown; each broken rule next to its field. */
    @org.springframework.web.bind.annotation.PostMapping("/letters/{id}/replies")
    Object reply(@PathVariable String id, @org.springframework.web.bind.annotation.RequestParam long version,
                 @org.springframework.web.bind.annotation.RequestParam(required = false) String receivedOn,
                 @org.springframework.web.bind.annotation.RequestParam(required = false) String from,
                 @org.springframework.web.bind.annotation.RequestParam(required = false) String summary, Model model, Locale locale) {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("receivedOn", receivedOn);
        values.put("from", from);
        values.put("summary", summary);
        org.evidencevault.common.Checks checks = new org.evidencevault.common.Checks();
        java.time.LocalDate day = null;
        if (receivedOn != null && !receivedOn.isBlank()) {
            try {
                day = java.time.LocalDate.parse(receivedOn.strip());
            } catch (java.time.format.DateTimeParseException e) {
                checks.require(false, "receivedOn", "date-format", "must be a day, YYYY-MM-DD");
            }
        }
        try {
            java.time.LocalDate received = day;
            Reply reply = checks.build(() -> new Reply(received, blankToNull(from), blankToNull(summary), null));
            communications.addReply(actor.get(), id, version, reply);
        } catch (org.evidencevault.common.InvalidInputException e) {
            java.util.Map<String, org.evidencevault.common.RuleViolation> errors = new java.util.LinkedHashMap<>();
            for (String f : java.util.List.of("receivedOn", "from", "summary")) {
                e.violations().stream().filter(v -> v.field().equals(f)).findFirst().ifPresent(v -> errors.put(f, v));
            }
            if (errors.isEmpty() && !e.violations().isEmpty()) {
                errors.put("receivedOn", e.violations().get(0));
            }
            return show(id, model, locale, values, errors);
        }
        return LanguageSwitch.redirect("/letters/" + org.evidencevault.communications.CommunicationKey.fromId(id)
                .map(org.evidencevault.communications.CommunicationKey::id).orElse("") + "?replied");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private String show(String id, Model model, Locale locale, java.util.Map<String, Object> values,
                        java.util.Map<String, org.evidencevault.common.RuleViolation> errors) {
        Actor who = actor.get();
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        Communication letter = letters.get(who, id);
        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        model.addAttribute("letter", letter);
        model.addAttribute("row", Pages.LetterRow.of(letter, locale, today));
        List<Cited> cited = new ArrayList<>();
        for (IncidentCitation c : letter.details().citedIncidents()) {
            try {
                cited.add(new Cited(c.incidentId().value(), incidents.get(who, c.incidentId()).details().title(), c.note()));
            } catch (NotFoundException e) {
                // shown only to those who reach it
            }
        }
        model.addAttribute("cited", cited);
        model.addAttribute("citedLetters", letter.details().citedCommunications().stream()
                .map((CommunicationCitation c) -> new CitedLetter(c.key().id(), c.key().toString(), c.note())).toList());
        model.addAttribute("replies", letter.details().repliesInOrder().stream()
                .map(r -> new Pages.Dated(Timeline.when(PartialDate.day(r.receivedOn()), locale), r.from())).toList());
        List<Communication> thread = letters.timeline(who, null, letter.details().addresseeName(), 0, 100).items();
        model.addAttribute("thread", thread.stream().map(c -> Pages.LetterRow.of(c, locale, today)).toList());
        model.addAttribute("timeline", Timeline.of(events(thread), locale));
        model.addAttribute("timelineKinds", List.of(Timeline.Kind.LETTER, Timeline.Kind.DEADLINE, Timeline.Kind.REPLY));
        model.addAttribute("mayReply", access.allows(who, org.evidencevault.access.Permission.COMMUNICATION_WRITE)
                && access.mayRecordLetter(who, letter.details().mandates().stream().map(org.evidencevault.communications.Mandate::code).toList()));
        return "letter";
    }

    private static List<Timeline.Event> events(List<Communication> thread) {
        List<Timeline.Event> events = new ArrayList<>();
        for (Communication c : thread) {
            String ref = c.details().reference().printed();
            events.add(new Timeline.Event(Timeline.Kind.LETTER, PartialDate.day(c.details().sentOn()), ref));
            events.add(new Timeline.Event(Timeline.Kind.DEADLINE, PartialDate.day(c.details().replyDueOn()), ref));
            for (Reply r : c.details().repliesInOrder()) {
                events.add(new Timeline.Event(Timeline.Kind.REPLY, PartialDate.day(r.receivedOn()), ref));
            }
        }
        return events;
    }

}
