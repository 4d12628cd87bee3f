package org.evidencevault.communications.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.evidencevault.common.Checks;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.communications.Communication;
import org.evidencevault.communications.CommunicationCitation;
import org.evidencevault.communications.CommunicationDetails;
import org.evidencevault.communications.CommunicationType;
import org.evidencevault.communications.DocumentRef;
import org.evidencevault.communications.IncidentCitation;
import org.evidencevault.communications.Mandate;
import org.evidencevault.communications.ParallelLetter;
import org.evidencevault.communications.Redaction;
import org.evidencevault.communications.Reference;
import org.evidencevault.communications.Reply;
import org.evidencevault.communications.Signatory;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.IncidentId;

/** Request and response bodies of the communications API, and their explicit mapping to the domain. */
final class CommunicationJson {

    private CommunicationJson() {
    }

    // ---- shared parts ---------------------------------------------------------------------------------

    record MandateJson(String code, String hrcResolution) {
    }

    record SignatoryJson(String name, String title) {
    }

    record ParallelLetterJson(String addressee, String reference) {
    }

    record IncidentCitationJson(String incidentId, String note) {
    }

    record RedactionJson(Redaction.Kind kind, String defenderId, String note) {
    }

    record DocumentJson(String sha256, String reference) {
    }

    // ---- requests -------------------------------------------------------------------------------------

    record CommunicationCitationJson(String reference, String note) {
    }

    record ReplyRequest(LocalDate receivedOn, String from, String summary, DocumentJson document) {
    }

    /** A letter as a rapporteur records it (also the element of an import batch). */
    record CommunicationRequest(String reference, String addresseeName, LocalDate sentOn, Integer replyWindowDays,
                                List<MandateJson> mandates, List<SignatoryJson> signatories, String summary,
                                List<String> citedDocuments, List<ParallelLetterJson> parallelLetters,
                                List<IncidentCitationJson> citedIncidents,
                                List<CommunicationCitationJson> citedCommunications,
                                List<String> publiclyNamedDefenderIds, List<RedactionJson> redactions,
                                DocumentJson letterDocument, List<ReplyRequest> replies) {
    }

    record ImportRequest(List<CommunicationRequest> communications) {
    }

    // ---- responses ------------------------------------------------------------------------------------

    record ReplyResponse(LocalDate receivedOn, String from, String summary, DocumentJson document, long lagDays,
                         boolean late) {
    }

    record CitedCommunicationResponse(String reference, String id, String note) {
    }

    record CommunicationResponse(String id, long version, String reference, CommunicationType type, String addressee,
                                 int number, int year, String addresseeName, LocalDate sentOn, int replyWindowDays,
                                 LocalDate replyDueOn, LocalDate publicationDate, boolean awaitingReply, boolean overdue,
                                 List<MandateJson> mandates, List<SignatoryJson> signatories, String summary,
                                 List<String> citedDocuments, List<ParallelLetterJson> parallelLetters,
                                 List<IncidentCitationJson> citedIncidents,
                                 List<CitedCommunicationResponse> citedCommunications,
                                 List<String> publiclyNamedDefenderIds, List<RedactionJson> redactions,
                                 DocumentJson letterDocument, List<ReplyResponse> replies,
                                 Instant createdAt, Instant updatedAt) {
    }

    /** One letter in an addressee's timeline: when it was sent, when (and how late) it was answered. */
    record TimelineItem(String id, String reference, String addresseeName, LocalDate sentOn, LocalDate replyDueOn,
                        LocalDate replyReceivedOn, Long lagDays, Boolean late, boolean awaitingReply, boolean overdue,
                        List<ReplyResponse> replies) {
    }

    /** One letter still waiting for a reply. */
    record AwaitingReplyItem(String id, String reference, String addressee, String addresseeName, LocalDate sentOn,
                             LocalDate replyDueOn, boolean overdue, long daysOverdue, List<MandateJson> mandates) {
    }

    /** One letter citing an incident, and where it does. */
    record CitingLetterItem(String id, String reference, String addressee, String addresseeName, LocalDate sentOn,
                            String summary, String note) {
    }

    record ImportResponse(int imported, List<ImportedItem> items) {
    }

    record ImportedItem(String id, String reference, long version) {
    }

    // ---- to the domain --------------------------------------------------------------------------------

    static CommunicationDetails toDomain(CommunicationRequest r) {
        if (r == null) {
            throw new InvalidInputException("", "required", "is required");
        }
        Checks checks = new Checks();
        Reference reference = r.reference() == null ? null
                : checks.nested("", () -> Reference.parse(r.reference(), "reference"));
        List<Mandate> mandates = list(checks, "mandates", r.mandates(), m -> new Mandate(m.code(), m.hrcResolution()));
        List<Signatory> signatories = list(checks, "signatories", r.signatories(), s -> new Signatory(s.name(), s.title()));
        List<ParallelLetter> parallel = list(checks, "parallelLetters", r.parallelLetters(), CommunicationJson::parallel);
        List<IncidentCitation> incidents = list(checks, "citedIncidents", r.citedIncidents(),
                c -> new IncidentCitation(IncidentId.ofNullable(c.incidentId()), c.note()));
        List<CommunicationCitation> letters = list(checks, "citedCommunications", r.citedCommunications(),
                c -> new CommunicationCitation(Reference.parseKey(c.reference(), "reference"), c.note()));
        List<Redaction> redactions = list(checks, "redactions", r.redactions(),
                x -> new Redaction(x.kind(), DefenderId.ofNullable(x.defenderId()), x.note()));
        DocumentRef letter = r.letterDocument() == null ? null : checks.nested("letterDocument", () -> document(r.letterDocument()));
        List<Reply> replies = list(checks, "replies", r.replies(), CommunicationJson::reply);
        List<DefenderId> named = r.publiclyNamedDefenderIds() == null ? null
                : r.publiclyNamedDefenderIds().stream().map(DefenderId::ofNullable).toList();
        return checks.build(() -> new CommunicationDetails(reference, r.addresseeName(), r.sentOn(), r.replyWindowDays(), mandates,
                signatories, r.summary(), r.citedDocuments(), parallel, incidents, letters, named, redactions, letter, replies));
    }

