package org.evidencevault.ui;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.access.Permission;
import org.evidencevault.approvals.ApprovalService;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.PartialDate;
import org.evidencevault.common.Role;
import org.evidencevault.communications.Communication;
import org.evidencevault.communications.CommunicationQueries;
import org.evidencevault.communications.Reply;
import org.evidencevault.evidence.EvidenceItem;
import org.evidencevault.evidence.EvidenceService;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.ForensicConfirmation;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.InfectionEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages after the login: a home page with a part for each of the user's roles (an officer's cases, a
 * rapporteur's letters awaiting a reply, an auditor's integrity, an administrator's accounts and approvals) and a case
 * page. Every read goes through the same services, access policy and audited reads as the API; a case the user may
 * not reach is the same 404 page as an unknown one.
 */
@Controller
class Pages {

    static final int CASES_PER_PAGE = 20;
    /** The vault's own health indicators an auditor reads at a glance (each has a name in the messages). */
    static final java.util.Set<String> INTEGRITY = java.util.Set.of("AuditVerification", "IntegritySweep", "IntegrityAlarms",
            "KeyRingHealthIndicator", "StoreHealthIndicator", "StoreTimeHealthIndicator");

    private final CurrentActor actor;
    private final AccessPolicy access;
    private final IncidentService incidents;
    private final DefenderService defenders;
    private final EvidenceService evidence;
    private final CommunicationQueries letters;
    private final ApprovalService approvals;
    private final ObjectProvider<HealthIndicator> health;
    private final org.evidencevault.security.AccountService accounts;
    private final java.time.Clock clock;
    private final org.evidencevault.audit.AuditQueries audit;
    private final org.evidencevault.anchoring.Anchoring anchoring;

    Pages(CurrentActor actor, AccessPolicy access, IncidentService incidents, DefenderService defenders, EvidenceService evidence,
          CommunicationQueries letters, ApprovalService approvals, ObjectProvider<HealthIndicator> health,
          org.evidencevault.security.AccountService accounts, java.time.Clock clock, org.evidencevault.audit.AuditQueries audit,
          org.evidencevault.anchoring.Anchoring anchoring) {
        this.anchoring = anchoring;
        this.audit = audit;
        this.accounts = accounts;
        this.clock = clock;
        this.actor = actor;
        this.access = access;
        this.incidents = incidents;
        this.defenders = defenders;
        this.evidence = evidence;
        this.letters = letters;
        this.approvals = approvals;
        this.health = health;
    }

