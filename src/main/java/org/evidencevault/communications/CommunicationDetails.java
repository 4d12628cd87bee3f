package org.evidencevault.communications;

import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.IncidentId;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.evidencevault.common.Checks;

/**
 * Everything a rapporteur records about a letter, with the rules that hold within it:
 * <ul>
 * <li>the reference follows the grammar ({@link Reference}); OTH needs an addressee name (rule 2);</li>
 * <li>the sent date's year is the reference year (rule 3);</li>
 * <li>no reply is dated before its letter (rule 4); a late reply is kept and flagged, not refused;</li>
 * <li>a letter does not cite itself; citations, mandates and cited documents do not repeat;</li>
 * <li>a defender named in the public version is not also redacted from it.</li>
 * </ul>
 * Rules that need the store (duplicates, unknown or later cited letters, unknown incidents, public-naming
 * consent) are checked by {@link CommunicationService}.
 *
 * <p>Derived, never stored as input: the reply deadline ({@code sentOn + replyWindowDays}, 60 days unless
 * the letter says otherwise), the publication date (the deadline: after it the letter and any reply are
 * published), each reply's lag in days and its late flag.
 */
public record CommunicationDetails(
        Reference reference,
        String addresseeName,
        LocalDate sentOn,
        Integer replyWindowDays,
        List<Mandate> mandates,
        List<Signatory> signatories,
        String summary,
        List<String> citedDocuments,
        List<ParallelLetter> parallelLetters,
        List<IncidentCitation> citedIncidents,
        List<CommunicationCitation> citedCommunications,
        List<DefenderId> publiclyNamedDefenderIds,
        List<Redaction> redactions,
        DocumentRef letterDocument,
        List<Reply> replies) {

    public static final int DEFAULT_REPLY_WINDOW_DAYS = 60;
    public static final int MAX_REPLY_WINDOW_DAYS = 365;
    static final int MAX_ITEMS = 200;

    public CommunicationDetails {
        // copies that keep null elements, so they are reported as violations instead of failing
        mandates = copyOf(mandates);
        signatories = copyOf(signatories);
        citedDocuments = copyOf(citedDocuments);
        parallelLetters = copyOf(parallelLetters);
        citedIncidents = copyOf(citedIncidents);
        citedCommunications = copyOf(citedCommunications);
        publiclyNamedDefenderIds = copyOf(publiclyNamedDefenderIds);
        redactions = copyOf(redactions);
        replies = copyOf(replies);
        if (replyWindowDays == null) {
            replyWindowDays = DEFAULT_REPLY_WINDOW_DAYS;
        }
        Checks checks = new Checks()
                .requirePresent(reference, "reference")
                .requirePresent(sentOn, "sentOn")
                .maxLength(addresseeName, 300, "addresseeName")
                .identifying(addresseeName, "addresseeName")
                .maxLength(summary, 20_000, "summary")
                .require(replyWindowDays >= 1 && replyWindowDays <= MAX_REPLY_WINDOW_DAYS, "replyWindowDays", "range",
                        "must be between 1 and " + MAX_REPLY_WINDOW_DAYS + " days");
        if (reference != null) {
            checks.require(!Reference.OTHER.equals(reference.key().addressee()) || !isBlank(addresseeName),
                    "addresseeName", "oth-needs-name", "is required when the addressee is OTH (a non-State actor, e.g. NSO Group)");
            checks.require(sentOn == null || sentOn.getYear() == reference.key().year(), "sentOn", "reference-year",
                    "must be in the year of the reference");
        }
        maxItems(checks, "mandates", mandates);
        maxItems(checks, "signatories", signatories);
        maxItems(checks, "citedDocuments", citedDocuments);
        maxItems(checks, "parallelLetters", parallelLetters);
        maxItems(checks, "citedIncidents", citedIncidents);
        maxItems(checks, "citedCommunications", citedCommunications);
        maxItems(checks, "publiclyNamedDefenderIds", publiclyNamedDefenderIds);
        maxItems(checks, "redactions", redactions);
        maxItems(checks, "replies", replies);

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < mandates.size(); i++) {
            Mandate m = mandates.get(i);
            checks.require(m != null, "mandates[" + i + "]", "required", "is required");
            checks.require(m == null || seen.add(m.code()), "mandates[" + i + "].code", "unique", "must not repeat a mandate");
        }
        for (int i = 0; i < signatories.size(); i++) {
            checks.require(signatories.get(i) != null, "signatories[" + i + "]", "required", "is required");
        }
        seen.clear();
        for (int i = 0; i < citedDocuments.size(); i++) {
            String s = citedDocuments.get(i);
            checks.require(s != null, "citedDocuments[" + i + "]", "required", "is required");
            checks.require(s == null || DocumentSymbol.isValid(s), "citedDocuments[" + i + "]", "un-document-symbol",
                    "must be a UN document symbol such as A/HRC/53/24/Add.2");
            checks.require(s == null || seen.add(s), "citedDocuments[" + i + "]", "unique", "must not repeat a document");
        }
        seen.clear();
        for (int i = 0; i < parallelLetters.size(); i++) {
            ParallelLetter p = parallelLetters.get(i);
            checks.require(p != null, "parallelLetters[" + i + "]", "required", "is required");
            checks.require(p == null || seen.add(p.addressee()), "parallelLetters[" + i + "].addressee", "unique",
                    "must not repeat a State");
        }
        seen.clear();
        for (int i = 0; i < citedIncidents.size(); i++) {
            IncidentCitation c = citedIncidents.get(i);
            checks.require(c != null, "citedIncidents[" + i + "]", "required", "is required");
            checks.require(c == null || seen.add(c.incidentId().value()), "citedIncidents[" + i + "].incidentId", "unique",
                    "must not cite an incident twice");
        }
        seen.clear();
        for (int i = 0; i < citedCommunications.size(); i++) {
            CommunicationCitation c = citedCommunications.get(i);
            checks.require(c != null, "citedCommunications[" + i + "]", "required", "is required");
            if (c == null) {
                continue;
            }
            checks.require(reference == null || !c.key().equals(reference.key()), "citedCommunications[" + i + "].reference",
                    "cites-earlier-only", "a letter cannot cite itself");
            checks.require(seen.add(c.key().id()), "citedCommunications[" + i + "].reference", "unique",
                    "must not cite a letter twice");
        }
        seen.clear();
        for (int i = 0; i < publiclyNamedDefenderIds.size(); i++) {
            DefenderId d = publiclyNamedDefenderIds.get(i);
            checks.require(d != null && !d.value().isBlank(), "publiclyNamedDefenderIds[" + i + "]", "required", "is required");
            checks.require(d == null || d.value().length() <= 100, "publiclyNamedDefenderIds[" + i + "]", "max-length",
                    "must be at most 100 characters");
            checks.require(d == null || seen.add(d.value()), "publiclyNamedDefenderIds[" + i + "]", "unique", "must not repeat a defender");
        }
        for (int i = 0; i < redactions.size(); i++) {
            Redaction r = redactions.get(i);
            checks.require(r != null, "redactions[" + i + "]", "required", "is required");
            checks.require(r == null || r.kind() != Redaction.Kind.NAME || r.defenderId() == null
                            || !publiclyNamedDefenderIds.contains(r.defenderId()),
                    "redactions[" + i + "].defenderId", "named-and-redacted",
                    "this defender is named in the public version (publiclyNamedDefenderIds); a name cannot be both");
        }
        for (int i = 0; i < replies.size(); i++) {
            Reply r = replies.get(i);
            checks.require(r != null, "replies[" + i + "]", "required", "is required");
            checks.require(r == null || sentOn == null || !r.receivedOn().isBefore(sentOn), "replies[" + i + "].receivedOn",
                    "reply-after-letter", "must not be before the letter was sent");
        }
        checks.throwIfAny();
    }

    /** The identity: (addressee, number, year). */
    public CommunicationKey key() {
        return reference.key();
    }

    /** The day a reply is due: {@code replyWindowDays} (60 by default) after the letter was sent. */
    public LocalDate replyDueOn() {
        return sentOn.plusDays(replyWindowDays);
    }

    /** The day the letter and any reply are published: the reply deadline. */
    public LocalDate publicationDate() {
        return replyDueOn();
    }

    /** Replies by the day they were received. */
    public List<Reply> repliesInOrder() {
        return replies.stream().sorted(Comparator.comparing(Reply::receivedOn)).toList();
    }

    public Optional<Reply> firstReply() {
        return replies.stream().min(Comparator.comparing(Reply::receivedOn));
    }

    /** A reply received after the deadline: recorded and flagged, never refused. */
    public boolean isLate(Reply reply) {
        return reply.receivedOn().isAfter(replyDueOn());
    }

    /** Days from sending to the reply. */
    public long lagDays(Reply reply) {
        return ChronoUnit.DAYS.between(sentOn, reply.receivedOn());
    }

    public boolean awaitingReply() {
        return replies.isEmpty();
    }

    /** No reply and the deadline has passed on {@code today}. */
    public boolean overdueOn(LocalDate today) {
        return awaitingReply() && today.isAfter(replyDueOn());
    }

    /** The same letter with one more reply (the rules are checked again). */
    public CommunicationDetails withReply(Reply reply) {
        List<Reply> more = new ArrayList<>(replies);
        more.add(Objects.requireNonNull(reply, "reply"));
        return new CommunicationDetails(reference, addresseeName, sentOn, replyWindowDays, mandates, signatories, summary,
                citedDocuments, parallelLetters, citedIncidents, citedCommunications, publiclyNamedDefenderIds, redactions,
                letterDocument, more);
    }

    /** The same letter citing only the incidents {@code keep} accepts (what a reader who may not reach the others is shown). */
    public CommunicationDetails citingOnly(java.util.function.Predicate<IncidentId> keep) {
        return new CommunicationDetails(reference, addresseeName, sentOn, replyWindowDays, mandates, signatories, summary,
                citedDocuments, parallelLetters, citedIncidents.stream().filter(i -> keep.test(i.incidentId())).toList(),
                citedCommunications, publiclyNamedDefenderIds, redactions, letterDocument, replies);
    }

    private static void maxItems(Checks checks, String field, List<?> list) {
        checks.require(list.size() <= MAX_ITEMS, field, "max-items", "at most " + MAX_ITEMS);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> List<T> copyOf(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