    static Reply reply(ReplyRequest r) {
        Checks checks = new Checks();
        DocumentRef doc = r.document() == null ? null : checks.nested("document", () -> document(r.document()));
        checks.throwIfAny();
        return new Reply(r.receivedOn(), r.from(), r.summary(), doc);
    }

    /** Maps every record of a batch, reporting each record's violations under {@code communications[i]}. */
    static List<CommunicationDetails> toDomain(ImportRequest r) {
        if (r == null || r.communications() == null || r.communications().isEmpty()) {
            throw new InvalidInputException("communications", "required", "is required");
        }
        Checks checks = new Checks();
        List<CommunicationDetails> out = new ArrayList<>();
        for (int i = 0; i < r.communications().size(); i++) {
            CommunicationRequest one = r.communications().get(i);
            out.add(checks.nested("communications[" + i + "]", () -> toDomain(one)));
        }
        checks.throwIfAny();
        return out;
    }

    private static ParallelLetter parallel(ParallelLetterJson p) {
        Checks checks = new Checks();
        Reference ref = p.reference() == null ? null : checks.nested("", () -> Reference.parse(p.reference(), "reference"));
        checks.throwIfAny();
        return new ParallelLetter(p.addressee(), ref);
    }

    private static DocumentRef document(DocumentJson d) {
        return new DocumentRef(d.sha256(), d.reference());
    }

    /** Maps each element, collecting its violations under {@code field[i]}; null elements stay null (the domain reports them). */
    private static <J, D> List<D> list(Checks checks, String field, List<J> items, Function<J, D> map) {
        if (items == null) {
            return null;
        }
        List<D> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            J item = items.get(i);
            out.add(item == null ? null : checks.nested(field + "[" + i + "]", () -> map.apply(item)));
        }
        return out;
    }

    // ---- from the domain ------------------------------------------------------------------------------

    static CommunicationResponse of(Communication c, LocalDate today) {
        CommunicationDetails d = c.details();
        return new CommunicationResponse(c.id(), c.version(), d.reference().printed(), d.reference().type(),
                d.key().addressee(), d.key().number(), d.key().year(), d.addresseeName(), d.sentOn(), d.replyWindowDays(),
                d.replyDueOn(), d.publicationDate(), d.awaitingReply(), d.overdueOn(today),
                mandates(d), d.signatories().stream().map(s -> new SignatoryJson(s.name(), s.title())).toList(),
                d.summary(), d.citedDocuments(),
                d.parallelLetters().stream().map(p -> new ParallelLetterJson(p.addressee(),
                        p.reference() == null ? null : p.reference().printed())).toList(),
                d.citedIncidents().stream().map(CommunicationJson::of).toList(),
                d.citedCommunications().stream().map(x -> new CitedCommunicationResponse(x.key().toString(), x.key().id(),
                        x.note())).toList(),
                d.publiclyNamedDefenderIds().stream().map(DefenderId::value).toList(),
                d.redactions().stream().map(x -> new RedactionJson(x.kind(),
                        x.defenderId() == null ? null : x.defenderId().value(), x.note())).toList(),
                of(d.letterDocument()), replies(d), c.createdAt(), c.updatedAt());
    }

    static TimelineItem timeline(Communication c, LocalDate today) {
        CommunicationDetails d = c.details();
        Reply first = d.firstReply().orElse(null);
        return new TimelineItem(c.id(), d.reference().printed(), d.addresseeName(), d.sentOn(), d.replyDueOn(),
                first == null ? null : first.receivedOn(), first == null ? null : d.lagDays(first),
                first == null ? null : d.isLate(first), d.awaitingReply(), d.overdueOn(today), replies(d));
    }

    static AwaitingReplyItem awaiting(Communication c, LocalDate today) {
        CommunicationDetails d = c.details();
        long overdueBy = d.overdueOn(today) ? ChronoUnit.DAYS.between(d.replyDueOn(), today) : 0;
        return new AwaitingReplyItem(c.id(), d.reference().printed(), d.key().addressee(), d.addresseeName(), d.sentOn(),
                d.replyDueOn(), d.overdueOn(today), overdueBy, mandates(d));
    }

    static CitingLetterItem citing(Communication c, IncidentId incidentId) {
        CommunicationDetails d = c.details();
        String note = d.citedIncidents().stream().filter(x -> x.incidentId().equals(incidentId))
                .map(IncidentCitation::note).filter(n -> n != null).findFirst().orElse(null);
        return new CitingLetterItem(c.id(), d.reference().printed(), d.key().addressee(), d.addresseeName(), d.sentOn(),
                d.summary(), note);
    }

    static IncidentCitationJson of(IncidentCitation x) {
        return new IncidentCitationJson(x.incidentId().value(), x.note());
    }

    private static List<MandateJson> mandates(CommunicationDetails d) {
        return d.mandates().stream().map(m -> new MandateJson(m.code(), m.hrcResolution())).toList();
    }

    private static List<ReplyResponse> replies(CommunicationDetails d) {
        return d.repliesInOrder().stream().map(r -> new ReplyResponse(r.receivedOn(), r.from(), r.summary(),
                of(r.document()), d.lagDays(r), d.isLate(r))).toList();
    }

    private static DocumentJson of(DocumentRef r) {
        return r == null ? null : new DocumentJson(r.sha256(), r.reference());
    }
}