    @GetMapping("/")
    String home(Model model, Locale locale) {
        Actor who = actor.get();
        model.addAttribute("roles", who.roles().stream().map(Role::name).sorted().toList());
        if (access.allows(who, Permission.INCIDENT_READ)) {
            model.addAttribute("cases", incidents.list(who, null, 0, CASES_PER_PAGE).items().stream()
                    .map(i -> CaseRow.of(i, locale)).toList());
        }
        model.addAttribute("mayRegister", access.allows(who, Permission.INCIDENT_WRITE) && access.allows(who, Permission.DEFENDER_WRITE));
        if (who.roles().contains(Role.RAPPORTEUR)) {
            model.addAttribute("awaiting", letters.awaitingReply(who, null, null, null, null, 0, CASES_PER_PAGE).items().stream()
                    .map(c -> LetterRow.of(c, locale, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).toList());
        }
        if (who.roles().contains(Role.AUDITOR) || who.roles().contains(Role.ADMIN)) {
            List<IntegrityRow> integrity = new ArrayList<>();
            health.orderedStream().forEach(h -> {
                String name = h.getClass().getSimpleName().replaceAll("\\$.*", "");
                var r = INTEGRITY.contains(name) ? h.health() : null;
                if (r != null) {
                    integrity.add(IntegrityRow.of(name, r));
                }
            });
            model.addAttribute("integrity", integrity);
            model.addAttribute("mayCheck", access.allows(who, Permission.AUDIT_READ));
            if (access.allows(who, Permission.AUDIT_READ)) {
                audit.latestStoredCheckpoint(who).ifPresent(c -> model.addAttribute("checkpoint", CheckpointRow.of(c, locale)));
            }
            model.addAttribute("anchors", anchoring.status().stream().map(a -> AnchorRow.of(a, locale)).toList());
        }
        if (access.allows(who, Permission.COMMUNICATION_WRITE)) {
            model.addAttribute("mayRecordLetter", true);
        }
        if (who.roles().contains(Role.PROTECTION_OFFICER)) {
            model.addAttribute("approvals", approvals.awaitingDecision(who, 0, CASES_PER_PAGE).items().stream()
                    .map(a -> ApprovalRow.of(a, locale)).toList());
            model.addAttribute("confirmed", access.hasRecentPasskey(who, clock.instant()));
        }
        if (access.allows(who, Permission.ACCOUNTS_ADMIN)) {
            List<org.evidencevault.security.Account> all = accounts.list(who).stream().sorted(java.util.Comparator.comparing(
                    org.evidencevault.security.Account::username)).toList();
            model.addAttribute("accounts", all);
            java.util.SortedSet<String> teams = new java.util.TreeSet<>();
            all.forEach(a -> teams.addAll(a.teams()));
            var pending = approvals.pendingByTeam(who, teams);
            model.addAttribute("teams", teams.stream().map(t -> new TeamRow(t,
                    all.stream().filter(a -> a.teams().contains(t) && a.roles().contains(Role.PROTECTION_OFFICER) && !a.disabled()).count(),
                    pending.getOrDefault(t, 0L))).toList());
        }
        return "home";
    }

    /**
     * A search by a defender's name, in a POST body only (a name never goes into a URL or a log line: a query string on
     * a page's POST is refused, {@link UiConfiguration}).
     */
    @PostMapping("/cases/search")
    String search(jakarta.servlet.http.HttpServletRequest request, Model model, Locale locale) {
        String defenderName = FormBody.field(request, "defenderName");
        Actor who = actor.get();
        try {
            model.addAttribute("results", incidents.search(who, defenderName == null || defenderName.isBlank() ? null : defenderName.strip(),
                    0, CASES_PER_PAGE).items().stream().map(i -> CaseRow.of(i, locale)).toList());
        } catch (InvalidInputException e) {
            model.addAttribute("searchError", "search.required");
        }
        return home(model, locale);
    }

    /**
     * A second officer's decision on a pending request (an erasure, a disposal), at the version shown. Granting needs a
     * passkey confirmation within the step-up window, as in the API; refusing does not.
     */
    @PostMapping("/approvals/{id}/decision")
    String decide(@PathVariable String id, @RequestParam long version, @RequestParam String decision) {
        if (!"grant".equals(decision) && !"refuse".equals(decision)) {
            throw new InvalidInputException("decision", "one-of", "must be grant or refuse");
        }
        approvals.decide(actor.get(), new org.evidencevault.approvals.ApprovalId(id), version, "grant".equals(decision));
        return "redirect:/";
    }

    @GetMapping("/cases/{id}")
    String incident(@PathVariable String id, Model model, Locale locale) {
        Actor who = actor.get();
        Incident incident = incidents.get(who, new IncidentId(id));
        model.addAttribute("incident", incident);
        model.addAttribute("confirmations", incident.details().forensicConfirmations().stream()
                .map(c -> ConfirmationRow.of(c, locale)).toList());
        java.time.Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // the erasures this officer asked for and a second officer granted: ready to be done
        java.util.Map<String, org.evidencevault.approvals.Approval> granted = new java.util.HashMap<>();
        List<PackageRow> packages = new ArrayList<>(); // evidence packages of this case granted to this officer, ready
        if (access.allows(who, Permission.DEFENDER_ERASE) || access.allows(who, Permission.EVIDENCE_WRITE)) {
            for (org.evidencevault.approvals.Approval a : approvals.mine(who, 0, 100).items()) {
                if (a.statusAt(now) != org.evidencevault.approvals.Approval.Status.GRANTED) {
                    continue;
                }
                if (a.act() == org.evidencevault.approvals.ApprovableAct.DEFENDER_ERASE) {
                    granted.put(a.subject().id(), a);
                } else if (a.act() == org.evidencevault.approvals.ApprovableAct.PACKAGE_EXPORT && a.subject().id().equals(id)
                        && a.subject().version() == incident.version()) {
                    packages.add(new PackageRow(a.id().value(), a.subject().type().substring("package/".length())));
                }
            }
        }
        model.addAttribute("packages", packages);
        List<DefenderRow> rows = new ArrayList<>();
        for (DefenderId d : incident.details().defenderIds()) {
            try {
                org.evidencevault.incidents.Defender defender = defenders.get(who, d);
                rows.add(DefenderRow.of(defender, today, locale, access.allows(who, Permission.DEFENDER_ERASE)
                        && access.mayChange(who, incident.team()), granted.get(d.value()),
                        access.allows(who, Permission.DEFENDER_WRITE) && access.mayChange(who, defender.team())));
            } catch (NotFoundException e) {
                rows.add(DefenderRow.hidden()); // a defender this reader may not see (consent): said so, without a name
            } catch (org.evidencevault.common.GoneException e) {
                rows.add(DefenderRow.gone()); // erased: the incident keeps the id, nothing else is left
            }
        }
        model.addAttribute("defenders", rows);
        model.addAttribute("mayEdit", access.allows(who, Permission.INCIDENT_WRITE) && incidents.mayChange(who, incident.id()));
        model.addAttribute("confirmed", access.hasRecentPasskey(who, now));
        if (access.allows(who, Permission.EVIDENCE_READ)) {
            model.addAttribute("evidence", evidence.ofIncident(who, incident.id()).stream().map(EvidenceRow::of).toList());
        }
        if (access.allows(who, Permission.EVIDENCE_WRITE) && incidents.mayChange(who, incident.id())) {
            model.addAttribute("mayUpload", true);
            model.addAttribute("kinds", org.evidencevault.evidence.EvidenceKind.values());
            model.addAttribute("firstSegment", org.evidencevault.crypto.StreamingAead.FIRST_PLAINTEXT);
            model.addAttribute("segment", org.evidencevault.crypto.StreamingAead.PLAINTEXT);
        }
        List<Communication> citing = access.allows(who, Permission.COMMUNICATION_READ)
                ? letters.citingIncident(who, incident.id(), 0, 50).items() : List.of();
        model.addAttribute("letters", citing.stream().map(c -> LetterRow.of(c, locale, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).toList());
        model.addAttribute("timeline", Timeline.of(events(incident, citing), locale));
        model.addAttribute("timelineKinds", Timeline.Kind.values());
        return "incident";
    }


    private static List<Timeline.Event> events(Incident incident, List<Communication> citing) {
        List<Timeline.Event> events = new ArrayList<>();
        for (InfectionEvent e : incident.details().infectionEvents()) {
            events.add(new Timeline.Event(Timeline.Kind.INFECTION, e.date(), null));
        }
        for (ForensicConfirmation c : incident.details().forensicConfirmations()) {
            events.add(new Timeline.Event(Timeline.Kind.TRIGGER, c.triggerDate(), c.trigger().name()));
            events.add(new Timeline.Event(Timeline.Kind.CONFIRMATION, c.confirmedOn(), null));
            events.add(new Timeline.Event(Timeline.Kind.PUBLICATION, c.publishedOn(), null));
        }
        for (Communication c : citing) {
            String ref = c.details().reference().printed();
            events.add(new Timeline.Event(Timeline.Kind.LETTER, PartialDate.day(c.details().sentOn()), ref));
            events.add(new Timeline.Event(Timeline.Kind.DEADLINE, PartialDate.day(c.details().replyDueOn()), ref));
            for (Reply r : c.details().repliesInOrder()) {
                events.add(new Timeline.Event(Timeline.Kind.REPLY, PartialDate.day(r.receivedOn()), ref));
            }
        }
        return events;
    }

    /**
     * The newest checkpoint as an auditor reads it: its size, when it was signed (the note's {@code time} line, in the
     * reader's language) and the first bytes of its root, to compare with what they verify offline.
     */
    record CheckpointRow(long size, String signedAt, String root) {
        static CheckpointRow of(org.evidencevault.audit.AuditQueries.CheckpointView c, Locale locale) {
            String signed = c.note().lines().filter(l -> l.startsWith("time ")).findFirst().map(l -> {
                try {
                    return dateTime(java.time.Instant.parse(l.substring(5).strip()), locale);
                } catch (java.time.format.DateTimeParseException e) {
                    return null;
                }
            }).orElse(null);
            return new CheckpointRow(c.size(), signed, c.root().length() > 16 ? c.root().substring(0, 16) + "…" : c.root());
        }
    }

    /** An evidence package a second officer approved: the approval and the variant ({@code original} or {@code public}). */
    record PackageRow(String approval, String variant) {
    }

    /** A witness or a TSA as the auditor sees it: what it proves last (the size it cosigned or stamped, when) or its problem. */
    record AnchorRow(String kind, String name, long size, String at, String problem, boolean inconsistent) {
        static AnchorRow of(org.evidencevault.anchoring.Anchoring.Status s, Locale locale) {
            return new AnchorRow(s.kind(), s.name(), s.size(), s.at() == null ? null : dateTime(s.at(), locale), s.problem(),
                    s.inconsistent());
        }
    }

    /** A case team for an administrator: its active officers (four-eyes needs two) and the requests awaiting a decision. */
    record TeamRow(String name, long officers, long pendingApprovals) {
    }

    /** A row of a case list. */
    record CaseRow(String id, String title, String status, String spyware, String firstInfection, String updated) {
        static CaseRow of(Incident i, Locale locale) {
            String first = i.details().infectionEvents().stream().map(InfectionEvent::date).min(java.util.Comparator.comparing(PartialDate::earliest))
                    .map(d -> Timeline.when(d, locale)).orElse(null);
            return new CaseRow(i.id().value(), i.details().title(), i.details().status().name(), i.details().spyware().name(), first,
                    Timeline.when(PartialDate.day(LocalDate.ofInstant(i.updatedAt(), ZoneOffset.UTC)), locale));
        }
    }

    /** What a health check says, in facts each with a message of its own ({@code integrityFact.*}) and its values. */
    record IntegrityRow(String name, String status, List<Fact> facts) {
        /** The details an auditor reads at a glance, in words; others (byte counts, offsets) stay in /actuator/health. */
        static final List<String> SHOWN = List.of("verifiedThrough", "firstBadSeq", "alarms", "subject", "seq", "reason",
                "lastFullPass", "entriesChecked", "recordsCheckedThisPass", "activeKek", "kekVersions", "demo", "kind", "error",
                "hostOffsetMillis");

        static IntegrityRow of(String name, org.springframework.boot.health.contributor.Health h) {
            List<Fact> facts = new ArrayList<>();
            Map<String, Object> d = h.getDetails();
            for (String key : SHOWN) {
                Object v = d.get(key);
                if (v == null) {
                    continue;
                }
                if (key.equals("verifiedThrough") && v instanceof Number n && n.longValue() < 0
                        || key.equals("lastFullPass") && "none yet".equals(v)) {
                    facts.add(new Fact(key + ".none", List.of()));
                } else if (key.equals("entriesChecked")) {
                    facts.add(new Fact(key, List.of(v, d.getOrDefault("entries", "?"))));
                } else if (key.equals("demo")) {
                    if (Boolean.TRUE.equals(v)) {
                        facts.add(new Fact(key, List.of()));
                    }
                } else {
                    facts.add(new Fact(key, List.of(v)));
                }
            }
            if (name.equals("AuditVerification") && "UNKNOWN".equals(h.getStatus().getCode())) {
                facts.add(new Fact("verifiedThrough.none", List.of()));
            }
            return new IntegrityRow(name, h.getStatus().getCode(), facts);
        }
    }

    /** One fact: its message key (under {@code integrityFact.}) and the values it names. */
    record Fact(String key, List<Object> args) {
    }

    /**
     * A defender as the case page shows them: name, the consents in force today, and what the reader may do about an
     * erasure (ask for it; do it once a second officer granted it). Null name: hidden from this reader; erased: gone.
     */
    record DefenderRow(String id, long version, String name, boolean erased, List<String> consents, boolean mayAskErasure,
                       String grantedApproval, boolean mayEdit) {
        static DefenderRow of(org.evidencevault.incidents.Defender d, LocalDate today, Locale locale, boolean mayErase,
                              org.evidencevault.approvals.Approval granted, boolean mayEdit) {
            List<String> consents = d.profile().consents().stream().filter(c -> c.activeOn(today))
                    .map(c -> c.purpose().name()).distinct().sorted().toList();
            boolean grantedForThisVersion = granted != null && granted.subject().version() == d.version();
            return new DefenderRow(d.id().value(), d.version(), d.profile().fullName(), false, consents,
                    mayErase && !grantedForThisVersion, mayErase && grantedForThisVersion ? granted.id().value() : null, mayEdit);
        }

        static DefenderRow hidden() {
            return new DefenderRow(null, 0, null, false, List.of(), false, null, false);
        }

        static DefenderRow gone() {
            return new DefenderRow(null, 0, null, true, List.of(), false, null, false);
        }
    }

    /** Asks a second officer of the team to approve erasing this defender at the version shown (then decided on their home). */
    @PostMapping("/defenders/{id}/erasure-request")
    org.springframework.web.servlet.view.RedirectView askErasure(@PathVariable String id, @RequestParam long version,
                                                                 @RequestParam String reason, @RequestParam String back) {
        defenders.requestErasure(actor.get(), new DefenderId(id), version, reason);
        return LanguageSwitch.redirect(LanguageSwitch.localPath(back) + "?asked");
    }

    /** Erases the defender under the granted approval (a passkey confirmation needed, as in the API). */
    @PostMapping("/defenders/{id}/erasure")
    org.springframework.web.servlet.view.RedirectView erase(@PathVariable String id, @RequestParam long version,
                                                            @RequestParam String approval, @RequestParam String back) {
        defenders.erase(actor.get(), new DefenderId(id), version, new org.evidencevault.approvals.ApprovalId(approval));
        return LanguageSwitch.redirect(LanguageSwitch.localPath(back) + "?erased");
    }

    /** A request awaiting the reader's decision. */
    record ApprovalRow(String id, long version, String act, String subjectType, String requestedBy, String reason, String expires) {
        static ApprovalRow of(org.evidencevault.approvals.Approval a, Locale locale) {
            return new ApprovalRow(a.id().value(), a.version(), a.act().name(), a.subject().type(), a.requestedBy(), a.reason(),
                    dateTime(a.expiresAt(), locale));
        }
    }

    /** A date as written for the reader, and what happened then. */
    record Dated(String when, String what) {
    }

    record ConfirmationRow(String trigger, String triggerDate, String method, String confirmedOn, String publishedOn, String confidence,
                           String reportUrl, int evidence) {
        static ConfirmationRow of(ForensicConfirmation c, Locale locale) {
            return new ConfirmationRow(c.trigger().name(), when(c.triggerDate(), locale), c.method() == null ? null : c.method().name(),
                    when(c.confirmedOn(), locale), when(c.publishedOn(), locale), c.confidence() == null ? null : c.confidence().name(),
                    c.reportUrl(), c.restsOn().size());
        }
    }

    record EvidenceRow(String id, String kind, String fileName, long size, String status, String sha256, boolean copy) {
        static EvidenceRow of(EvidenceItem e) {
            return new EvidenceRow(e.id().value(), e.details().kind().name(), e.details().fileName(), e.details().size(), e.status().name(),
                    e.sha256(), e.derivedFrom() != null);
        }
    }

    record LetterRow(String id, String reference, String addressee, String sentOn, String dueOn, boolean overdue, int replies) {
        static LetterRow of(Communication c, Locale locale, LocalDate today) {
            LocalDate due = c.details().replyDueOn();
            return new LetterRow(c.id(), c.details().reference().printed(), c.details().addresseeName(),
                    Timeline.when(PartialDate.day(c.details().sentOn()), locale), Timeline.when(PartialDate.day(due), locale),
                    c.details().awaitingReply() && due.isBefore(today), c.details().replies().size());
        }
    }

    /** A moment in UTC as the reader's language writes it (British English for English: 1 Dec 2026, 22:04:31). */
    static String dateTime(java.time.Instant t, Locale locale) {
        return java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM)
                .withLocale("en".equals(locale.getLanguage()) ? Locale.UK : locale).withZone(ZoneOffset.UTC).format(t);
    }

    private static String when(PartialDate d, Locale locale) {
        return d == null ? null : Timeline.when(d, locale);
    }
}
